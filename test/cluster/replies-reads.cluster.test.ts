import { afterEach, describe, expect, it } from 'vitest';
import { callApi, registerUser, type TestUser } from '../helpers/api-client.js';
import { ChatClient } from '../helpers/chat-client.js';
import { startTestCluster, type TestCluster } from '../helpers/test-cluster.js';
import { waitFor, waitForAsync } from '../helpers/wait-for.js';

/** Replies, mentions and read receipts across three in-process nodes: the group's owner orders the checks. */
describe('replies, mentions and read receipts in a 3-node cluster', () => {
  let cluster: TestCluster | undefined;
  const clients: ChatClient[] = [];
  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await cluster?.close();
    cluster = undefined;
  });

  it('orders a reply, a mention and a demotion on the owner: @all after the sender lost its role is refused; readers are seen from every node', async () => {
    cluster = await startTestCluster();
    const [n1, n2, n3] = cluster.nodes;
    const [owner, admin, bob] = [await registerUser(n1!), await registerUser(n2!), await registerUser(n3!)];
    const connect = async (node: typeof n1, user: TestUser) => {
      const client = await ChatClient.connect(node!, user);
      clients.push(client);
      return client;
    };
    const [o, a, b] = [await connect(n1, owner), await connect(n2, admin), await connect(n3, bob)];
    const gid = ((await callApi(n1!, 'group/create', { Name: 'c', Member: [admin.uid, bob.uid] }, owner.token)).body.Data as { Gid: number }).Gid;
    expect((await callApi(n1!, 'group/members/role', { Gid: gid, Uid: admin.uid, Type: 2 }, owner.token)).body.Code).toBe(100);
    o.request('message.group', { cliMid: 'root', to: String(gid), type: 1, content: 'root' });
    const root = await o.ackFor('root');
    b.request('message.group', { cliMid: 'reply', to: String(gid), type: 1, content: 'reply', replyTo: root.mid });
    await b.ackFor('reply');
    await waitFor(() => o.framesOf('message.group').some((f) => (f.data as { content: string }).content === 'reply'), 10_000);
    expect(o.framesOf('message.group').find((f) => (f.data as { content: string }).content === 'reply')?.data).toMatchObject({ replyTo: root.mid });
    a.request('message.group', { cliMid: 'all-1', to: String(gid), type: 1, content: '@all', mentionAll: true });
    await a.ackFor('all-1');
    // The demotion goes through the owner's sequence; the next @all from node 2 is checked after it.
    expect((await callApi(n1!, 'group/members/role', { Gid: gid, Uid: admin.uid, Type: 3 }, owner.token)).body.Code).toBe(100);
    a.request('message.group', { cliMid: 'all-2', to: String(gid), type: 1, content: '@all again', mentionAll: true });
    await waitFor(() => a.framesOf('notify.forbidden').length === 1, 10_000);
    b.request('ack.read', { gid: String(gid), seq: root.seq });
    for (const node of [n1!, n2!, n3!]) {
      await waitForAsync(async () => ((await callApi(node, 'msg/group/readers', { Gid: gid, Seq: root.seq }, owner.token)).body.Data as unknown[]).length === 1, 10_000);
    }
  });
});
