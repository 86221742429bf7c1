import { describe, expect, it } from 'vitest';
import { MESSAGE_STATUS } from '../../../src/store/index.js';
import { groupMessage, nextMid, nextUid } from '../../helpers/store-fixtures.js';
import type { StoreHandle } from './handle.js';

export function groupMessageContract(h: StoreHandle): void {
  describe('group messages', () => {
    async function newGroup() {
      const owner = nextUid();
      const { group } = await h.store.groups.create({ name: 'chat', ownerUid: owner });
      return { gid: group.gid, owner };
    }

    it('stores a batch, raises the group lastSeq and reads messages back', async () => {
      const { gid, owner } = await newGroup();
      const ms = [groupMessage(gid, 1, owner), groupMessage(gid, 2, owner, { content: 'ünï 🎈' }), groupMessage(gid, 3, 0, { cliMid: null, type: 100 })];
      expect(await h.store.groupMessages.appendBatch(ms)).toEqual(ms.map((m) => ({ mid: m.mid, seq: m.seq, isDuplicate: false })));
      expect(await h.store.groupMessages.lastSeq(gid)).toBe(3);
      expect((await h.store.groups.get(gid))?.lastSeq).toBe(3);
      expect(await h.store.groupMessages.get(gid, 2)).toEqual({ ...ms[1], status: MESSAGE_STATUS.normal, recallBy: 0 });
      expect((await h.store.groupMessages.getByMid(ms[2]!.mid))?.cliMid).toBeNull();
      expect((await h.store.groupMessages.getByCliMid(gid, owner, ms[0]!.cliMid!))?.seq).toBe(1);
      expect(await h.store.groupMessages.get(gid, 99)).toBeUndefined();
      expect(await h.store.groupMessages.getByMid(nextMid())).toBeUndefined();
      expect(await h.store.groupMessages.lastSeq(2 ** 31 - 6)).toBe(0);
    });

    it('finds stored messages by (gid, sender, cliMid) in one call', async () => {
      const { gid, owner } = await newGroup();
      const m = groupMessage(gid, 1, owner, { cliMid: 'find-me' });
      await h.store.groupMessages.appendBatch([m, groupMessage(gid, 2, owner, { cliMid: 'other' })]);
      const found = await h.store.groupMessages.findSent([
        { gid, sender: owner, cliMid: 'find-me' },
        { gid, sender: owner + 1, cliMid: 'other' },
        { gid: gid + 1, sender: owner, cliMid: 'find-me' },
      ]);
      expect(found.map((f) => [f.mid, f.seq])).toEqual([[m.mid, 1]]);
      expect(await h.store.groupMessages.findSent([])).toEqual([]);
    });

    it('deduplicates on (gid, sender, cliMid) within a batch and across batches, never on a null cliMid', async () => {
      const { gid, owner } = await newGroup();
      const first = groupMessage(gid, 1, owner, { cliMid: 'k' });
      const copy = groupMessage(gid, 2, owner, { cliMid: 'k' });
      const n1 = groupMessage(gid, 3, 0, { cliMid: null });
      const n2 = groupMessage(gid, 4, 0, { cliMid: null });
      expect(await h.store.groupMessages.appendBatch([first, copy, n1, n2])).toEqual([
        { mid: first.mid, seq: 1, isDuplicate: false },
        { mid: first.mid, seq: 1, isDuplicate: true },
        { mid: n1.mid, seq: 3, isDuplicate: false },
        { mid: n2.mid, seq: 4, isDuplicate: false },
      ]);
      const retry = groupMessage(gid, 5, owner, { cliMid: 'k' });
      expect(await h.store.groupMessages.appendBatch([retry])).toEqual([{ mid: first.mid, seq: 1, isDuplicate: true }]);
      expect(await h.store.groupMessages.lastSeq(gid)).toBe(4);
      const { gid: otherGid } = await newGroup();
      const sameKeyElsewhere = groupMessage(otherGid, 1, owner, { cliMid: 'k' });
      expect((await h.store.groupMessages.appendBatch([sameKeyElsewhere]))[0]?.isDuplicate).toBe(false);
    });

    it('rejects a batch with a taken seq as STORE_CONFLICT and stores none of it', async () => {
      const { gid, owner } = await newGroup();
      await h.store.groupMessages.appendBatch([groupMessage(gid, 1, owner)]);
      const innocent = groupMessage(gid, 2, owner);
      await expect(h.store.groupMessages.appendBatch([innocent, groupMessage(gid, 1, owner)])).rejects.toMatchObject({ code: 'STORE_CONFLICT' });
      expect(await h.store.groupMessages.get(gid, 2)).toBeUndefined();
      expect((await h.store.groups.get(gid))?.lastSeq).toBe(1);
    });

    it('reads ranges ascending and history newest first', async () => {
      const { gid, owner } = await newGroup();
      await h.store.groupMessages.appendBatch(Array.from({ length: 6 }, (_, i) => groupMessage(gid, i + 1, owner)));
      const seqs = (list: Array<{ seq: number }>) => list.map((m) => m.seq);
      expect(seqs(await h.store.groupMessages.range(gid, 2, 4, 10))).toEqual([2, 3, 4]);
      expect(seqs(await h.store.groupMessages.range(gid, 2, 6, 2))).toEqual([2, 3]);
      expect(seqs(await h.store.groupMessages.history(gid, 3))).toEqual([6, 5, 4]);
      expect(seqs(await h.store.groupMessages.history(gid, 10, 3))).toEqual([2, 1]);
      expect(await h.store.groupMessages.range(gid, 7, 9, 10)).toEqual([]);
    });

    it('keeps lastSeq when a later batch carries lower seqs only through duplicates', async () => {
      const { gid, owner } = await newGroup();
      await h.store.groupMessages.appendBatch([groupMessage(gid, 1, owner, { cliMid: 'a' }), groupMessage(gid, 2, owner)]);
      await h.store.groupMessages.appendBatch([groupMessage(gid, 3, owner, { cliMid: 'a' })]);
      expect((await h.store.groups.get(gid))?.lastSeq).toBe(2);
    });

    it('marks a group message recalled and erases its content from every read', async () => {
      const { gid, owner } = await newGroup();
      await h.store.groupMessages.appendBatch([groupMessage(gid, 1, owner)]);
      expect(await h.store.groupMessages.setRecalled(gid, 1, owner)).toBe(true);
      expect(await h.store.groupMessages.setRecalled(gid, 1, owner)).toBe(true);
      const recalled = { seq: 1, status: MESSAGE_STATUS.recalled, recallBy: owner, content: '' };
      expect(await h.store.groupMessages.get(gid, 1)).toMatchObject(recalled);
      expect(await h.store.groupMessages.range(gid, 1, 1, 10)).toMatchObject([recalled]);
      expect(await h.store.groupMessages.history(gid, 10)).toMatchObject([recalled]);
      expect(await h.store.groupMessages.setRecalled(gid, 2, owner)).toBe(false);
    });
  });
}
