import { describe, expect, it } from 'vitest';
import type { ChatBatch, ChatPlacement, NewChatMessage } from '../../../src/store/index.js';
import { SESSION_TYPE } from '../../../src/store/index.js';
import { chatMessage, nextUid } from '../../helpers/store-fixtures.js';
import type { StoreHandle } from './handle.js';

type Row = Omit<NewChatMessage, 'inbox'>;
const CHAT = SESSION_TYPE.chat;

function draft(sender: number, receiver: number, cliMid?: string): Row {
  const { inbox: _inbox, ...row } = chatMessage(sender, receiver, cliMid === undefined ? {} : { cliMid });
  return row;
}

/** Places each stored message at the next seq of both inboxes (a counter per uid), recording the calls. */
function placer(start = 0): { place: ChatBatch['place']; placed: number[] } {
  const last = new Map<number, number>();
  const placed: number[] = [];
  const next = (uid: number) => {
    const seq = (last.get(uid) ?? start) + 1;
    last.set(uid, seq);
    return seq;
  };
  return {
    placed,
    place: (m): ChatPlacement => {
      placed.push(m.mid);
      return {
        inbox: [{ uid: m.receiver, seq: next(m.receiver) }, { uid: m.sender, seq: next(m.sender) }],
        sessions: [
          { owner: m.sender, type: CHAT, peer: m.receiver, mid: m.mid, unread: 0, at: m.createdAt },
          { owner: m.receiver, type: CHAT, peer: m.sender, mid: m.mid, unread: 1, at: m.createdAt },
        ],
      };
    },
  };
}

