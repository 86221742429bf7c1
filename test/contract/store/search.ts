import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseSearchTerms, type SearchQuery } from '../../../src/store/index.js';
import { chatMessage, groupMessage, nextUid } from '../../helpers/store-fixtures.js';
import type { StoreHandle } from './handle.js';

/** A word no other test stores: letters only, so every engine's word index sees one token. */
const uniqueWord = () => `zq${[...randomBytes(5)].map((b) => String.fromCharCode(97 + (b % 26))).join('')}`;

export function searchContract(h: StoreHandle): void {
  describe('search', () => {
    const search = (uid: number, text: string, over: Partial<SearchQuery> = {}) => h.store.search.search({ uid, terms: parseSearchTerms(text), limit: 20, ...over });
    const mids = async (uid: number, text: string, over: Partial<SearchQuery> = {}) => (await search(uid, text, over)).hits.map((hit) => hit.message.mid);
    let seq = 0;
    const inboxOf = (sender: number, receiver: number, content: string, createdAt = 1_700_000_000_001) =>
      chatMessage(sender, receiver, { content, createdAt, seqs: [++seq, ++seq] });

    it('finds the 1:1 messages the user sent or received, newest first, and none of other conversations', async () => {
      const [alice, bob, carol, dave] = [nextUid(), nextUid(), nextUid(), nextUid()];
      const word = uniqueWord();
      const ms = [inboxOf(alice, bob, `Lunch ${word} today?`), inboxOf(bob, alice, `yes ${word.toUpperCase()}!`), inboxOf(carol, dave, `${word} elsewhere`), inboxOf(alice, bob, 'no match')];
      await h.store.messages.appendBatch(ms);
      expect(await mids(alice, word)).toEqual([ms[1]!.mid, ms[0]!.mid]);
      expect(await mids(bob, word.toUpperCase())).toEqual([ms[1]!.mid, ms[0]!.mid]);
      expect(await mids(carol, word)).toEqual([ms[2]!.mid]);
      expect(await mids(nextUid(), word)).toEqual([]);
      const [hit] = (await search(alice, word, { limit: 1 })).hits;
      expect(hit).toEqual({ kind: 'chat', message: expect.objectContaining({ mid: ms[1]!.mid, sender: bob, receiver: alice, content: `yes ${word.toUpperCase()}!` }) });
    });

    it('never matches a recalled message', async () => {
      const [alice, bob] = [nextUid(), nextUid()];
      const word = uniqueWord();
      const [kept, recalled] = [inboxOf(alice, bob, `${word} one`), inboxOf(alice, bob, `${word} two`)];
      await h.store.messages.appendBatch([kept, recalled]);
      expect(await mids(bob, word)).toEqual([recalled.mid, kept.mid]);
      await h.store.messages.setRecalled(recalled.mid, alice);
      expect(await mids(bob, word)).toEqual([kept.mid]);
      expect(await mids(bob, `${word} two`)).toEqual([]);
    });

    it('requires every term and finds CJK text by its substrings', async () => {
      const [alice, bob] = [nextUid(), nextUid()];
      const word = uniqueWord();
      const [cjk, both, one] = [inboxOf(alice, bob, `${word}: 我们明天在车站见面吧`), inboxOf(alice, bob, `${word} harbour gate`), inboxOf(alice, bob, `${word} gate`)];
      await h.store.messages.appendBatch([cjk, both, one]);
      expect(await mids(bob, `${word} 明天`)).toEqual([cjk.mid]);
      expect(await mids(bob, `${word} 车站见面`)).toEqual([cjk.mid]);
      expect(await mids(bob, `${word} 见`)).toEqual([cjk.mid]);
      expect(await mids(bob, `${word} 明见`)).toEqual([]);
      expect(await mids(bob, `harbour ${word}`)).toEqual([both.mid]);
      expect(await mids(bob, `${word} gate`)).toEqual([one.mid, both.mid]);
    });

    it('filters by peer, sender, date and pages with beforeMid', async () => {
      const [alice, bob, carol] = [nextUid(), nextUid(), nextUid()];
      const word = uniqueWord();
      const ms = [inboxOf(alice, bob, word, 1000), inboxOf(bob, alice, word, 2000), inboxOf(carol, alice, word, 3000), inboxOf(alice, carol, word, 4000)];
      await h.store.messages.appendBatch(ms);
      const [m0, m1, m2, m3] = ms.map((m) => m.mid);
      expect(await mids(alice, word, { peer: bob })).toEqual([m1, m0]);
      expect(await mids(alice, word, { from: alice })).toEqual([m3, m0]);
      expect(await mids(alice, word, { after: 1000, before: 4000 })).toEqual([m2, m1]);
      const first = await search(alice, word, { limit: 3 });
      expect(first.hits.map((hit) => hit.message.mid)).toEqual([m3, m2, m1]);
      expect(first.nextBeforeMid).toBe(m1);
      const second = await search(alice, word, { limit: 3, beforeMid: first.nextBeforeMid });
      expect(second).toEqual({ hits: [expect.objectContaining({ kind: 'chat' })] });
      expect(second.hits[0]?.message.mid).toBe(m0);
      expect(await mids(alice, word, { gid: 1 })).toEqual([]);
    });

    it('finds group messages of the groups a user is a member of, from the join point unless history is shown', async () => {
      const [owner, early, late, outsider] = [nextUid(), nextUid(), nextUid(), nextUid()];
      const word = uniqueWord();
      const { group: closed } = await h.store.groups.create({ name: 'closed', ownerUid: owner, memberUids: [early], allowHistory: false });
      const { group: open } = await h.store.groups.create({ name: 'open', ownerUid: owner, memberUids: [early], allowHistory: true });
      const before = [groupMessage(closed.gid, 1, owner, { content: `${word} before` }), groupMessage(open.gid, 1, owner, { content: `${word} open before` })];
      await h.store.groupMessages.appendBatch(before);
      await h.store.groups.addMembers(closed.gid, [late], { joinedSeq: 1 });
      await h.store.groups.addMembers(open.gid, [late], { joinedSeq: 1 });
      const after = [groupMessage(closed.gid, 2, early, { content: `${word} after` }), groupMessage(closed.gid, 3, 0, { cliMid: null, type: 100, content: `${word} notice` })];
      await h.store.groupMessages.appendBatch(after);
      expect(await mids(early, word)).toEqual([after[0]!.mid, before[1]!.mid, before[0]!.mid]);
      expect(await mids(late, word)).toEqual([after[0]!.mid, before[1]!.mid]);
      expect(await mids(late, word, { gid: closed.gid })).toEqual([after[0]!.mid]);
      expect(await mids(early, word, { from: owner })).toEqual([before[1]!.mid, before[0]!.mid]);
      expect(await mids(early, word, { peer: owner })).toEqual([]);
      expect(await mids(outsider, word)).toEqual([]);
      const [hit] = (await search(late, word, { gid: closed.gid })).hits;
      expect(hit).toEqual({ kind: 'group', message: expect.objectContaining({ gid: closed.gid, seq: 2, sender: early }) });
      await h.store.groupMessages.setRecalled(closed.gid, 2, early);
      expect(await mids(late, word, { gid: closed.gid })).toEqual([]);
    });
  });
}
