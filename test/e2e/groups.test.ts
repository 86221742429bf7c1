import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { silentLogger } from '../../src/log/index.js';
import { callApi, registerUser, signin, type TestUser } from '../helpers/api-client.js';
import { ChatClient } from '../helpers/chat-client.js';
import type { Frame } from '../helpers/raw-clients.js';
import { startTestServer, testConfig, type TestServer } from '../helpers/test-server.js';
import { waitFor, waitForAsync } from '../helpers/wait-for.js';

interface GroupData {
  mid: number;
  seq: number;
  from: string;
  to: string;
  content: string;
  cliMid?: string;
}

const groupFrames = (client: ChatClient): Frame[] => client.raw.frames.filter((f) => f.action === 'message.group' || f.action === 'notify.group');
const seqsOf = (client: ChatClient): number[] => groupFrames(client).map((f) => (f.data as { seq: number }).seq);
const posts = (client: ChatClient): GroupData[] => client.framesOf('message.group').map((f) => f.data as GroupData);

describe('group chat', () => {
  let server: TestServer | undefined;
  const clients: ChatClient[] = [];

  async function connect(user: TestUser, target: { wsUrl: string; httpPort: number } = server!): Promise<ChatClient> {
    const client = await ChatClient.connect(target, user);
    clients.push(client);
    return client;
  }

  async function createGroup(owner: TestUser, members: TestUser[]): Promise<number> {
    const reply = await callApi(server!, 'group/create', { Name: 'team', Member: members.map((m) => m.uid) }, owner.token);
    expect(reply.body.Code).toBe(100);
    return (reply.body.Data as { Gid: number }).Gid;
  }

  function post(client: ChatClient, gid: number, content: string, cliMid = `g-${Math.random().toString(36).slice(2)}`): string {
    client.request('message.group', { cliMid, to: String(gid), type: 1, content });
    return cliMid;
  }

  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await server?.close();
    server = undefined;
  });

  it('sequences a post, acks the sender with its seq and delivers it to every member device', async () => {
    server = await startTestServer();
    const [owner, bob, carol] = [await registerUser(server), await registerUser(server), await registerUser(server)];
    const ownerPhone = await signin(server, owner.account, owner.password, 1);
    const [o, oPhone, b, c] = [await connect(owner), await connect(ownerPhone), await connect(bob), await connect(carol)];
    const gid = await createGroup(owner, [bob, carol]);
    const cliMid = post(o, gid, 'hello team');
    const ack = await o.ackFor(cliMid);
    expect(ack.seq).toBe(2);
    for (const member of [oPhone, b, c]) {
      await waitFor(() => posts(member).length === 1);
      expect(posts(member)[0]).toMatchObject({ cliMid, mid: ack.mid, seq: 2, from: String(owner.uid), to: String(gid), content: 'hello team' });
    }
    expect(posts(o)).toEqual([]);
    const created = b.framesOf('notify.group')[0]?.data as { seq: number; type: number; uids: string[] };
    expect(created).toMatchObject({ seq: 1, type: 1 });
  });

  it('gives concurrent senders strictly increasing, gapless seqs seen in the same order by everyone', async () => {
    server = await startTestServer();
    const users = await Promise.all([0, 1, 2, 3, 4].map(() => registerUser(server!)));
    const members = await Promise.all(users.map((u) => connect(u)));
    const gid = await createGroup(users[0]!, users.slice(1));
    const perSender = 20;
    for (let i = 0; i < perSender; i++) for (const [n, client] of members.entries()) post(client, gid, `m${n}-${i}`);
    const total = 1 + perSender * members.length;
    for (const client of members) await waitFor(() => seqsOf(client).length + client.framesOf('ack.message').length >= total, 20_000);
    const reference = members.map((client) => {
      const own = client.framesOf('ack.message').map((f) => (f.data as { seq: number }).seq);
      return [...seqsOf(client), ...own].sort((a, b) => a - b);
    });
    for (const seqs of reference) expect(seqs).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    const orderOf = (client: ChatClient) => posts(client).map((p) => p.seq);
    for (const client of members) {
      const seen = orderOf(client);
      expect(seen).toEqual([...seen].sort((a, b) => a - b));
    }
  });

  it('absorbs a repeated cliMid without using a seq', async () => {
    server = await startTestServer();
    const [owner, bob] = [await registerUser(server), await registerUser(server)];
    const [o, b] = [await connect(owner), await connect(bob)];
    const gid = await createGroup(owner, [bob]);
    post(o, gid, 'once', 'same-key');
    post(o, gid, 'once', 'same-key');
    post(o, gid, 'after', 'next-key');
    const acks = [await o.ackFor('same-key'), await o.ackFor('next-key')];
    await waitFor(() => o.framesOf('ack.message').length === 3);
    const all = o.framesOf('ack.message').map((f) => f.data as { mid: number; seq: number });
    expect(all[0]).toEqual(all[1]);
    expect(acks[1]!.seq).toBe(acks[0]!.seq + 1);
    await waitFor(() => posts(b).length === 2);
    expect(posts(b).map((p) => p.seq)).toEqual([2, 3]);
  });

  it('continues the seq after a restart and keeps notices readable in history', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'glide-group-restart-'));
    try {
      const first = await createApp({ config: testConfig({}, dataDir), log: silentLogger() });
      const { httpPort } = await first.start();
      server = { app: first, httpPort, tcpPort: -1, wsUrl: `ws://127.0.0.1:${httpPort}/ws`, dataDir, close: () => first.close() };
      const [owner, bob] = [await registerUser(server), await registerUser(server)];
      const gid = await createGroup(owner, [bob]);
      const o = await connect(owner);
      await o.ackFor(post(o, gid, 'before restart'));
      o.close();
      await first.close();

      const second = await createApp({ config: testConfig({}, dataDir), log: silentLogger() });
      const restarted = await second.start();
      server = { app: second, httpPort: restarted.httpPort, tcpPort: -1, wsUrl: `ws://127.0.0.1:${restarted.httpPort}/ws`, dataDir, close: () => second.close() };
      const again = await connect(owner);
      expect((await again.ackFor(post(again, gid, 'after restart'))).seq).toBe(3);
      const history = await callApi(server, 'msg/group/history', { Gid: gid }, owner.token);
      expect((history.body.Data as { Seq: number; Sender: number }[]).map((m) => [m.Seq, m.Sender])).toEqual([
        [3, owner.uid],
        [2, owner.uid],
        [1, 0],
      ]);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('stops delivering to a removed member at once, and a new member sees messages from its join on', async () => {
    server = await startTestServer();
    const [owner, bob, carol] = [await registerUser(server), await registerUser(server), await registerUser(server)];
    const [o, b, c] = [await connect(owner), await connect(bob), await connect(carol)];
    const gid = await createGroup(owner, [bob]);
    await o.ackFor(post(o, gid, 'before'));
    expect((await callApi(server, 'group/members/remove', { Gid: gid, Uid: [bob.uid] }, owner.token)).body.Code).toBe(100);
    await b.raw.next((f) => f.action === 'notify.group' && (f.data as { type: number }).type === 2);
    expect((await callApi(server, 'group/members/invite', { Gid: gid, Uid: [carol.uid] }, owner.token)).body.Code).toBe(100);
    await o.ackFor(post(o, gid, 'after'));
    await waitFor(() => posts(c).length === 1);
    expect(posts(c)[0]!.content).toBe('after');
    expect(posts(b).map((p) => p.content)).toEqual(['before']);
    const carolHistory = await callApi(server, 'msg/group/history', { Gid: gid }, carol.token);
    expect((carolHistory.body.Data as { Seq: number }[]).map((m) => m.Seq)).toEqual([5, 4]);
    const bobHistory = await callApi(server, 'msg/group/history', { Gid: gid }, bob.token);
    expect(bobHistory.body.Code).toBe(3003);
    expect((await callApi(server, 'msg/group/state', { Gid: gid }, bob.token)).body.Code).toBe(3003);
    b.request('message.group', { cliMid: 'late', to: String(gid), type: 1, content: 'am I in?' });
    expect((await b.raw.next((f) => f.action === 'notify.forbidden')).data).toMatch(/not a member/);
  });

  it('enforces mute, roles and dissolve immediately, through HTTP and the socket', async () => {
    server = await startTestServer();
    const [owner, bob, carol] = [await registerUser(server), await registerUser(server), await registerUser(server)];
    const [o, b] = [await connect(owner), await connect(bob)];
    const gid = await createGroup(owner, [bob, carol]);
    expect((await callApi(server, 'group/members/mute', { Gid: gid, Uid: bob.uid, Mute: true }, carol.token)).body.Code).toBe(3003);
    expect((await callApi(server, 'group/members/mute', { Gid: gid, Uid: bob.uid, Mute: true }, owner.token)).body.Code).toBe(100);
    b.request('message.group', { cliMid: 'muted', to: String(gid), type: 1, content: 'x' });
    expect((await b.raw.next((f) => f.action === 'notify.forbidden')).data).toMatch(/muted/);
    expect((await b.api('group/members/role', { Gid: gid, Uid: carol.uid, Type: 2 })).data).toMatchObject({ Code: 3003 });
    expect((await o.api('group/members/role', { Gid: gid, Uid: carol.uid, Type: 2 })).action).toBe('api.success');
    expect((await callApi(server, 'group/members/mute', { Gid: gid, Uid: bob.uid, Mute: false }, carol.token)).body.Code).toBe(100);
    expect((await callApi(server, 'group/update', { Gid: gid, Mute: true }, owner.token)).body.Code).toBe(100);
    b.request('message.group', { cliMid: 'group-muted', to: String(gid), type: 1, content: 'x' });
    await b.raw.next((f) => f.action === 'notify.forbidden' && String(f.data).includes('group is muted'));
    expect((await callApi(server, 'group/dissolve', { Gid: gid }, carol.token)).body.Code).toBe(3003);
    expect((await callApi(server, 'group/dissolve', { Gid: gid }, owner.token)).body.Code).toBe(100);
    o.request('message.group', { cliMid: 'gone', to: String(gid), type: 1, content: 'x' });
    expect((await o.raw.next((f) => f.action === 'notify.forbidden')).data).toMatch(/dissolved/);
    const members = await callApi(server, 'group/members', { Gid: gid }, owner.token);
    expect((members.body.Data as { Uid: number; Type: number }[]).find((m) => m.Uid === carol.uid)?.Type).toBe(2);
  });

  it('hands ownership to an admin when the owner exits', async () => {
    server = await startTestServer();
    const [owner, bob, carol] = [await registerUser(server), await registerUser(server), await registerUser(server)];
    const gid = await createGroup(owner, [bob, carol]);
    await callApi(server, 'group/members/role', { Gid: gid, Uid: carol.uid, Type: 2 }, owner.token);
    expect((await callApi(server, 'group/exit', { Gid: gid }, owner.token)).body.Code).toBe(100);
    const info = await callApi(server, 'group/info', { Gid: [gid] }, bob.token);
    expect((info.body.Data as { Owner: number }[])[0]!.Owner).toBe(carol.uid);
    expect((await callApi(server, 'group/members/remove', { Gid: gid, Uid: [bob.uid] }, carol.token)).body.Code).toBe(100);
  });

  it('lets the sender or a manager recall within the window, and nobody else', async () => {
    server = await startTestServer();
    const [owner, bob, carol] = [await registerUser(server), await registerUser(server), await registerUser(server)];
    const [o, b, c] = [await connect(owner), await connect(bob), await connect(carol)];
    const gid = await createGroup(owner, [bob, carol]);
    const otherGid = await createGroup(owner, [bob]);
    const first = await b.ackFor(post(b, gid, 'bob 1'));
    const second = await b.ackFor(post(b, gid, 'bob 2'));
    const recall = (client: ChatClient, target: number, mid: number) => {
      const cliMid = `r-${Math.random().toString(36).slice(2)}`;
      client.request('message.group.recall', { cliMid, to: String(target), type: 1, content: JSON.stringify({ mid, recallBy: client.user.uid }) });
      return cliMid;
    };
    const denied = recall(c, gid, first.mid);
    await c.raw.next((f) => f.action === 'message.failed.send' && (f.data as { cliMid: string }).cliMid === denied);
    const wrongGroup = recall(o, otherGid, first.mid);
    await o.raw.next((f) => f.action === 'message.failed.send' && (f.data as { cliMid: string }).cliMid === wrongGroup);
    await b.ackFor(recall(b, gid, first.mid));
    await o.ackFor(recall(o, gid, second.mid));
    await waitFor(() => c.framesOf('message.group.recall').length === 2);
    const history = await callApi(server, 'msg/group/history', { Gid: gid }, carol.token);
    const statuses = (history.body.Data as { Mid: number; Status: number; RecallBy: number }[]).filter((m) => m.Mid === first.mid || m.Mid === second.mid);
    expect(statuses.map((m) => [m.Status, m.RecallBy]).sort()).toEqual([
      [1, bob.uid],
      [1, owner.uid],
    ].sort());
  });

  it('pushes missed group messages at sign-in, and a range pull fills an older gap', async () => {
    server = await startTestServer();
    const [owner, bob] = [await registerUser(server), await registerUser(server)];
    const o = await connect(owner);
    const gid = await createGroup(owner, [bob]);
    for (let i = 0; i < 3; i++) await o.ackFor(post(o, gid, `while away ${i}`));
    const b = await connect(bob);
    await waitFor(() => groupFrames(b).length === 4);
    expect(seqsOf(b)).toEqual([1, 2, 3, 4]);
    b.request('ack.group.msg', { gid: String(gid), mid: posts(b)[2]!.mid, seq: 4 });
    const range = await callApi(server, 'msg/group/range', { Gid: gid, FromSeq: 2, ToSeq: 3 }, bob.token);
    expect((range.body.Data as { Seq: number }[]).map((m) => m.Seq)).toEqual([2, 3]);
    const stateAll = await callApi(server, 'msg/group/state/all', {}, bob.token);
    expect(stateAll.body.Data).toEqual([expect.objectContaining({ Gid: gid, LastSeq: 4 })]);
    await waitForAsync(async () => (await server!.app.store.groups.getMember(gid, bob.uid))?.deliveredSeq === 4, 5_000, 'the delivered cursor');
  });

  it('delivers one message to each member of a 2,000-member group, all connected', async () => {
    server = await startTestServer({ gateway: { maxQueueBytes: 16 * 1024 * 1024 } });
    const owner = await registerUser(server);
    const size = 2_000;
    const members: TestUser[] = [];
    for (let i = 1; i < size; i++) {
      const account = `big${process.pid}_${i}`;
      const { uid } = await server.app.store.users.create({ account, passwordHash: 'unused', nickname: account });
      members.push({ uid, account, password: '', token: await server.app.accounts.tokenFor(uid, 2), credential: '' });
    }
    // Requests carry at most 500 ids: create with the first ones, invite the rest in batches.
    const gid = await createGroup(owner, members.slice(0, 500));
    for (let i = 500; i < members.length; i += 500) {
      expect((await callApi(server, 'group/members/invite', { Gid: gid, Uid: members.slice(i, i + 500).map((m) => m.uid) }, owner.token)).body.Code).toBe(100);
    }
    const o = await connect(owner);
    const connected: ChatClient[] = [];
    for (let i = 0; i < members.length; i += 100) connected.push(...(await Promise.all(members.slice(i, i + 100).map((m) => connect(m)))));
    await o.ackFor(post(o, gid, 'to everyone'));
    await waitFor(() => connected.every((client) => posts(client).length === 1), 60_000, 'every member to get the post');
    expect(new Set(connected.map((client) => posts(client)[0]!.mid)).size).toBe(1);
  }, 120_000);
});
