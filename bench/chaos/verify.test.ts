import { describe, expect, it } from 'vitest';
import type { Kind, ReceivedMessage, SentMessage } from './ledger.js';
import type { StoreSnapshot } from './store-snapshot.js';
import { verify, type VerifyInput } from './verify.js';

/** A clean world: 1 and 2 exchange two messages (mids 101, 102); 1 posts once (mid 201) to group 10 of {1, 2, 3}. */
function world() {
  const chat = (key: string, from: number, to: number, mid: number, seq: number): SentMessage => ({ key, kind: 'chat', from, to, content: `c ${key}`, firstSentAt: 0, ackedAt: 1, mid, seq, refusedAt: [] });
  const sent: SentMessage[] = [chat('a', 1, 2, 101, 1), chat('b', 2, 1, 102, 2), { key: 'p', kind: 'group', from: 1, to: 10, content: 'c p', firstSentAt: 0, ackedAt: 1, mid: 201, seq: 2, refusedAt: [] }];
  const store: StoreSnapshot = {
    chats: [
      { mid: 101, sender: 1, receiver: 2, cliMid: 'a', content: 'c a' },
      { mid: 102, sender: 2, receiver: 1, cliMid: 'b', content: 'c b' },
    ],
    inbox: [
      { uid: 1, seq: 1, mid: 101 },
      { uid: 2, seq: 1, mid: 101 },
      { uid: 2, seq: 2, mid: 102 },
      { uid: 1, seq: 2, mid: 102 },
    ],
    posts: [
      { gid: 10, seq: 1, mid: 200, sender: 0, cliMid: null, content: '{"type":1}' },
      { gid: 10, seq: 2, mid: 201, sender: 1, cliMid: 'p', content: 'c p' },
    ],
  };
  const received: Record<Kind, Map<number, Map<number, ReceivedMessage>>> = {
    chat: new Map<number, Map<number, ReceivedMessage>>([
      [2, new Map([[101, { mid: 101, from: 1, content: 'c a', bySync: true }]])],
      [1, new Map([[102, { mid: 102, from: 2, content: 'c b', bySync: false }]])],
    ]),
    group: new Map([2, 3].map((uid) => [uid, new Map([[201, { mid: 201, from: 1, content: 'c p', bySync: false }]])])),
  };
  const input: VerifyInput = { sent, received, store, groups: new Map([[10, [1, 2, 3]]]) };
  return { sent, store, received, input };
}

describe('verify', () => {
  it('passes a clean run and counts it', () => {
    const verdict = verify(world().input);
    expect(verdict.problemCount).toBe(0);
    expect(verdict.chat).toMatchObject({ sent: 2, acked: 2, stored: 2, expectedDeliveries: 2, delivered: 2, deliveredBySync: 1, lost: 0, gaps: 0 });
    expect(verdict.group).toMatchObject({ sent: 1, acked: 1, stored: 1, expectedDeliveries: 2, delivered: 2 });
  });

  it('counts refused messages that ended acked, and fails one never acked', () => {
    const { sent, input } = world();
    sent[0]!.refusedAt.push(5, 6);
    sent.push({ key: 'z', kind: 'chat', from: 1, to: 2, content: 'c z', firstSentAt: 0, refusedAt: [7], failure: 'closed' });
    const verdict = verify(input);
    expect(verdict.chat).toMatchObject({ sent: 3, acked: 2, refusedThenAcked: 1, refusals: 3, unacked: 1 });
    expect(verdict.problems).toEqual([expect.stringMatching(/^chat never acked: z .*closed/)]);
  });

  it('finds an acked message that is not stored, or stored under another mid', () => {
    const { store, input } = world();
    store.chats.splice(1, 1);
    store.posts[1]!.mid = 999;
    const verdict = verify(input);
    expect(verdict.chat.lost).toBe(1);
    expect(verdict.group.lost).toBe(1);
    expect(verdict.problems.join('\n')).toMatch(/acked as mid 102; stored as nothing/);
    expect(verdict.problems.join('\n')).toMatch(/acked as mid 201; stored as 999/);
  });

  it('finds an ack whose seq holds another message', () => {
    const { sent, input } = world();
    sent[1]!.seq = 1;
    sent[2]!.seq = 1;
    const verdict = verify(input);
    expect(verdict.problems).toEqual([
      'chat acked with a wrong seq: b (mid 102) acked at seq 1, which holds mid 101',
      'group acked with a wrong seq: p (mid 201) acked at seq 1, which holds mid 200',
    ]);
  });

  it('finds a message stored twice, and a message twice in one inbox', () => {
    const { store, input } = world();
    store.chats.push({ mid: 103, sender: 1, receiver: 2, cliMid: 'a2', content: 'c a' });
    store.inbox.push({ uid: 1, seq: 3, mid: 101 });
    const verdict = verify(input);
    // mid 103: one duplicate row; mid 101 a second time in 1's inbox.
    expect(verdict.chat.duplicatedInStore).toBe(2);
  });

  it('finds inbox and group gaps, and a message missing from an inbox', () => {
    const { store, input } = world();
    store.inbox.splice(0, 1); // 1's seq 1 (mid 101): a gap, and 101 not in 1's inbox
    store.posts.splice(0, 1);
    const verdict = verify(input);
    expect(verdict.chat.gaps).toBe(1);
    expect(verdict.chat.lost).toBe(1);
    expect(verdict.group.gaps).toBe(1);
  });

  it('finds a stored message a receiver never got, and one shown that is not stored', () => {
    const { received, input } = world();
    received.group.get(3)!.delete(201);
    received.chat.get(2)!.set(555, { mid: 555, from: 1, content: 'ghost', bySync: false });
    const verdict = verify(input);
    expect(verdict.group).toMatchObject({ expectedDeliveries: 2, delivered: 1, undelivered: 1 });
    expect(verdict.problems.join('\n')).toMatch(/group not delivered: mid 201 .* never reached 3/);
    expect(verdict.problems.join('\n')).toMatch(/chat delivered but not stored: mid 555 at 2/);
  });

  it('keeps a few examples per kind of problem but counts them all', () => {
    const { sent, input } = world();
    for (let i = 0; i < 20; i++) sent.push({ key: `u${i}`, kind: 'chat', from: 1, to: 2, content: '', firstSentAt: 0, refusedAt: [] });
    const verdict = verify(input);
    expect(verdict.problemCount).toBe(20);
    expect(verdict.problems).toHaveLength(5);
  });
});
