import { describe, expect, it } from 'vitest';
import { MESSAGE_STATUS } from '../../../src/store/index.js';
import { chatMessage, nextMid, nextUid } from '../../helpers/store-fixtures.js';
import type { StoreHandle } from './handle.js';

export function messageContract(h: StoreHandle): void {
  describe('messages', () => {
    it('stores a batch with its inbox slots and reads messages back by mid and by cliMid', async () => {
      const [a, b] = [nextUid(), nextUid()];
      const m1 = chatMessage(a, b, { seqs: [1, 1], content: 'héllo 👋' });
      const m2 = chatMessage(b, a, { seqs: [2, 2], cliSeq: 9, type: 11 });
      expect(await h.store.messages.appendBatch([m1, m2])).toEqual([
        { mid: m1.mid, isDuplicate: false },
        { mid: m2.mid, isDuplicate: false },
      ]);
      const { inbox: _inbox, ...stored } = m1;
      expect(await h.store.messages.get(m1.mid)).toEqual({ ...stored, status: MESSAGE_STATUS.normal, recallBy: 0 });
      expect(await h.store.messages.getByCliMid(b, m2.cliMid)).toMatchObject({ mid: m2.mid, cliSeq: 9, type: 11 });
      expect(await h.store.messages.get(nextMid())).toBeUndefined();
      expect(await h.store.messages.getByCliMid(a, 'never-sent')).toBeUndefined();
      expect((await h.store.messages.inboxAfter(a, 0, 10)).entries.map((e) => [e.seq, e.message.mid])).toEqual([
        [1, m1.mid],
        [2, m2.mid],
      ]);
      expect(await h.store.messages.lastInboxSeq(b)).toBe(2);
      expect(await h.store.messages.appendBatch([])).toEqual([]);
    });

    it('finds stored messages by (sender, cliMid) with the sender inbox seq, in one call', async () => {
      const [a, b] = [nextUid(), nextUid()];
      const m1 = chatMessage(a, b, { seqs: [4, 7] });
      const m2 = chatMessage(b, a, { seqs: [8, 5] });
      await h.store.messages.appendBatch([m1, m2]);
      const found = await h.store.messages.findSent([
        { sender: a, cliMid: m1.cliMid },
        { sender: a, cliMid: m2.cliMid },
        { sender: b, cliMid: m2.cliMid },
        { sender: a, cliMid: 'unknown' },
      ]);
      expect(found.map((f) => [f.message.mid, f.senderSeq, f.receiverSeq]).sort()).toEqual([
        [m1.mid, 7, 4],
        [m2.mid, 5, 8],
      ].sort());
      expect(await h.store.messages.findSent([])).toEqual([]);
    });

    it('treats a repeated (sender, cliMid) within one batch as a duplicate of the first', async () => {
      const [a, b] = [nextUid(), nextUid()];
      const first = chatMessage(a, b, { seqs: [1, 1], cliMid: 'same' });
      const again = chatMessage(a, b, { seqs: [2, 2], cliMid: 'same' });
      const otherSender = chatMessage(b, a, { seqs: [2, 2], cliMid: 'same' });
      expect(await h.store.messages.appendBatch([first, again, otherSender])).toEqual([
        { mid: first.mid, isDuplicate: false },
        { mid: first.mid, isDuplicate: true },
        { mid: otherSender.mid, isDuplicate: false },
      ]);
      expect(await h.store.messages.get(again.mid)).toBeUndefined();
      expect((await h.store.messages.inboxAfter(b, 0, 10)).entries.map((e) => e.message.mid)).toEqual([first.mid, otherSender.mid]);
    });

    it('returns the stored mid for a (sender, cliMid) stored by an earlier batch and writes nothing for it', async () => {
      const [a, b] = [nextUid(), nextUid()];
      const original = chatMessage(a, b, { seqs: [1, 1] });
      await h.store.messages.appendBatch([original]);
      const retry = chatMessage(a, b, { seqs: [2, 2], cliMid: original.cliMid, content: 'retried' });
      const fresh = chatMessage(a, b, { seqs: [3, 3] });
      expect(await h.store.messages.appendBatch([retry, fresh])).toEqual([
        { mid: original.mid, isDuplicate: true },
        { mid: fresh.mid, isDuplicate: false },
      ]);
      expect((await h.store.messages.get(original.mid))?.content).toBe(original.content);
      expect((await h.store.messages.inboxAfter(b, 0, 10)).entries.map((e) => e.seq)).toEqual([1, 3]);
    });

    it('rejects a batch with a taken inbox slot or mid as STORE_CONFLICT and stores none of it', async () => {
      const [a, b] = [nextUid(), nextUid()];
      const stored = chatMessage(a, b, { seqs: [1, 1] });
      await h.store.messages.appendBatch([stored]);
      const innocent = chatMessage(a, b, { seqs: [2, 2] });
      const slotTaken = chatMessage(a, b, { seqs: [1, 3] });
      await expect(h.store.messages.appendBatch([innocent, slotTaken])).rejects.toMatchObject({ code: 'STORE_CONFLICT' });
      expect(await h.store.messages.get(innocent.mid)).toBeUndefined();
      const midTaken = chatMessage(b, a, { mid: stored.mid, cliMid: 'other', seqs: [5, 5] });
      await expect(h.store.messages.appendBatch([innocent, midTaken])).rejects.toMatchObject({ code: 'STORE_CONFLICT' });
      expect(await h.store.messages.get(innocent.mid)).toBeUndefined();
      expect(await h.store.messages.lastInboxSeq(a)).toBe(1);
    });

    it('fails a strict batch holding a stored message, writing nothing of it', async () => {
      const [a, b] = [nextUid(), nextUid()];
      const stored = chatMessage(a, b, { seqs: [1, 1] });
      await h.store.messages.appendBatch([stored]);
      const fresh = chatMessage(b, a, { seqs: [2, 2] });
      const again = chatMessage(a, b, { cliMid: stored.cliMid, seqs: [3, 3] });
      await expect(h.store.messages.appendBatch([fresh, again], { isStrict: true })).rejects.toMatchObject({ code: 'STORE_CONFLICT' });
      expect(await h.store.messages.get(fresh.mid)).toBeUndefined();
      expect(await h.store.messages.lastInboxSeq(a)).toBe(1);
      // Without isStrict the same batch stores the new one and reports the repeat.
      expect(await h.store.messages.appendBatch([fresh, again])).toEqual([{ mid: fresh.mid, isDuplicate: false }, { mid: stored.mid, isDuplicate: true }]);
    });

    it('pages the inbox in seq order with hasMore', async () => {
      const [a, b] = [nextUid(), nextUid()];
      const batch = Array.from({ length: 5 }, (_, i) => chatMessage(i % 2 ? a : b, i % 2 ? b : a, { seqs: [i + 1, i + 1] }));
      await h.store.messages.appendBatch([...batch].reverse());
      const page1 = await h.store.messages.inboxAfter(a, 0, 2);
      expect(page1.entries.map((e) => e.seq)).toEqual([1, 2]);
      expect(page1.hasMore).toBe(true);
      const page2 = await h.store.messages.inboxAfter(a, 2, 3);
      expect(page2.entries.map((e) => e.message.mid)).toEqual(batch.slice(2).map((m) => m.mid));
      expect(page2.hasMore).toBe(false);
      expect(await h.store.messages.inboxAfter(a, 5, 10)).toEqual({ entries: [], hasMore: false });
      expect(await h.store.messages.lastInboxSeq(nextUid())).toBe(0);
      const empty = nextUid();
      expect(await h.store.messages.lastInboxSeqs([a, empty, a])).toEqual(new Map([[a, await h.store.messages.lastInboxSeq(a)], [empty, 0]]));
      expect(await h.store.messages.lastInboxSeqs([])).toEqual(new Map());
    });

    it('stores large batches across several statements in one transaction', async () => {
      const [a, b] = [nextUid(), nextUid()];
      const batch = Array.from({ length: 1_100 }, (_, i) => chatMessage(a, b, { seqs: [i + 1, i + 1] }));
      const results = await h.store.messages.appendBatch(batch);
      expect(results.every((r, i) => !r.isDuplicate && r.mid === batch[i]?.mid)).toBe(true);
      expect(await h.store.messages.lastInboxSeq(a)).toBe(1_100);
      const page = await h.store.messages.inboxAfter(b, 1_000, 200);
      expect(page.entries).toHaveLength(100);
    });

    it('keeps large and unicode content intact', async () => {
      const [a, b] = [nextUid(), nextUid()];
      const content = '漢字 ✓ 🎉 '.repeat(6_000);
      const message = chatMessage(a, b, { content });
      await h.store.messages.appendBatch([message]);
      expect((await h.store.messages.get(message.mid))?.content).toBe(content);
    });

    it('reads history between two users newest first, before a mid, both directions', async () => {
      const [a, b, c] = [nextUid(), nextUid(), nextUid()];
      const ms = [chatMessage(a, b), chatMessage(b, a), chatMessage(a, c), chatMessage(a, b), chatMessage(b, a)];
      await h.store.messages.appendBatch(ms);
      const mids = (list: Array<{ mid: number }>) => list.map((m) => m.mid);
      expect(mids(await h.store.messages.history(a, b, 10))).toEqual(mids([ms[4]!, ms[3]!, ms[1]!, ms[0]!]));
      expect(mids(await h.store.messages.history(b, a, 2))).toEqual(mids([ms[4]!, ms[3]!]));
      expect(mids(await h.store.messages.history(a, b, 10, ms[3]!.mid))).toEqual(mids([ms[1]!, ms[0]!]));
      const self = chatMessage(a, a, { inbox: [{ uid: a, seq: 1 }] });
      await h.store.messages.appendBatch([self]);
      expect(mids(await h.store.messages.history(a, a, 10))).toEqual([self.mid]);
    });

    it('marks a message recalled idempotently and erases its content from every read', async () => {
      const [a, b] = [nextUid(), nextUid()];
      const message = chatMessage(a, b, { seqs: [1, 1] });
      await h.store.messages.appendBatch([message]);
      expect(await h.store.messages.setRecalled(message.mid, a)).toBe(true);
      expect(await h.store.messages.setRecalled(message.mid, a)).toBe(true);
      const recalled = { mid: message.mid, status: MESSAGE_STATUS.recalled, recallBy: a, content: '' };
      expect(await h.store.messages.get(message.mid)).toMatchObject(recalled);
      expect(await h.store.messages.history(a, b, 10)).toMatchObject([recalled]);
      expect((await h.store.messages.inboxAfter(b, 0, 10)).entries.map((e) => e.message)).toMatchObject([recalled]);
      expect((await h.store.messages.findSent([{ sender: a, cliMid: message.cliMid }]))[0]?.message).toMatchObject(recalled);
      expect(await h.store.messages.setRecalled(nextMid(), a)).toBe(false);
    });

    it('keeps a per-device ack cursor that only moves forward', async () => {
      const uid = nextUid();
      expect(await h.store.messages.getDeviceCursor(uid, 2)).toBe(0);
      await h.store.messages.advanceDeviceCursor(uid, 2, 10);
      await h.store.messages.advanceDeviceCursor(uid, 2, 7);
      await h.store.messages.advanceDeviceCursor(uid, 1, 3);
      expect(await h.store.messages.getDeviceCursor(uid, 2)).toBe(10);
      expect(await h.store.messages.getDeviceCursor(uid, 1)).toBe(3);
      await h.store.messages.advanceDeviceCursor(uid, 2, 12);
      expect(await h.store.messages.getDeviceCursor(uid, 2)).toBe(12);
    });

    it('finds inbox seqs by mid and keeps a device\'s acked seqs above its cursor', async () => {
      const [a, b] = [nextUid(), nextUid()];
      const sent = [chatMessage(a, b, { seqs: [1, 1] }), chatMessage(a, b, { seqs: [2, 2] }), chatMessage(a, b, { seqs: [3, 3] })];
      await h.store.messages.appendBatch(sent);
      const [m1, m2, m3] = sent.map((m) => m.mid);
      expect(await h.store.messages.inboxSeqsOf(b, [m3!, m1!, 999], 0)).toEqual([1, 3]);
      expect(await h.store.messages.inboxSeqsOf(b, [m1!, m2!], 1)).toEqual([2]);
      expect(await h.store.messages.inboxSeqsOf(b, [], 0)).toEqual([]);
      await h.store.messages.saveDeviceAcks(b, 1, [3, 2, 3], 0);
      await h.store.messages.saveDeviceAcks(b, 1, [2], 0);
      expect(await h.store.messages.deviceAcksAfter(b, 1, 0)).toEqual([2, 3]);
      expect(await h.store.messages.deviceAcksAfter(b, 2, 0)).toEqual([]);
      expect(await h.store.messages.deviceAcksAfter(b, 1, 2)).toEqual([3]);
      // Those the cursor now covers are forgotten.
      await h.store.messages.saveDeviceAcks(b, 1, [], 2);
      expect(await h.store.messages.deviceAcksAfter(b, 1, 0)).toEqual([3]);
    });
  });
}
