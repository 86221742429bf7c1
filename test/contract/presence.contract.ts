import { afterEach, describe, expect, it } from 'vitest';
import type { Presence } from '../../src/presence/index.js';
import { waitForAsync } from '../helpers/wait-for.js';

/** One isolated presence space (a MemoryPresence, or a fresh bucket on NATS). */
export interface PresenceSpace {
  /** The view of one node: MemoryPresence hands out the shared instance, NatsPresence a new one on its own connection. */
  open(): Promise<Presence>;
  /** Closes every view and drops the space. */
  dispose(): Promise<void>;
}

export type PresenceSpaceFactory = () => Promise<PresenceSpace>;

/** Until `presence` (another node's view) answers `expected` for nodesOf(uid). */
async function eventually(presence: Presence, uid: number, expected: readonly number[]): Promise<void> {
  await waitForAsync(async () => JSON.stringify(await presence.nodesOf(uid)) === JSON.stringify(expected), 5_000, `nodesOf(${uid}) = [${expected.join(',')}]`);
}

/** The one contract every Presence engine passes. */
export function runPresenceContract(name: string, makeSpace: PresenceSpaceFactory): void {
  describe(`Presence contract on ${name}`, () => {
    let space: PresenceSpace | undefined;
    const open = async (): Promise<Presence> => (space ??= await makeSpace()).open();

    afterEach(async () => {
      await space?.dispose();
      space = undefined;
    });

    it('answers an add at once on the same view, and on another view soon after', async () => {
      const a = await open();
      const b = await open();
      await a.add(7, 1, 1, 100);
      expect(await a.nodesOf(7)).toEqual([1]);
      await eventually(b, 7, [1]);
      expect(await b.devicesOf(7)).toEqual([{ device: 1, node: 1, connId: 100 }]);
    });

    it('answers [] for a user with no connection', async () => {
      const a = await open();
      expect(await a.nodesOf(404)).toEqual([]);
      expect(await a.devicesOf(404)).toEqual([]);
    });

    it('lists each node once, ascending, and every connection ordered by device, node, connId', async () => {
      const a = await open();
      await a.add(8, 2, 3, 5);
      await a.add(8, 1, 3, 6);
      await a.add(8, 1, 1, 9);
      await a.add(8, 2, 3, 4);
      expect(await a.nodesOf(8)).toEqual([1, 3]);
      expect(await a.devicesOf(8)).toEqual([
        { device: 1, node: 1, connId: 9 },
        { device: 1, node: 3, connId: 6 },
        { device: 2, node: 3, connId: 4 },
        { device: 2, node: 3, connId: 5 },
      ]);
    });

    it('keeps users apart whose ids share digits', async () => {
      const a = await open();
      await a.add(1, 1, 1, 1);
      await a.add(11, 1, 2, 1);
      await a.add(111, 1, 3, 1);
      expect(await a.nodesOf(1)).toEqual([1]);
      expect(await a.nodesOf(11)).toEqual([2]);
      expect(await a.nodesOf(111)).toEqual([3]);
    });

    it('treats a repeated add and the remove of an absent entry as no-ops', async () => {
      const a = await open();
      await a.add(9, 1, 1, 1);
      await a.add(9, 1, 1, 1);
      expect(await a.devicesOf(9)).toHaveLength(1);
      await a.remove(9, 1, 1, 2);
      await a.remove(10, 1, 1, 1);
      expect(await a.devicesOf(9)).toHaveLength(1);
    });

    it('removes one connection, leaving the user\'s others; other views follow', async () => {
      const a = await open();
      const b = await open();
      await a.add(12, 1, 1, 1);
      await a.add(12, 2, 2, 1);
      await eventually(b, 12, [1, 2]);
      await a.remove(12, 1, 1, 1);
      expect(await a.nodesOf(12)).toEqual([2]);
      await eventually(b, 12, [2]);
      await a.remove(12, 2, 2, 1);
      expect(await a.nodesOf(12)).toEqual([]);
      await eventually(b, 12, []);
    });

    it('lets any view remove an entry another view added', async () => {
      const a = await open();
      const b = await open();
      await a.add(13, 1, 1, 1);
      await eventually(b, 13, [1]);
      await b.remove(13, 1, 1, 1);
      await eventually(a, 13, []);
    });

    it('drops every entry of a removed node and nothing else', async () => {
      const a = await open();
      const b = await open();
      await a.add(20, 1, 1, 1);
      await a.add(20, 2, 2, 1);
      await a.add(21, 1, 1, 2);
      await a.add(22, 1, 2, 2);
      await eventually(b, 22, [2]);
      await eventually(b, 20, [1, 2]);
      await b.removeNode(1);
      expect(await b.nodesOf(20)).toEqual([2]);
      expect(await b.nodesOf(21)).toEqual([]);
      await eventually(a, 20, [2]);
      await eventually(a, 21, []);
      expect(await a.nodesOf(22)).toEqual([2]);
      await b.removeNode(1);
    });

    it('groups the online ones among many users by node', async () => {
      const a = await open();
      await a.add(30, 1, 1, 1);
      await a.add(31, 1, 2, 1);
      await a.add(31, 2, 1, 2);
      await a.add(32, 1, 2, 3);
      const grouped = await a.groupByNode([30, 31, 32, 33, 30]);
      expect(Object.fromEntries([...grouped].map(([node, uids]) => [node, [...uids].sort((x, y) => x - y)]))).toEqual({ 1: [30, 31], 2: [31, 32] });
    });

    it('gives a view opened later everything already there, at once', async () => {
      const a = await open();
      await a.add(40, 1, 1, 1);
      await a.add(40, 2, 3, 1);
      const late = await open();
      expect(await late.nodesOf(40)).toEqual([1, 3]);
    });
  });
}
