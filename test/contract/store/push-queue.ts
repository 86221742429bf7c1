import { describe, expect, it } from 'vitest';
import { SESSION_TYPE, type PendingPush } from '../../../src/store/index.js';
import { nextUid } from '../../helpers/store-fixtures.js';
import type { StoreHandle } from './handle.js';

export function pushQueueContract(h: StoreHandle): void {
  describe('push queue', () => {
    const entry = (over: Partial<PendingPush> & Pick<PendingPush, 'uid' | 'peer' | 'mid'>): PendingPush => {
      const at = h.clock.now();
      return { type: SESSION_TYPE.chat, seq: 0, sender: over.peer, msgType: 1, content: 'hi', firstAt: at, lastAt: at, dueAt: at + 1_000, isMentioned: false, ...over };
    };
    /** The queue is shared by the whole contract: only these users' rows count. */
    const dueOf = async (uids: number[], now: number) => (await h.store.pushQueue.due(now, 10_000)).filter((e) => uids.includes(e.uid));

    it('keeps one row per receiver and conversation: the newest message, the first one’s times; hands out what is due, oldest first', async () => {
      const q = h.store.pushQueue;
      const [bob, carol, alice, gid] = [nextUid(), nextUid(), nextUid(), nextUid()];
      const t = h.clock.now();
      await q.queue([entry({ uid: bob, peer: alice, mid: 101, content: 'first', dueAt: t + 1_000 })]);
      await q.queue([
        entry({ uid: bob, peer: alice, mid: 102, content: 'second', firstAt: t + 500, lastAt: t + 500, dueAt: t + 1_500 }),
        entry({ uid: bob, peer: alice, mid: 103, content: 'third ✓', firstAt: t + 600, lastAt: t + 600, dueAt: t + 1_600 }),
        entry({ uid: carol, type: SESSION_TYPE.group, peer: gid, mid: 201, seq: 7, sender: alice, dueAt: t + 900 }),
      ]);
      expect(await dueOf([bob, carol], t + 800)).toEqual([]);
      const due = await dueOf([bob, carol], t + 1_000);
      expect(due.map((e) => [e.uid, e.mid])).toEqual([
        [carol, 201],
        [bob, 103],
      ]);
      expect(due[1]).toEqual({ uid: bob, type: SESSION_TYPE.chat, peer: alice, mid: 103, seq: 0, sender: alice, msgType: 1, content: 'third ✓', firstAt: t, lastAt: t + 600, dueAt: t + 1_000, isMentioned: false });
      expect(due[0]).toMatchObject({ type: SESSION_TYPE.group, peer: gid, seq: 7, sender: alice });
      const { depth, oldestAt } = await q.backlog();
      expect(depth).toBeGreaterThanOrEqual(2);
      expect(oldestAt).toBeLessThanOrEqual(t);
    });

    it('deletes rows a receipt confirms (chat: that mid; group: up to its seq), defers and removes only while a row holds the same message', async () => {
      const q = h.store.pushQueue;
      const [bob, carol, dave, alice, gid] = [nextUid(), nextUid(), nextUid(), nextUid(), nextUid()];
      const t = h.clock.now();
      await q.queue([
        entry({ uid: bob, peer: alice, mid: 301 }),
        entry({ uid: carol, peer: alice, mid: 302 }),
        entry({ uid: dave, type: SESSION_TYPE.group, peer: gid, mid: 303, seq: 10 }),
        entry({ uid: carol, type: SESSION_TYPE.group, peer: gid, mid: 304, seq: 10 }),
      ]);
      // Bob confirmed another mid (his row stays); carol hers; dave an older group seq (stays), carol the seq.
      await q.cancel(
        [
          { uid: bob, mid: 999 },
          { uid: carol, mid: 302 },
        ],
        [
          { uid: dave, gid, seq: 9 },
          { uid: carol, gid, seq: 10 },
        ],
      );
      const left = await dueOf([bob, carol, dave], t + 1_000);
      expect(left.map((e) => e.uid).sort()).toEqual([bob, dave].sort());
      const bobRow = left.find((e) => e.uid === bob)!;
      const daveRow = left.find((e) => e.uid === dave)!;
      await q.defer(bobRow, t + 5_000);
      expect((await dueOf([bob], t + 1_000)).map((e) => e.mid)).toEqual([]);
      expect((await dueOf([bob], t + 5_000)).map((e) => e.dueAt)).toEqual([t + 5_000]);
      // A newer message replaced dave's row: removing the one handed out leaves the newer.
      await q.queue([entry({ uid: dave, type: SESSION_TYPE.group, peer: gid, mid: 305, seq: 11 })]);
      await q.remove([daveRow, { ...bobRow, dueAt: t + 5_000 }]);
      expect((await dueOf([bob, dave], t + 5_000)).map((e) => [e.uid, e.mid, e.seq, e.dueAt])).toEqual([[dave, 305, 11, t + 1_000]]);
    });
  });
}
