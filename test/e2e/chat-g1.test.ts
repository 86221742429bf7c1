import { describe, expect, it } from 'vitest';
import { callApi, type TestUser } from '../helpers/api-client.js';
import { useChatHarness } from '../helpers/chat-harness.js';
import { G1Client } from '../helpers/g1-client.js';
import { waitFor } from '../helpers/wait-for.js';

const ANDROID = 1;

describe('1:1 chat in both dialects', () => {
  const h = useChatHarness();

  /** Signs in the G1 way (`auth/signin`) and connects with `api.user.auth`. */
  async function g1(user: TestUser): Promise<G1Client> {
    const signin = await callApi(h.server(), 'auth/signin', { Account: user.account, Password: user.password, Device: ANDROID });
    const token = (signin.body.Data as { Token: string }).Token;
    const client = await G1Client.connect(h.server(), token, ANDROID);
    h.track(() => client.close());
    return client;
  }

  async function issueMid(user: TestUser): Promise<number> {
    const reply = await callApi(h.server(), 'msg/id', {}, user.token);
    return (reply.body.Data as { Mid: number }).Mid;
  }

  it('G1: msg/id, message.chat {Mid…}, ack.message {Mid}, numeric ids to the receiver, ack.request → ack.notify {Mid}', async () => {
    const server = await h.start();
    const alice = await h.user();
    const bob = await h.user();
    const a = await g1(alice);
    const b = await g1(bob);
    expect(a.signin).toMatchObject({ Uid: alice.uid, Servers: [server.wsUrl] });

    const mid = await issueMid(alice);
    a.request('message.chat', { Mid: mid, From: alice.uid, To: bob.uid, Type: 1, Content: 'hello from android', CTime: 1_700_000_000 });
    expect(await a.next('ack.message')).toEqual({ Mid: mid });
    const got = await b.next('message.chat');
    expect(got).toMatchObject({ Mid: mid, From: alice.uid, To: bob.uid, Type: 1, Content: 'hello from android', CTime: 1_700_000_000, Seq: 1, Status: 0 });
    expect(got).not.toHaveProperty('cliMid');

    b.request('ack.request', { Mid: mid, From: alice.uid });
    expect(await a.next('ack.notify')).toEqual({ Mid: mid, From: bob.uid });

    // The client's mid is its idempotency key: sent again, it is acked again and stored once.
    a.request('message.chat', { Mid: mid, From: alice.uid, To: bob.uid, Type: 1, Content: 'hello from android', CTime: 1_700_000_000 });
    await waitFor(() => a.framesOf('ack.message').length === 2);
    expect(a.framesOf('ack.message')[1]!.Data).toEqual({ Mid: mid });
    const next = await issueMid(alice);
    a.request('message.chat', { Mid: next, To: bob.uid, Type: 1, Content: 'second', CTime: 1_700_000_001 });
    await b.next('message.chat', (d) => d.Mid === next);
    expect(b.framesOf('message.chat').map((f) => (f.Data as { Mid: number }).Mid)).toEqual([mid, next]);
    expect((await server.app.store.messages.history(alice.uid, bob.uid, 10)).map((m) => m.mid)).toEqual([next, mid]);
  });

  it('G2: string ids and cliMid, and each side of a G1/G2 pair reads the other in its own dialect', async () => {
    await h.start();
    const alice = await h.user();
    const bob = await h.user(2);
    const aWeb = await h.connect(alice);
    const bWeb = await h.connect(bob);
    const bAndroid = await g1(bob);

    const cliMid = aWeb.send(bob.uid, 'hello from the web');
    const ack = await aWeb.ackFor(cliMid);
    expect(ack).toEqual({ cliMid, mid: ack.mid, seq: 1 });
    await bWeb.waitForChats(1);
    expect(bWeb.chats()[0]).toMatchObject({ cliMid, mid: ack.mid, seq: 1, from: String(alice.uid), to: String(bob.uid), type: 1, content: 'hello from the web' });
    expect(await bAndroid.next('message.chat')).toMatchObject({ Mid: ack.mid, Seq: 1, From: alice.uid, To: bob.uid, Content: 'hello from the web' });
    // The web device acks first (auto-ack); the receipt reaches Alice once, with Bob's uid as a string.
    await waitFor(() => aWeb.ackNotifies().includes(ack.mid));
    expect(aWeb.framesOf('ack.notify')[0]!.data).toEqual({ mid: ack.mid, from: String(bob.uid) });

    // Bob answers from Android; Alice's web client reads it with string ids.
    const mid = await issueMid(bob);
    bAndroid.request('message.chat', { Mid: mid, To: alice.uid, Type: 1, Content: 'hi from android', CTime: 1_700_000_002 });
    expect(await bAndroid.next('ack.message')).toEqual({ Mid: mid });
    await aWeb.waitForChats(1);
    expect(aWeb.chats()[0]).toMatchObject({ mid, from: String(bob.uid), to: String(alice.uid), content: 'hi from android', sendAt: 1_700_000_002 });
    // Bob's web device gets its own user's message too, in G2 form.
    await waitFor(() => bWeb.chats().some((c) => c.mid === mid));
    expect(bWeb.chats().find((c) => c.mid === mid)).toMatchObject({ from: String(bob.uid), to: String(alice.uid), seq: 2 });
  });

  it('uses a msg/id mid only as the key it stands for: reusing it under other cliMids stores new messages and fails no one', async () => {
    const server = await h.start();
    const [alice, bob, carol] = [await h.user(), await h.user(), await h.user()];
    const a = await h.connect(alice);
    const c = await h.connect(carol);
    const mid = await issueMid(alice);
    // Same issued mid under three keys, with Carol's sends in the same commit batches.
    const cliMids = ['k1', 'k2', 'k3'];
    const carols = [0, 1, 2].map((i) => c.send(bob.uid, `carol ${i}`));
    for (const cliMid of cliMids) a.request('message.chat', { cliMid, mid, to: String(bob.uid), type: 1, content: cliMid });
    const acks = await Promise.all(cliMids.map((cliMid) => a.ackFor(cliMid)));
    for (const cliMid of carols) await c.ackFor(cliMid);
    expect(a.failures()).toEqual([]);
    expect(c.failures()).toEqual([]);
    expect(new Set(acks.map((x) => x.mid)).size).toBe(3);
    // Sent with the mid as its only key, it is stored under that very mid.
    a.request('message.chat', { mid, to: String(bob.uid), type: 1, content: 'keyed by mid' });
    await a.raw.next((f) => f.action === 'ack.message' && (f.data as { mid: number }).mid === mid);
    expect((await server.app.store.messages.history(alice.uid, bob.uid, 10)).map((m) => m.content).sort()).toEqual(['k1', 'k2', 'k3', 'keyed by mid']);
  });
});
