import { afterEach, describe, expect, it } from 'vitest';
import { callApi, registerUser, type TestUser } from '../helpers/api-client.js';
import { ChatClient } from '../helpers/chat-client.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { waitFor, waitForAsync } from '../helpers/wait-for.js';

interface Wire {
  mid: number;
  seq: number;
  from: string;
  content: string;
  replyTo?: number;
  forwardMid?: number;
  forwardFrom?: string;
  mentions?: string[];
  mentionAll?: boolean;
}

const dataOf = (client: ChatClient, action: string): Wire[] => client.framesOf(action).map((f) => f.data as Wire);
const cliMid = (): string => `r-${Math.random().toString(36).slice(2)}`;

describe('replies, forwards, mentions and group read receipts (SQLite, real sockets)', () => {
  let server: TestServer | undefined;
  const clients: ChatClient[] = [];

  async function connect(user: TestUser): Promise<ChatClient> {
    const client = await ChatClient.connect(server!, user);
    clients.push(client);
    return client;
  }

  async function api<T>(user: TestUser, path: string, body: unknown): Promise<{ Code: number; Msg: string; Data?: T }> {
    return (await callApi(server!, path, body, user.token)).body as { Code: number; Msg: string; Data?: T };
  }

  async function createGroup(owner: TestUser, members: TestUser[]): Promise<number> {
    return (await api<{ Gid: number }>(owner, 'group/create', { Name: 'replies', Member: members.map((m) => m.uid) })).Data!.Gid;
  }

  /** Sends and waits for the ack (or the refusal): returns the ack's mid and seq, or the refusal's reason. */
  async function sendAndSettle(client: ChatClient, action: string, data: Record<string, unknown>): Promise<{ mid: number; seq: number } | { reason: string }> {
    const key = cliMid();
    client.request(action, { cliMid: key, type: 1, content: '', ...data });
    await waitFor(() => client.framesOf('ack.message').some((f) => (f.data as { cliMid?: string }).cliMid === key) || client.failures().some((f) => f.cliMid === key) || client.framesOf('notify.forbidden').length > 0);
    const failure = client.failures().find((f) => f.cliMid === key);
    if (failure) return { reason: failure.reason };
    const forbidden = client.framesOf('notify.forbidden').at(-1);
    if (forbidden) return { reason: String(forbidden.data) };
    return client.ackFor(key);
  }

  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await server?.close();
    server = undefined;
  });

  it('replies in a 1:1 chat: the receiver gets replyTo, history returns it; a reply to another conversation is refused', async () => {
    server = await startTestServer();
    const [alice, bob, carol] = [await registerUser(server), await registerUser(server), await registerUser(server)];
    const [a, b] = [await connect(alice), await connect(bob)];
    const first = await sendAndSettle(a, 'message.chat', { to: String(bob.uid), content: 'lunch?' });
    if (!('mid' in first)) throw new Error(first.reason);
    const reply = await sendAndSettle(b, 'message.chat', { to: String(alice.uid), content: 'yes', replyTo: first.mid });
    expect(reply).toHaveProperty('mid');
    await waitFor(() => dataOf(a, 'message.chat').length === 1);
    expect(dataOf(a, 'message.chat')[0]).toMatchObject({ content: 'yes', replyTo: first.mid });
    const history = await api<{ Content: string; ReplyTo?: number }[]>(alice, 'msg/chat/history', { Uid: bob.uid });
    expect(history.Data?.[0]).toMatchObject({ Content: 'yes', ReplyTo: first.mid });
    expect(history.Data?.[1]).not.toHaveProperty('ReplyTo');
    // The same mid named from another conversation (alice to carol) is refused, and so is an unknown one.
    expect(await sendAndSettle(a, 'message.chat', { to: String(carol.uid), content: 'x', replyTo: first.mid })).toMatchObject({ reason: expect.stringContaining('no message of this conversation') });
    expect(await sendAndSettle(a, 'message.chat', { to: String(bob.uid), content: 'x', replyTo: first.mid + 1 })).toMatchObject({ reason: expect.stringContaining('no message of this conversation') });
  });

  it('forwards a readable message into a group with its origin and content; an unreadable one is refused', async () => {
    server = await startTestServer();
    const [alice, bob, carol] = [await registerUser(server), await registerUser(server), await registerUser(server)];
    const [a, b, c] = [await connect(alice), await connect(bob), await connect(carol)];
    const original = await sendAndSettle(b, 'message.chat', { to: String(alice.uid), content: 'the plan' });
    if (!('mid' in original)) throw new Error(original.reason);
    const gid = await createGroup(alice, [carol]);
    const forwarded = await sendAndSettle(a, 'message.group', { to: String(gid), content: 'ignored', forwardMid: original.mid });
    expect(forwarded).toHaveProperty('seq');
    await waitFor(() => dataOf(c, 'message.group').length === 1);
    expect(dataOf(c, 'message.group')[0]).toMatchObject({ content: 'the plan', forwardMid: original.mid, forwardFrom: String(bob.uid) });
    // Carol is no party of alice and bob's chat: she cannot forward it anywhere.
    expect(await sendAndSettle(c, 'message.group', { to: String(gid), forwardMid: original.mid })).toMatchObject({ reason: expect.stringContaining('no message you can read') });
    // A forward of the forward into a 1:1 chat keeps the first origin.
    const post = dataOf(c, 'message.group')[0]!;
    expect(await sendAndSettle(c, 'message.chat', { to: String(bob.uid), forwardMid: post.mid })).toHaveProperty('mid');
    await waitFor(() => dataOf(b, 'message.chat').length === 1);
    expect(dataOf(b, 'message.chat')[0]).toMatchObject({ content: 'the plan', forwardMid: original.mid, forwardFrom: String(bob.uid) });
  });

  it('flags mentions in the message and on the session line until read; @all only from managers; no mentions in 1:1', async () => {
    server = await startTestServer();
    const [owner, bob, carol] = [await registerUser(server), await registerUser(server), await registerUser(server)];
    const [o, b, c] = [await connect(owner), await connect(bob), await connect(carol)];
    const gid = await createGroup(owner, [bob, carol]);
    const mention = await sendAndSettle(c, 'message.group', { to: String(gid), content: '@bob look', mentions: [String(bob.uid), '999999'] });
    if (!('seq' in mention)) throw new Error(mention.reason);
    await waitFor(() => dataOf(b, 'message.group').length === 1);
    expect(dataOf(b, 'message.group')[0]).toMatchObject({ mentions: [String(bob.uid)] });
    const lineOf = async (user: TestUser) => (await api<{ To: number; Type: number; Mentioned?: boolean }[]>(user, 'session/recent', { Groups: true })).Data?.find((l) => l.Type === 2 && l.To === gid);
    expect((await lineOf(bob))?.Mentioned).toBe(true);
    expect((await lineOf(owner))?.Mentioned).toBeUndefined();
    const page = await api<{ Seq: number; Mentioned?: boolean }[]>(bob, 'msg/group/recent', { Gid: gid });
    expect(page.Data?.find((m) => m.Seq === mention.seq)?.Mentioned).toBe(true);
    expect((await api(bob, 'session/read', { Gid: gid, Seq: mention.seq })).Code).toBe(100);
    await waitForAsync(async () => (await lineOf(bob))?.Mentioned === undefined);
    expect(await sendAndSettle(b, 'message.group', { to: String(gid), content: '@all', mentionAll: true })).toMatchObject({ reason: expect.stringContaining('only group managers may mention all') });
    const all = await sendAndSettle(o, 'message.group', { to: String(gid), content: '@all hi', mentionAll: true });
    expect(all).toHaveProperty('seq');
    expect((await lineOf(carol))?.Mentioned).toBe(true);
    expect(await sendAndSettle(o, 'message.chat', { to: String(bob.uid), content: 'x', mentions: [String(bob.uid)] })).toMatchObject({ reason: 'mentions are for group messages' });
  });

  it('keeps read positions per member: notify.read, msg/group/readers for members only, ReadCount on history', async () => {
    server = await startTestServer();
    const [owner, bob, carol, stranger] = [await registerUser(server), await registerUser(server), await registerUser(server), await registerUser(server)];
    const [o, b] = [await connect(owner), await connect(bob)];
    const gid = await createGroup(owner, [bob, carol]);
    const posted = await sendAndSettle(o, 'message.group', { to: String(gid), content: 'read me' });
    if (!('seq' in posted)) throw new Error(posted.reason);
    b.request('ack.read', { gid: String(gid), seq: posted.seq });
    await waitFor(() => o.framesOf('notify.read').length === 1);
    expect(o.framesOf('notify.read')[0]?.data).toMatchObject({ gid: String(gid), seq: posted.seq, from: String(bob.uid) });
    expect((await api(carol, 'session/read', { Gid: gid, Seq: posted.seq })).Code).toBe(100);
    const readers = async () => (await api<{ Uid: number; ReadSeq: number }[]>(owner, 'msg/group/readers', { Gid: gid, Seq: posted.seq })).Data;
    await waitForAsync(async () => (await readers())?.length === 2);
    expect((await readers())?.map((r) => r.Uid)).toEqual([bob.uid, carol.uid].sort((x, y) => x - y));
    const history = await api<{ Seq: number; ReadCount?: number }[]>(owner, 'msg/group/history', { Gid: gid });
    expect(history.Data?.find((m) => m.Seq === posted.seq)?.ReadCount).toBe(2);
    expect(await api(stranger, 'msg/group/readers', { Gid: gid, Seq: posted.seq })).toMatchObject({ Code: 3003 });
    expect((await api(owner, 'msg/group/readers', { Gid: gid, Seq: 1 })).Code).not.toBe(100);
  });

  it('keeps no read receipts for groups above group.readReceiptsMaxMembers', async () => {
    server = await startTestServer({ group: { readReceiptsMaxMembers: 2 } });
    const [owner, bob, carol] = [await registerUser(server), await registerUser(server), await registerUser(server)];
    const o = await connect(owner);
    const gid = await createGroup(owner, [bob, carol]);
    const posted = await sendAndSettle(o, 'message.group', { to: String(gid), content: 'big' });
    if (!('seq' in posted)) throw new Error(posted.reason);
    const reply = await api(owner, 'msg/group/readers', { Gid: gid, Seq: posted.seq });
    expect(reply.Code).not.toBe(100);
    expect(reply.Msg).toContain('read receipts are kept for groups of up to 2 members');
    expect((await api<{ ReadCount?: number }[]>(owner, 'msg/group/history', { Gid: gid })).Data?.[0]).not.toHaveProperty('ReadCount');
  });
});
