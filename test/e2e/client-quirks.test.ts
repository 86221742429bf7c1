import { describe, expect, it } from 'vitest';
import { FIRST_GID } from '../../src/store/index.js';
import { callApi, type TestUser } from '../helpers/api-client.js';
import { useChatHarness } from '../helpers/chat-harness.js';
import { G1Client } from '../helpers/g1-client.js';
import { waitFor, waitForAsync } from '../helpers/wait-for.js';

// The frames GlideIM's own clients really send, as shared/protocol.md "Client quirks" lists them:
// the Android/Java SDK (G1: capitalised keys, numeric ids, mids from msg/id) and the web client v2
// (G2: lower-case keys, string ids, cliMid).

const ANDROID = 1;

interface OfflineLine {
  Mid: number;
  Seq: number;
}

describe('GlideIM client quirks', () => {
  const h = useChatHarness();

  /** Signs `user` in on Android the G1 way; the new token replaces the one it had on that device. */
  async function g1(user: TestUser): Promise<G1Client> {
    const signin = await callApi(h.server(), 'auth/signin', { Account: user.account, Password: user.password, Device: ANDROID });
    const token = (signin.body.Data as { Token: string }).Token;
    user.token = token;
    const client = await G1Client.connect(h.server(), token, ANDROID);
    h.track(() => client.close());
    return client;
  }

  async function issueMid(user: TestUser): Promise<number> {
    return ((await callApi(h.server(), 'msg/id', {}, user.token)).body.Data as { Mid: number }).Mid;
  }

  async function createGroup(owner: TestUser, members: TestUser[]): Promise<number> {
    const reply = await callApi(h.server(), 'group/create', { Name: 'team', Member: members.map((m) => m.uid) }, owner.token);
    expect(reply.body.Code).toBe(100);
    return (reply.body.Data as { Gid: number }).Gid;
  }

  async function offlineMids(user: TestUser): Promise<number[]> {
    return ((await callApi(h.server(), 'msg/chat/offline', {}, user.token)).body.Data as OfflineLine[]).map((m) => m.Mid);
  }

  it('G1 #1: ack.group.msg {Mid, From, Seq} without a Gid is the 1:1 receipt; ack.request of a group message is the group ack', async () => {
    const server = await h.start();
    const alice = await h.user(ANDROID);
    const bob = await h.user(ANDROID);
    const a = await g1(alice);
    const b = await g1(bob);
    const mid = await issueMid(alice);
    a.request('message.chat', { Mid: mid, From: alice.uid, To: bob.uid, Type: 1, Content: 'hi', CTime: 1_700_000_000 });
    const got = await b.next('message.chat', (d) => d.Mid === mid);
    b.request('ack.group.msg', { Mid: mid, From: alice.uid, Seq: got.Seq });
    expect(await a.next('ack.notify', (d) => d.Mid === mid)).toEqual({ Mid: mid, From: bob.uid });
    expect(b.framesOf('notify.error')).toEqual([]);
    // The device has it: its cursor passes it, so the offline list no longer names it.
    await waitForAsync(async () => (await server.app.store.messages.getDeviceCursor(bob.uid, ANDROID)) >= (got.Seq as number), 10_000, "bob's cursor");
    expect(await offlineMids(bob)).not.toContain(mid);

    const gid = await createGroup(alice, [bob]);
    const post = await issueMid(alice);
    a.request('message.group', { Mid: post, To: gid, Type: 1, Content: 'to the group', CTime: 1_700_000_001 });
    const groupMessage = await b.next('message.group', (d) => d.Mid === post);
    b.request('ack.request', { Mid: post, From: alice.uid });
    await waitForAsync(async () => (await server.app.store.groups.getMember(gid, bob.uid))?.deliveredSeq === groupMessage.Seq, 10_000, "bob's delivered seq");
    expect(b.framesOf('notify.error')).toEqual([]);

    // G2 keeps the strict reading: ack.group.msg needs its gid.
    const web = await h.connect(await h.onDevice(bob, 2));
    const seq = web.request('ack.group.msg', { mid, seq: 1 });
    const refused = await web.raw.next((f) => f.action === 'notify.error' && f.seq === seq);
    expect(refused.msg).toMatch(/gid is required/);
  });

  it('G1 #2: msg/chat/offline/ack {Mid:[…]} clears exactly the mids it names, also at the next sign-in', async () => {
    const server = await h.start();
    const alice = await h.user();
    const bob = await h.user(ANDROID);
    const a = await h.connect(alice);
    const send = async (content: string) => (await a.ackFor(a.send(bob.uid, content))).mid;
    const [m1, m2, m3] = [await send('one'), await send('two'), await send('three')];
    expect(await offlineMids(bob)).toEqual([m1, m2, m3]);

    // The newer two acked, the oldest not: only the oldest is still listed.
    expect((await callApi(server, 'msg/chat/offline/ack', { Mid: [m3, m2] }, bob.token)).body.Code).toBe(100);
    expect(await offlineMids(bob)).toEqual([m1]);
    expect((await callApi(server, 'msg/chat/offline/ack', { Mid: [m1] }, bob.token)).body.Code).toBe(100);
    expect(await offlineMids(bob)).toEqual([]);
    // All three acked: folded into the device cursor, nothing kept beside it.
    expect(await server.app.store.messages.getDeviceCursor(bob.uid, ANDROID)).toBe(3);
    expect(await server.app.store.messages.deviceAcksAfter(bob.uid, ANDROID, 0)).toEqual([]);

    // Acked over HTTP out of order, then signed in: the sign-in push leaves the acked one out.
    const [m4, m5] = [await send('four'), await send('five')];
    await callApi(server, 'msg/chat/offline/ack', { Mid: [m5] }, bob.token);
    expect(await offlineMids(bob)).toEqual([m4]);
    const b = await g1(bob);
    const live = await send('live');
    await b.next('message.chat', (d) => d.Mid === live);
    expect(b.framesOf('message.chat').map((f) => (f.Data as { Mid: number }).Mid)).toEqual([m4, live]);
  });

  it('G1 #3: a recall sent under its own fresh Mid is acked with that Mid, and the history shows the message recalled', async () => {
    const server = await h.start();
    const alice = await h.user(ANDROID);
    const bob = await h.user(ANDROID);
    const a = await g1(alice);
    const b = await g1(bob);
    const mid = await issueMid(alice);
    a.request('message.chat', { Mid: mid, To: bob.uid, Type: 1, Content: 'oops', CTime: 1_700_000_000 });
    expect(await a.next('ack.message', (d) => d.Mid === mid)).toEqual({ Mid: mid });
    await b.next('message.chat', (d) => d.Mid === mid);

    const recallMid = await issueMid(alice);
    a.request('message.chat.recall', { Mid: recallMid, From: alice.uid, To: bob.uid, Type: 1, Content: JSON.stringify({ ReCallBy: alice.uid, Mid: mid }), CTime: 1_700_000_001 });
    expect(await a.next('ack.message', (d) => d.Mid === recallMid)).toEqual({ Mid: recallMid });
    expect(await b.next('message.chat.recall')).toMatchObject({ Mid: mid, From: alice.uid, To: bob.uid });
    const history = (await callApi(server, 'msg/chat/history', { Uid: bob.uid }, alice.token)).body.Data as { Mid: number; Status: number }[];
    expect(history.find((m) => m.Mid === mid)?.Status).toBe(1);
  });

  it('G1 #4: a group post keeps its Mid from msg/id in ack.notify, the fan-out and the history; a retry is the same post', async () => {
    const server = await h.start();
    const alice = await h.user(ANDROID);
    const bob = await h.user(ANDROID);
    const gid = await createGroup(alice, [bob]);
    const a = await g1(alice);
    const b = await g1(bob);
    const mid = await issueMid(alice);
    const frame = { Mid: mid, From: alice.uid, To: gid, Type: 1, Content: 'hello team', CTime: 1_700_000_000 };
    a.request('message.group', frame);
    const ack = await a.next('ack.notify', (d) => d.Mid === mid);
    expect(ack).toEqual({ Mid: mid, Seq: expect.any(Number) });
    expect(await b.next('message.group', (d) => d.Mid === mid)).toMatchObject({ Mid: mid, Seq: ack.Seq, From: alice.uid, To: gid, Content: 'hello team' });

    a.request('message.group', frame);
    await waitFor(() => a.framesOf('ack.notify').length === 2);
    expect(a.framesOf('ack.notify')[1]!.Data).toEqual(ack);
    const history = (await callApi(server, 'msg/group/history', { Gid: gid }, bob.token)).body.Data as { Mid: number; Content: string }[];
    expect(history.filter((m) => m.Content === 'hello team').map((m) => m.Mid)).toEqual([mid]);

    // A mid is used once: the same mid in another group is not taken as that post's mid.
    const other = await createGroup(alice, [bob]);
    a.request('message.group', { ...frame, To: other });
    await waitFor(() => a.framesOf('ack.notify').length === 3);
    expect((a.framesOf('ack.notify')[2]!.Data as { Mid: number }).Mid).not.toBe(mid);
  });

  it('G2 #5: the custody ack.notify for an offline receiver comes when the web client listens (0.8 s after ack.message), once', async () => {
    await h.start();
    const alice = await h.user();
    const bob = await h.user();
    const a = await h.connect(alice, { isAutoAck: false });
    const arrivals: { action: string; at: number }[] = [];
    a.raw.onFrame = (f) => arrivals.push({ action: String(f.action), at: performance.now() });
    const ack = await a.ackFor(a.send(bob.uid, 'for later'));
    await waitFor(() => a.ackNotifies().includes(ack.mid), 10_000, 'the custody receipt');
    const at = (action: string) => arrivals.find((x) => x.action === action)!.at;
    expect(at('ack.notify') - at('ack.message')).toBeGreaterThanOrEqual(800);
    expect(a.framesOf('ack.notify')[0]!.data).toEqual({ mid: ack.mid, from: String(bob.uid) });
    // Bob comes and acks it: the sender keeps its single receipt.
    const b = await h.connect(bob);
    await b.waitForChats(1);
    const later = await a.ackFor(a.send(bob.uid, 'now'));
    await waitFor(() => a.ackNotifies().includes(later.mid));
    expect(a.ackNotifies()).toEqual([ack.mid, later.mid]);
  });

  it('G2 #6: a gid never equals a uid: gids start at 1,000,000,000 and a group message names its gid', async () => {
    await h.start();
    const alice = await h.user();
    const bob = await h.user();
    const gid = await createGroup(alice, [bob]);
    expect(gid).toBeGreaterThanOrEqual(FIRST_GID);
    expect(Math.max(alice.uid, bob.uid)).toBeLessThan(FIRST_GID);
    const a = await h.connect(alice);
    const b = await h.connect(bob);
    a.request('message.group', { cliMid: 'g-1', to: String(gid), type: 1, content: 'team' });
    const got = await b.raw.next((f) => f.action === 'message.group');
    expect(got.data).toMatchObject({ to: String(gid), from: String(alice.uid), content: 'team' });
  });

  it('G2/G1 #7: session/recent lists only 1:1 lines to GlideIM clients; {Groups: true} (our SDK and page) adds the group lines', async () => {
    const server = await h.start();
    const alice = await h.user();
    const bob = await h.user();
    await callApi(server, 'contacts/add', { Uid: bob.uid }, alice.token);
    const gid = await createGroup(alice, [bob]);
    const lines = async (body: unknown) => ((await callApi(server, 'session/recent', body, alice.token)).body.Data as { To: number; Type: number }[]).map((s) => [s.Type, s.To]);
    expect(await lines({})).toEqual([[1, bob.uid]]);
    expect((await lines({ Groups: true })).sort()).toEqual([[1, bob.uid], [2, gid]].sort());
    // Over the long connection the same: the web client v2 and the Android SDK send no flag.
    const web = await h.connect(alice);
    expect(((await web.api('session/recent')).data as { Type: number }[]).map((s) => s.Type)).toEqual([1]);
    const android = await g1(await h.onDevice(alice, ANDROID));
    const seq = android.request('api.session.recent', {});
    const reply = await android.raw.next((f) => f.Seq === seq && f.Action === 'api.success');
    expect((reply.Data as { Type: number }[]).map((s) => s.Type)).toEqual([1]);
  });
});
