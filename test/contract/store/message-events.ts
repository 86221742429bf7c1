import { describe, expect, it } from 'vitest';
import { conversationKey, EVENT_CONTENT_TYPE } from '../../../src/store/index.js';
import { chatMessage, groupMessage, nextMid, nextUid } from '../../helpers/store-fixtures.js';
import type { StoreHandle } from './handle.js';

export function messageEventContract(h: StoreHandle): void {
  describe('message events (edits, reactions, pins)', () => {
    it('shows the newest edit on every read, keeps the original for the sender, and ignores an older edit applied late', async () => {
      const [a, b] = [nextUid(), nextUid()];
      const m = chatMessage(a, b, { content: 'first text', seqs: [1, 1] });
      await h.store.messages.appendBatch([m]);
      const [e1, e2] = [nextMid(), nextMid()];
      expect(await h.store.messageEvents.applyEdit({ table: 'chat', mid: m.mid, eventMid: e2, content: 'third text', at: 3000 })).toBe(true);
      // A retry and an older event arriving late change nothing that is shown.
      expect(await h.store.messageEvents.applyEdit({ table: 'chat', mid: m.mid, eventMid: e1, content: 'second text', at: 2000 })).toBe(true);
      expect(await h.store.messageEvents.applyEdit({ table: 'chat', mid: m.mid, eventMid: e2, content: 'third text', at: 3000 })).toBe(true);
      const stored = await h.store.messages.get(m.mid);
      expect(stored).toMatchObject({ content: 'third text', editedAt: 3000 });
      expect((await h.store.messages.inboxAfter(b, 0, 10)).entries[0]?.message).toMatchObject({ content: 'third text', editedAt: 3000 });
      expect((await h.store.messages.history(a, b, 10))[0]).toMatchObject({ content: 'third text', editedAt: 3000 });
      expect((await h.store.messageEvents.revisions(m.mid)).map((r) => r.content)).toEqual(['first text', 'second text', 'third text']);
    });

    it('refuses to edit a recalled or unknown message', async () => {
      const [a, b] = [nextUid(), nextUid()];
      const m = chatMessage(a, b);
      await h.store.messages.appendBatch([m]);
      await h.store.messages.setRecalled(m.mid, a);
      expect(await h.store.messageEvents.applyEdit({ table: 'chat', mid: m.mid, eventMid: nextMid(), content: 'x', at: 1 })).toBe(false);
      expect(await h.store.messageEvents.applyEdit({ table: 'chat', mid: nextMid(), eventMid: nextMid(), content: 'x', at: 1 })).toBe(false);
      expect((await h.store.messages.get(m.mid))?.editedAt).toBeUndefined();
    });

    it('edits group messages, and keeps event rows out of 1:1 history', async () => {
      const owner = nextUid();
      const { group } = await h.store.groups.create({ name: 'edits', ownerUid: owner });
      const g = groupMessage(group.gid, 1, owner, { content: 'group text' });
      await h.store.groupMessages.appendBatch([g]);
      expect(await h.store.messageEvents.applyEdit({ table: 'group', mid: g.mid, eventMid: nextMid(), content: 'group edited', at: 5 })).toBe(true);
      expect(await h.store.groupMessages.get(group.gid, 1)).toMatchObject({ content: 'group edited', editedAt: 5 });
      const [a, b] = [nextUid(), nextUid()];
      const text = chatMessage(a, b);
      const event = chatMessage(a, b, { type: EVENT_CONTENT_TYPE.reaction, content: '{}' });
      await h.store.messages.appendBatch([text, event]);
      expect((await h.store.messages.history(a, b, 10)).map((m) => m.mid)).toEqual([text.mid]);
    });

    it('counts reactions per key, newest event per (mid, uid, key) winning', async () => {
      const mid = nextMid();
      const [u1, u2] = [nextUid(), nextUid()];
      const [e1, e2, e3, e4] = [nextMid(), nextMid(), nextMid(), nextMid()];
      await h.store.messageEvents.applyReaction({ mid, uid: u1, key: '👍', isOn: true, eventMid: e1, at: 1 });
      await h.store.messageEvents.applyReaction({ mid, uid: u2, key: '👍', isOn: true, eventMid: e2, at: 2 });
      await h.store.messageEvents.applyReaction({ mid, uid: u2, key: 'heart', isOn: true, eventMid: e3, at: 3 });
      await h.store.messageEvents.applyReaction({ mid, uid: u2, key: 'heart', isOn: false, eventMid: e4, at: 4 });
      // The add of e3 again (a retry) does not bring back what e4 removed.
      await h.store.messageEvents.applyReaction({ mid, uid: u2, key: 'heart', isOn: true, eventMid: e3, at: 3 });
      const counts = await h.store.messageEvents.reactionCounts([mid, nextMid()]);
      expect([...counts]).toEqual([[mid, { '👍': 2 }]]);
      expect(await h.store.messageEvents.reactionsOf(mid, u2)).toEqual(['👍']);
      expect(await h.store.messageEvents.reactionCounts([])).toEqual(new Map());
    });

    it('lists the pins of a conversation, newest first, unpinned ones gone', async () => {
      const conversation = conversationKey({ a: nextUid(), b: nextUid() });
      const [m1, m2, m3] = [nextMid(), nextMid(), nextMid()];
      const by = nextUid();
      await h.store.messageEvents.applyPin({ conversation, mid: m1, by, isOn: true, eventMid: nextMid(), at: 1 });
      await h.store.messageEvents.applyPin({ conversation, mid: m2, by, isOn: true, eventMid: nextMid(), at: 2 });
      await h.store.messageEvents.applyPin({ conversation, mid: m3, by, isOn: true, eventMid: nextMid(), at: 3 });
      await h.store.messageEvents.applyPin({ conversation, mid: m2, by, isOn: false, eventMid: nextMid(), at: 4 });
      expect(await h.store.messageEvents.pins(conversation)).toEqual([
        { mid: m3, by, at: 3 },
        { mid: m1, by, at: 1 },
      ]);
      expect(await h.store.messageEvents.pins(conversationKey({ gid: 1 }))).toEqual([]);
    });
  });
}
