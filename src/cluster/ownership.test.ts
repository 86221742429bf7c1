import { afterEach, describe, expect, it } from 'vitest';
import { MemoryBus, MemoryHub, type Bus } from '../bus/index.js';
import { waitForAsync } from '../../test/helpers/wait-for.js';
import { silentLogger } from '../log/index.js';
import { MemoryPresence } from '../presence/index.js';
import { Ownership, type OwnershipChange } from './ownership.js';
import { startPresenceJanitor } from './presence-janitor.js';

const log = silentLogger();
const SLOW = { heartbeatIntervalMs: 1_000, leaseMs: 60_000 };
const FAST = { heartbeatIntervalMs: 40, leaseMs: 400 };
const keys = Array.from({ length: 2_000 }, (_, i) => i + 1);

async function settle(): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
}

describe('Ownership over a MemoryHub', () => {
  const buses: Bus[] = [];
  const hub = new MemoryHub();
  const start = async (nodeId: number, timing = SLOW): Promise<Bus> => {
    const bus = new MemoryBus({ hub, log }, { nodeId, ...timing });
    buses.push(bus);
    await bus.start();
    return bus;
  };
  afterEach(async () => {
    await Promise.all(buses.splice(0).map((bus) => bus.close()));
  });

  it('gives every key exactly one owner that all nodes agree on', async () => {
    const views = (await Promise.all([1, 2, 3].map((id) => start(id)))).map((bus) => new Ownership({ bus, log }));
    for (const key of keys) {
      const owner = views[0]!.ownerOf(key);
      expect(views.map((v) => v.ownerOf(key))).toEqual([owner, owner, owner]);
      expect(views.filter((v) => v.isMine(key))).toHaveLength(1);
    }
  });

  it('on a join, tells each node which of its keys it lost, all to the newcomer', async () => {
    const a = new Ownership({ bus: await start(1), log });
    await start(2);
    const changes: OwnershipChange[] = [];
    a.onChange((change) => changes.push(change));
    const minedBefore = keys.filter((k) => a.isMine(k));
    const c = new Ownership({ bus: await start(3), log });
    expect(changes).toHaveLength(1);
    const change = changes[0]!;
    expect(change).toMatchObject({ epoch: 2, event: { kind: 'join', node: 3, members: [1, 2, 3] } });
    const lost = minedBefore.filter((k) => change.isLost(k));
    expect(lost.length).toBeGreaterThan(0);
    expect(lost.every((k) => c.isMine(k) && !a.isMine(k))).toBe(true);
    expect(keys.some((k) => change.isGained(k))).toBe(false);
    expect(change.moved(keys).every((m) => m.to === 3)).toBe(true);
    expect(a.ring.sameNodesAs(c.ring)).toBe(true);
  });

  it('on a leave, hands the leaver\'s keys to the survivors, who are told what they gained', async () => {
    const a = new Ownership({ bus: await start(1), log });
    const b = new Ownership({ bus: await start(2), log });
    const leaving = await start(3);
    const ofLeaver = keys.filter((k) => a.ownerOf(k) === 3);
    const gained = new Map<number, number[]>();
    for (const view of [a, b]) view.onChange((change) => gained.set(view === a ? 1 : 2, keys.filter((k) => change.isGained(k))));
    await leaving.close();
    expect([...(gained.get(1) ?? []), ...(gained.get(2) ?? [])].sort((x, y) => x - y)).toEqual(ofLeaver);
    expect(ofLeaver.every((k) => a.ownerOf(k) !== 3 && a.ownerOf(k) === b.ownerOf(k))).toBe(true);
  });

  it('stops following the bus once closed', async () => {
    const a = new Ownership({ bus: await start(1), log });
    a.close();
    await start(2);
    expect(a.ring.nodes).toEqual([1]);
    expect(a.epoch).toBe(0);
  });

  it('has the lowest survivor delete a dead node\'s presence, and nothing else', async () => {
    const presence = new MemoryPresence();
    const nodes = await Promise.all([1, 2, 3].map((id) => start(id, FAST)));
    const stops = nodes.map((bus) => startPresenceJanitor({ bus, presence, log, graceMs: 50 }));
    await presence.add(100, 1, 3, 1);
    await presence.add(101, 1, 2, 1);
    await presence.add(101, 2, 3, 2);
    hub.kill(3);
    await waitForAsync(async () => (await presence.nodesOf(100)).length === 0, 5_000, 'dead node presence removed');
    expect(await presence.nodesOf(101)).toEqual([2]);
    for (const stop of stops) stop();
  });

  it('leaves the presence of a node that restarted under the same id alone', async () => {
    const presence = new MemoryPresence();
    const a = await start(1);
    startPresenceJanitor({ bus: a, presence, log, graceMs: 50 });
    await start(2);
    await presence.add(200, 1, 2, 7);
    hub.kill(2);
    await start(2); // the restart: a leave and a join in one go
    await settle();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await presence.nodesOf(200)).toEqual([2]);
    expect(a.members()).toEqual([1, 2]);
  });

  it('leaves the presence of a node that went silent past its lease and came back within the grace alone', async () => {
    const presence = new MemoryPresence();
    const a = await start(1, FAST);
    startPresenceJanitor({ bus: a, presence, log, graceMs: FAST.leaseMs });
    await start(2, FAST);
    await presence.add(300, 1, 2, 9);
    // A stall as long as a lease: node 1 drops node 2, then hears it again; its sockets never closed.
    hub.disconnect(2);
    await waitForAsync(async () => !a.members().includes(2), 5_000, 'node 2 dropped');
    hub.reconnect(2);
    await waitForAsync(async () => a.members().includes(2), 5_000, 'node 2 back');
    await new Promise((resolve) => setTimeout(resolve, FAST.leaseMs + 100));
    expect(await presence.nodesOf(300)).toEqual([2]);
  });
});