export function chatBatchContract(h: StoreHandle): void {
  describe('chat batches (group commit)', () => {
    it('stores messages, their placements, session lines and cursors in one call', async () => {
      const [a, b] = [nextUid(), nextUid()];
      const [m1, m2] = [draft(a, b), draft(b, a)];
      const { place, placed } = placer();
      const results = await h.store.messages.commitChatBatch({ messages: [m1, m2], place, cursors: [{ uid: b, device: 1, seq: 1 }] });
      expect(results).toEqual([{ isDuplicate: false }, { isDuplicate: false }]);
      expect(placed).toEqual([m1.mid, m2.mid]);
      expect((await h.store.messages.inboxAfter(a, 0, 10)).entries.map((e) => [e.seq, e.message.mid])).toEqual([
        [1, m1.mid],
        [2, m2.mid],
      ]);
      expect(await h.store.sessions.get(b, CHAT, a)).toMatchObject({ lastMid: Math.max(m1.mid, m2.mid), unread: 1 });
      expect(await h.store.sessions.get(a, CHAT, b)).toMatchObject({ lastMid: Math.max(m1.mid, m2.mid), unread: 1 });
      expect(await h.store.messages.getDeviceCursor(b, 1)).toBe(1);
      expect(await h.store.messages.commitChatBatch({ messages: [], place })).toEqual([]);
    });

    it('places no duplicate: a key stored before or earlier in the batch answers with the stored message and its seqs', async () => {
      const [a, b] = [nextUid(), nextUid()];
      const first = draft(a, b, 'k1');
      await h.store.messages.commitChatBatch({ messages: [first], place: placer().place });
      const retry = draft(a, b, 'k1');
      const fresh = draft(a, b, 'k2');
      const inBatch = draft(a, b, 'k2');
      const { place, placed } = placer(1);
      const results = await h.store.messages.commitChatBatch({ messages: [retry, fresh, inBatch], place });
      expect(placed).toEqual([fresh.mid]);
      expect(results[1]).toEqual({ isDuplicate: false });
      expect(results[0]).toMatchObject({ isDuplicate: true, stored: { message: { mid: first.mid, cliMid: 'k1', content: first.content }, senderSeq: 1, receiverSeq: 1 } });
      expect(results[2]).toMatchObject({ isDuplicate: true, stored: { message: { mid: fresh.mid }, senderSeq: 2, receiverSeq: 2 } });
      expect(await h.store.messages.get(retry.mid)).toBeUndefined();
      expect((await h.store.messages.inboxAfter(b, 0, 10)).entries.map((e) => e.message.mid)).toEqual([first.mid, fresh.mid]);
      expect(await h.store.sessions.get(b, CHAT, a)).toMatchObject({ unread: 2 });
    });

    it('treats a retry that reuses the stored mid (a G1 client naming its message by mid) as a duplicate', async () => {
      const [a, b] = [nextUid(), nextUid()];
      const first = draft(a, b, 'mid-key');
      await h.store.messages.commitChatBatch({ messages: [first], place: placer().place });
      const { place, placed } = placer(1);
      const results = await h.store.messages.commitChatBatch({ messages: [{ ...first }], place });
      expect(placed).toEqual([]);
      expect(results).toMatchObject([{ isDuplicate: true, stored: { message: { mid: first.mid }, senderSeq: 1, receiverSeq: 1 } }]);
      expect(await h.store.messages.lastInboxSeq(b)).toBe(1);
    });

    it('answers a key stored by another writer (outside any window of recent keys) as a duplicate, at once or on the retry after STORE_CONFLICT', async () => {
      const [a, b] = [nextUid(), nextUid()];
      const first = chatMessage(a, b, { cliMid: 'other-writer', seqs: [1, 1] });
      await h.store.messages.appendBatch([first]);
      const retry = draft(a, b, 'other-writer');
      const { place } = placer(1);
      const attempt = () => h.store.messages.commitChatBatch({ messages: [retry], place });
      const results = await attempt().catch((err: unknown) => {
        expect(err).toMatchObject({ code: 'STORE_CONFLICT' });
        return attempt();
      });
      expect(results).toMatchObject([{ isDuplicate: true, stored: { message: { mid: first.mid }, senderSeq: 1, receiverSeq: 1 } }]);
      expect(await h.store.messages.get(retry.mid)).toBeUndefined();
      expect((await h.store.messages.inboxAfter(b, 0, 10)).entries.map((e) => e.message.mid)).toEqual([first.mid]);
    });

    it('stores nothing of a batch that fails: a taken inbox slot is STORE_CONFLICT and rolls back messages, lines and cursors', async () => {
      const [a, b] = [nextUid(), nextUid()];
      await h.store.messages.commitChatBatch({ messages: [draft(a, b)], place: placer().place, cursors: [{ uid: a, device: 1, seq: 1 }] });
      const m = draft(a, b);
      const late = draft(b, a);
      const attempt = h.store.messages.commitChatBatch({ messages: [late, m], place: placer(0).place, cursors: [{ uid: a, device: 1, seq: 5 }] });
      await expect(attempt).rejects.toMatchObject({ code: 'STORE_CONFLICT' });
      expect(await h.store.messages.get(late.mid)).toBeUndefined();
      expect(await h.store.messages.get(m.mid)).toBeUndefined();
      expect(await h.store.messages.lastInboxSeq(a)).toBe(1);
      expect(await h.store.sessions.get(b, CHAT, a)).toMatchObject({ unread: 1 });
      expect(await h.store.messages.getDeviceCursor(a, 1)).toBe(1);
    });

    it('merges the session lines of both parties within one batch and onto lines stored by an earlier one', async () => {
      const [a, b] = [nextUid(), nextUid()];
      const first = draft(a, b);
      await h.store.messages.commitChatBatch({ messages: [first], place: placer().place });
      const [m1, m2, m3] = [draft(a, b), draft(b, a), draft(a, b)];
      const results = await h.store.messages.commitChatBatch({ messages: [m1, m2, m3], place: placer(1).place });
      expect(results.every((r) => !r.isDuplicate)).toBe(true);
      const last = Math.max(m1.mid, m2.mid, m3.mid);
      expect(await h.store.sessions.get(b, CHAT, a)).toMatchObject({ lastMid: last, unread: 3 });
      expect(await h.store.sessions.get(a, CHAT, b)).toMatchObject({ lastMid: last, unread: 1 });
      expect((await h.store.messages.inboxAfter(b, 0, 10)).entries.map((e) => [e.seq, e.message.mid])).toEqual([
        [1, first.mid],
        [2, m1.mid],
        [3, m2.mid],
        [4, m3.mid],
      ]);
    });

    it('answers every repeat of a stored key, and of a key new in the batch, without placing it again', async () => {
      const [a, b] = [nextUid(), nextUid()];
      const first = draft(a, b, 'old');
      await h.store.messages.commitChatBatch({ messages: [first], place: placer().place });
      const batch = [draft(a, b, 'old'), draft(a, b, 'new'), draft(a, b, 'old'), draft(a, b, 'new'), draft(b, a, 'new')];
      const { place, placed } = placer(1);
      const results = await h.store.messages.commitChatBatch({ messages: batch, place });
      expect(placed).toEqual([batch[1]?.mid, batch[4]?.mid]);
      expect(results).toMatchObject([
        { isDuplicate: true, stored: { message: { mid: first.mid }, senderSeq: 1, receiverSeq: 1 } },
        { isDuplicate: false },
        { isDuplicate: true, stored: { message: { mid: first.mid }, senderSeq: 1, receiverSeq: 1 } },
        { isDuplicate: true, stored: { message: { mid: batch[1]?.mid, sender: a, cliMid: 'new', status: 0, recallBy: 0 }, senderSeq: 2, receiverSeq: 2 } },
        { isDuplicate: false },
      ]);
      expect(await h.store.messages.lastInboxSeq(b)).toBe(3);
    });

    it('stores contents the engines quote specially exactly as sent', async () => {
      const [a, b] = [nextUid(), nextUid()];
      const contents = ['', 'NULL', 'null', '{a,b}', '"quoted"', 'back\\slash \\"', "it's", 'a,b;c', 'tab\tnew\nline', '{"json":[1,2]}', 'ünï©ødé 🎉', ' padded '];
      const batch = contents.map((content) => ({ ...draft(a, b), content }));
      await h.store.messages.commitChatBatch({ messages: batch, place: placer().place });
      const stored = await Promise.all(batch.map((m) => h.store.messages.get(m.mid)));
      expect(stored.map((m) => m?.content)).toEqual(contents);
    });

    it('refuses a batch whose new mid is taken by another key (STORE_CONFLICT), writing nothing of it', async () => {
      const [a, b] = [nextUid(), nextUid()];
      const first = draft(a, b);
      await h.store.messages.commitChatBatch({ messages: [first], place: placer().place });
      const fresh = draft(a, b);
      const clash = { ...draft(a, b, 'other-key'), mid: first.mid };
      const attempt = h.store.messages.commitChatBatch({ messages: [fresh, clash], place: placer(1).place, cursors: [{ uid: b, device: 1, seq: 1 }] });
      await expect(attempt).rejects.toMatchObject({ code: 'STORE_CONFLICT' });
      expect(await h.store.messages.get(fresh.mid)).toBeUndefined();
      expect(await h.store.messages.lastInboxSeq(b)).toBe(1);
      expect(await h.store.messages.getDeviceCursor(b, 1)).toBe(0);
      expect(await h.store.messages.getByCliMid(a, 'other-key')).toBeUndefined();
    });

    it('keeps the highest of several advances of one device cursor in a batch', async () => {
      const uid = nextUid();
      const { place } = placer();
      await h.store.messages.commitChatBatch({ messages: [], place, cursors: [{ uid, device: 1, seq: 7 }, { uid, device: 1, seq: 3 }] });
      expect(await h.store.messages.getDeviceCursor(uid, 1)).toBe(7);
    });

    it('moves device cursors only forward, cursors alone included', async () => {
      const uid = nextUid();
      const { place } = placer();
      await h.store.messages.commitChatBatch({ messages: [], place, cursors: [{ uid, device: 3, seq: 9 }] });
      await h.store.messages.commitChatBatch({ messages: [], place, cursors: [{ uid, device: 3, seq: 4 }, { uid, device: 4, seq: 2 }] });
      expect(await h.store.messages.getDeviceCursor(uid, 3)).toBe(9);
      expect(await h.store.messages.getDeviceCursor(uid, 4)).toBe(2);
    });

    it('reads a sync start (cursor and inbox end) per device, concurrent and repeated keys alike', async () => {
      const [a, b] = [nextUid(), nextUid()];
      const { place } = placer();
      await h.store.messages.commitChatBatch({ messages: [draft(a, b), draft(a, b, 'second')], place, cursors: [{ uid: b, device: 2, seq: 1 }] });
      const starts = await Promise.all([
        h.store.messages.getSyncStart(b, 2),
        h.store.messages.getSyncStart(b, 1),
        h.store.messages.getSyncStart(b, 2),
        h.store.messages.getSyncStart(nextUid(), 1),
      ]);
      expect(starts).toEqual([
        { cursor: 1, lastSeq: 2 },
        { cursor: 0, lastSeq: 2 },
        { cursor: 1, lastSeq: 2 },
        { cursor: 0, lastSeq: 0 },
      ]);
    });
  });
}
