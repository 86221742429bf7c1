import { afterEach, describe, expect, it } from 'vitest';
import { callApi, registerUser, type TestUser } from '../helpers/api-client.js';
import type { ServerAddress } from '../helpers/test-server.js';
import { ChatClient } from '../helpers/chat-client.js';
import { nodeOfMid } from '../../src/core/index.js';
import { startTestCluster, type TestCluster } from '../helpers/test-cluster.js';
import { waitFor, waitForAsync } from '../helpers/wait-for.js';

/** Cluster behaviour the shared e2e suites do not reach: bus loss, cache invalidation, ownership moves. */
describe('an in-process cluster', () => {
  let cluster: TestCluster | undefined;
  const clients: ChatClient[] = [];
  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await cluster?.close();
    cluster = undefined;
  });
  const connect = async (node: { httpPort: number; wsUrl: string }, user: TestUser) => {
    const client = await ChatClient.connect(node, user);
    clients.push(client);
    return client;
  };
  /** `count` groups of `owner` and `member`, created through `node`, one after another. */
  const createGroups = async (node: ServerAddress, owner: TestUser, member: TestUser, count: number) => {
    const gids: number[] = [];
    for (let i = 0; i < count; i++) {
      const reply = await callApi(node, 'group/create', { Name: `g${i}`, Member: [member.uid] }, owner.token);
      gids.push((reply.body.Data as { Gid: number }).Gid);
    }
    return gids;
  };
  const health = async (port: number) => {
    const response = await fetch(`http://127.0.0.1:${port}/health`);
    return { status: response.status, body: (await response.json()) as { Data: { bus?: string; nodes?: number[] } } };
  };

  it('reports a node that lost the bus as not ready, refuses its sends with a clear error, and recovers', async () => {
    cluster = await startTestCluster();
    const [n1, n2] = cluster.nodes;
    const alice = await registerUser(n2!);
    const bob = await registerUser(n1!);
    const a = await connect(n2!, alice);
    const b = await connect(n1!, bob);
    expect((await health(n2!.httpPort)).body.Data.nodes).toEqual([1, 2, 3]);

    cluster.hub.disconnect(n2!.nodeId);
    const down = await health(n2!.httpPort);
    expect(down.status).toBe(503);
    expect(down.body.Data.bus).toBe('down');
    expect((await health(n1!.httpPort)).status).toBe(200);
    const refused = a.send(bob.uid, 'while cut off');
    await waitFor(() => a.failures().some((f) => f.cliMid === refused), 5_000, 'message.failed.send');
    expect(a.failures().find((f) => f.cliMid === refused)!.reason).toMatch(/cluster bus is down/);
    expect(await cluster.app.store.messages.findSent([{ sender: alice.uid, cliMid: refused }])).toEqual([]);

    cluster.hub.reconnect(n2!.nodeId);
    await waitForAsync(async () => (await health(n2!.httpPort)).status === 200, 5_000, 'node 2 ready again');
    // The client retries the refused message with the same cliMid: stored and delivered once.
    a.send(bob.uid, 'while cut off', refused);
    await a.ackFor(refused);
    await waitFor(() => b.chats().some((c) => c.cliMid === refused), 5_000, 'delivery after recovery');
    expect(b.chats().filter((c) => c.cliMid === refused)).toHaveLength(1);
  });

  it('drops a cached blacklist on every node when it changes on one', async () => {
    cluster = await startTestCluster();
    const [n1, n2] = cluster.nodes;
    const alice = await registerUser(n1!);
    const bob = await registerUser(n2!);
    const a = await connect(n1!, alice);
    // The first message loads Bob's blacklist (empty) into node 1's cache.
    await a.ackFor(a.send(bob.uid, 'hello'));
    expect((await callApi(n2!, 'session/blacklist/add', { relative_ids: [alice.uid] }, bob.token)).body.Code).toBe(100);
    const blocked = a.request('message.chat', { cliMid: 'after-block', from: alice.uid, to: bob.uid, type: 1, content: 'blocked?', sendAt: Date.now() });
    await a.raw.next((f) => f.action === 'notify.forbidden' && f.seq === blocked);
  });

  it('counts an account\'s failed sign-ins across every node', async () => {
    cluster = await startTestCluster({ auth: { signinMaxFailures: 3 } });
    const nodes = cluster.nodes;
    await callApi(nodes[0]!, 'auth/register', { Account: 'erin', Password: 'right-password' });
    // One wrong password per node: each node alone would stay under the limit.
    for (const node of nodes) expect((await callApi(node, 'auth/signin', { Account: 'erin', Password: 'wrong', Device: 2 })).body.Code).toBe(1002);
    for (const node of nodes) expect((await callApi(node, 'auth/signin', { Account: 'erin', Password: 'right-password', Device: 2 })).status).toBe(429);
  });

  it("writes a new group's first notice on the gid's owner, wherever the group was created", async () => {
    cluster = await startTestCluster();
    const [n1] = cluster.nodes;
    const owner = await registerUser(n1!);
    const member = await registerUser(n1!);
    const gids = await createGroups(n1!, owner, member, 6);
    const ownerOf = (gid: number) => cluster!.nodes.find((node) => node.app.cluster!.ownership.isMine(gid))!.nodeId;
    expect(gids.some((gid) => ownerOf(gid) !== n1!.nodeId)).toBe(true);
    for (const gid of gids) {
      const [notice] = await cluster.app.store.groupMessages.range(gid, 1, 1, 1);
      // Mids carry the node that made them: the owner is the only writer of a group's sequence.
      expect({ gid, writer: nodeOfMid(notice!.mid) }).toEqual({ gid, writer: ownerOf(gid) });
    }
  });

  it('moves group ownership to a joining node without a repeated or skipped seq', async () => {
    cluster = await startTestCluster({ messaging: { maxMessagesPerSecond: 1_000_000 } }, { count: 2 });
    const [n1, n2] = cluster.nodes;
    const owner = await registerUser(n1!);
    const member = await registerUser(n2!);
    const gids = await createGroups(n1!, owner, member, 8);
    const poster = await connect(n1!, owner);
    const reader = await connect(n2!, member);
    let sent = 0;
    const post = () => {
      for (const gid of gids) poster.request('message.group', { cliMid: `p${sent}-${gid}`, from: owner.uid, to: gid, type: 1, content: `m${sent}`, sendAt: Date.now() });
      sent++;
    };
    for (let i = 0; i < 20; i++) post();
    const joining = cluster.addNode();
    for (let i = 0; i < 40; i++) {
      post();
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await joining;
    for (let i = 0; i < 20; i++) post();
    const posts = sent * gids.length;
    await waitFor(() => poster.framesOf('ack.message').length === posts, 20_000, `${posts} acks`);
    const moved = gids.filter((gid) => cluster!.nodes[2]!.app.cluster!.ownership.isMine(gid));
    expect(moved.length).toBeGreaterThan(0);
    for (const gid of gids) {
      const stored = await cluster.app.store.groupMessages.range(gid, 1, 10_000, 10_000);
      // Seq 1 is the creation notice; every post once, seqs 1..n without a gap.
      expect(stored.map((m) => m.seq)).toEqual(Array.from({ length: sent + 1 }, (_, i) => i + 1));
      expect(new Set(stored.filter((m) => m.sender === owner.uid).map((m) => m.cliMid)).size).toBe(sent);
    }
    await waitFor(() => reader.framesOf('message.group').length >= posts, 20_000, 'the member to get every post');
    const seen = reader.framesOf('message.group').map((f) => f.data as { to: number; seq: number });
    for (const gid of gids) expect(new Set(seen.filter((m) => Number(m.to) === gid).map((m) => m.seq)).size).toBe(sent);
  }, 60_000);
});
