import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/index.js';
import { callApi, type TestUser } from '../helpers/api-client.js';
import { sendWindowed, useChatHarness } from '../helpers/chat-harness.js';
import { createGroup } from '../helpers/cluster-checks.js';

interface Found {
  Mid: number;
  From: number;
  To?: number;
  Gid?: number;
  Content: string;
}

describe('msg/search: only what the caller can read, over HTTP and the long connection', () => {
  const h = useChatHarness();

  async function search(user: TestUser, body: Record<string, unknown>) {
    const reply = await callApi(h.server(), 'msg/search', body, user.token);
    return { status: reply.status, code: reply.body.Code, data: reply.body.Data as { Messages: Found[]; Cursor?: number } };
  }
  const contents = async (user: TestUser, query: string, extra: Record<string, unknown> = {}) => {
    const { data } = await search(user, { Query: query, ...extra });
    return data.Messages.map((m) => m.Content);
  };

  it('finds the caller’s own 1:1 messages, newest first, and nothing of other conversations', async () => {
    await h.start();
    const [alice, bob, carol, dave] = [await h.user(), await h.user(), await h.user(), await h.user()];
    await sendWindowed(await h.connect(alice), bob.uid, 2, { content: (i) => (i === 0 ? 'Lunch at the Harbour?' : '明天在港口见') });
    await sendWindowed(await h.connect(carol), dave.uid, 1, { content: () => 'harbour secret of carol' });
    expect(await contents(alice, 'harbour')).toEqual(['Lunch at the Harbour?']);
    expect(await contents(bob, '港口')).toEqual(['明天在港口见']);
    expect(await contents(dave, 'HARBOUR')).toEqual(['harbour secret of carol']);
    expect(await contents(alice, 'secret')).toEqual([]);
    expect(await contents(alice, 'harbour', { Peer: carol.uid })).toEqual([]);
    const b = await h.connect(bob);
    const reply = await b.api('msg/search', { Query: 'lunch', Peer: alice.uid });
    expect(reply.action).toBe('api.success');
    expect((reply.data as { Messages: Found[] }).Messages).toEqual([expect.objectContaining({ From: alice.uid, To: bob.uid, Content: 'Lunch at the Harbour?' })]);
  });

  it('pages with Cursor', async () => {
    await h.start();
    const [alice, bob] = [await h.user(), await h.user()];
    const acks = await sendWindowed(await h.connect(alice), bob.uid, 5, { content: (i) => `report ${i}` });
    const first = await search(bob, { Query: 'report', Limit: 3 });
    expect(first.data.Messages.map((m) => m.Content)).toEqual(['report 4', 'report 3', 'report 2']);
    expect(first.data.Cursor).toBe(acks[2]!.mid);
    const second = await search(bob, { Query: 'report', Limit: 3, Cursor: first.data.Cursor });
    expect(second.data).toEqual({ Messages: [expect.objectContaining({ Content: 'report 1' }), expect.objectContaining({ Content: 'report 0' })] });
  });

  it('finds group messages from the join point on; a non-member finds none and is refused a named group', async () => {
    const server = await h.start();
    const [owner, member, late, outsider] = [await h.user(), await h.user(), await h.user(), await h.user()];
    const gid = await createGroup(server, owner, [member]);
    const o = await h.connect(owner);
    o.request('message.group', { cliMid: 'before', to: String(gid), type: 1, content: 'plans before the join' });
    await o.ackFor('before');
    expect((await callApi(server, 'group/members/invite', { Gid: gid, Uid: [late.uid] }, owner.token)).body.Code).toBe(100);
    o.request('message.group', { cliMid: 'after', to: String(gid), type: 1, content: 'plans after the join' });
    await o.ackFor('after');
    expect(await contents(member, 'plans')).toEqual(['plans after the join', 'plans before the join']);
    expect(await contents(late, 'plans')).toEqual(['plans after the join']);
    expect((await search(late, { Query: 'plans', Gid: gid })).data.Messages).toEqual([expect.objectContaining({ Gid: gid, From: owner.uid })]);
    expect(await contents(outsider, 'plans')).toEqual([]);
    expect(await search(outsider, { Query: 'plans', Gid: gid })).toMatchObject({ code: 3003 });
  });

  it('never finds a recalled message', async () => {
    await h.start();
    const [alice, bob] = [await h.user(), await h.user()];
    const a = await h.connect(alice);
    const [sent] = await sendWindowed(a, bob.uid, 1, { content: () => 'the password is swordfish' });
    expect(await contents(bob, 'swordfish')).toEqual(['the password is swordfish']);
    a.request('message.chat.recall', { cliMid: 'recall', to: String(bob.uid), type: 1, content: JSON.stringify({ mid: sent!.mid, recallBy: String(alice.uid) }) });
    await a.ackFor('recall');
    expect(await contents(bob, 'swordfish')).toEqual([]);
    expect(await contents(alice, 'password')).toEqual([]);
  });

  it('refuses a query with nothing to search for, a long one, and more than search.maxPerSecond', async () => {
    await h.start({ search: { maxPerSecond: 3, pageMax: 10 } }, { clock: new ManualClock(Date.now()) });
    const [alice] = [await h.user()];
    expect(await search(alice, { Query: '  ?! ' })).toMatchObject({ status: 400 });
    expect(await search(alice, { Query: 'x'.repeat(201) })).toMatchObject({ status: 400 });
    expect(await search(alice, { Query: 'ok', Limit: 11 })).toMatchObject({ status: 400 });
    // Refused bodies cost nothing; three searches use up the second (the clock stands still).
    for (let i = 0; i < 3; i++) expect(await search(alice, { Query: 'ok' })).toMatchObject({ status: 200, code: 100 });
    expect(await search(alice, { Query: 'ok' })).toMatchObject({ status: 429 });
  });
});
