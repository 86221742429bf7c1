import { describe, expect, it } from 'vitest';
import type { ChatBatch, ChatPlacement, NewChatMessage } from '../../../src/store/index.js';
import { GROUP_ROLE, SESSION_TYPE } from '../../../src/store/index.js';
import { chatMessage, groupMessage, nextUid } from '../../helpers/store-fixtures.js';
import type { StoreHandle } from './handle.js';

/** Places each message at seq 1.. of both inboxes (one message per user here). */
const placeOnce: ChatBatch['place'] = (m): ChatPlacement => ({
  inbox: [{ uid: m.receiver, seq: 1 }, { uid: m.sender, seq: 1 }],
  sessions: [{ owner: m.receiver, type: SESSION_TYPE.chat, peer: m.sender, mid: m.mid, unread: 1, at: m.createdAt }],
});

/** Links (010_replies_reads): replies, forwards and mentions stored with their message; group read positions. */
export function repliesReadsContract(h: StoreHandle): void {
  describe('message links and group reads', () => {
    async function groupWith(members: number[]) {
      const owner = nextUid();
      const { group } = await h.store.groups.create({ name: 'links', ownerUid: owner });
      await h.store.groups.addMembers(group.gid, members, { role: GROUP_ROLE.member });
      return { gid: group.gid, owner };
    }

    it('keeps a 1:1 message links through every write path and read path; a message without any reads as before', async () => {
      const [a, b] = [nextUid(), nextUid()];
      const links = { replyTo: 77, forward: { mid: 55, from: 9 } };
      const appended = chatMessage(a, b, { links, seqs: [1, 1] });
      await h.store.messages.appendBatch([appended]);
      expect((await h.store.messages.get(appended.mid))?.links).toEqual(links);
      const [c, d] = [nextUid(), nextUid()];
      const { inbox: _inbox, ...committed }: NewChatMessage = chatMessage(c, d, { links: { replyTo: 12 } });
      await h.store.messages.commitChatBatch({ messages: [committed], place: placeOnce });
      expect((await h.store.messages.get(committed.mid))?.links).toEqual({ replyTo: 12 });
      expect((await h.store.messages.history(c, d, 10))[0]?.links).toEqual({ replyTo: 12 });
      expect((await h.store.messages.inboxAfter(d, 0, 10)).entries[0]?.message.links).toEqual({ replyTo: 12 });
      const plain = chatMessage(a, b, { seqs: [2, 2] });
      await h.store.messages.appendBatch([plain]);
      expect(await h.store.messages.get(plain.mid)).not.toHaveProperty('links');
    });

    it('keeps a group post links and records whom it mentions, the sender never', async () => {
      const [m1, m2] = [nextUid(), nextUid()];
      const { gid, owner } = await groupWith([m1, m2]);
      const post = groupMessage(gid, 1, owner, { links: { mentions: [m1, owner], replyTo: 3 } });
      await h.store.groupMessages.appendBatch([post]);
      expect((await h.store.groupMessages.get(gid, 1))?.links).toEqual({ mentions: [m1, owner], replyTo: 3 });
      expect((await h.store.groupReads.unreadMentions(m1)).get(gid)).toBe(1);
      expect((await h.store.groupReads.unreadMentions(m2)).has(gid)).toBe(false);
      expect((await h.store.groupReads.unreadMentions(owner)).has(gid)).toBe(false);
    });

    it('says "mentioned" until the member reads past the newest mention; @all mentions everyone but the sender', async () => {
      const [m1, m2] = [nextUid(), nextUid()];
      const { gid, owner } = await groupWith([m1, m2]);
      await h.store.groupMessages.appendBatch([groupMessage(gid, 1, owner, { links: { mentionAll: true } }), groupMessage(gid, 2, m1), groupMessage(gid, 3, m2, { links: { mentions: [m1] } })]);
      expect((await h.store.groupReads.unreadMentions(m1)).get(gid)).toBe(3);
      expect((await h.store.groupReads.unreadMentions(m2)).get(gid)).toBe(1);
      expect((await h.store.groupReads.unreadMentions(owner)).has(gid)).toBe(false);
      await h.store.groupReads.advanceReads([{ gid, uid: m1, seq: 2 }, { gid, uid: m2, seq: 1 }]);
      expect((await h.store.groupReads.unreadMentions(m1)).get(gid)).toBe(3);
      expect((await h.store.groupReads.unreadMentions(m2)).has(gid)).toBe(false);
      await h.store.groupReads.advanceReads([{ gid, uid: m1, seq: 3 }]);
      expect((await h.store.groupReads.unreadMentions(m1)).has(gid)).toBe(false);
    });

    it('moves read positions forward only, in one call for many members, and skips non-members', async () => {
      const [m1, m2, stranger] = [nextUid(), nextUid(), nextUid()];
      const { gid, owner } = await groupWith([m1, m2]);
      await h.store.groupMessages.appendBatch([groupMessage(gid, 1, owner), groupMessage(gid, 2, owner), groupMessage(gid, 3, owner)]);
      await h.store.groupReads.advanceReads([{ gid, uid: m1, seq: 3 }, { gid, uid: m2, seq: 2 }, { gid, uid: stranger, seq: 3 }]);
      await h.store.groupReads.advanceReads([{ gid, uid: m1, seq: 1 }]);
      await h.store.groupReads.advanceReads([]);
      const positions = await h.store.groupReads.readPositions(gid);
      expect(positions).toEqual(
        [
          { uid: owner, readSeq: 0, joinedSeq: 0 },
          { uid: m1, readSeq: 3, joinedSeq: 0 },
          { uid: m2, readSeq: 2, joinedSeq: 0 },
        ].sort((x, y) => x.uid - y.uid),
      );
    });
  });
}
