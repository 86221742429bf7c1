import { afterEach, describe, expect, it } from 'vitest';
import { callApi, registerUser, signin, type TestUser } from '../helpers/api-client.js';
import { ChatClient, type ChatClientOptions } from '../helpers/chat-client.js';
import { startTestCluster, type ClusterMember, type TestCluster } from '../helpers/test-cluster.js';
import { waitFor } from '../helpers/wait-for.js';

/**
 * How many times one message crosses nodes (bus messages, counted by each node's peer relay and owner
 * calls; a call and its reply are two), with the sender, the owner and the receivers on three different
 * nodes: the worst placement. docs/cluster.md states these counts.
 */
describe('node crossings per message in a 3-node cluster', () => {
  let cluster: TestCluster | undefined;
  const clients: ChatClient[] = [];
  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await cluster?.close();
    cluster = undefined;
  });
  const connect = async (node: ClusterMember, user: TestUser, options: ChatClientOptions = {}) => {
    const client = await ChatClient.connect(node, user, options);
    clients.push(client);
    await waitFor(() => node.app.cluster!.presence.nodesOf(user.uid).includes(node.nodeId), 5_000, `uid ${user.uid} in presence`);
    return client;
  };
  const crossings = () => cluster!.nodes.map((node) => node.app.cluster!.crossings.snapshot());
  const total = (counts: Record<string, number>[]) => counts.reduce((sum, c) => sum + Object.values(c).reduce((a, b) => a + b, 0), 0);
  const diff = (before: Record<string, number>[], after: Record<string, number>[]) => {
    const out: Record<string, number> = {};
    after.forEach((counts, i) => {
      for (const [what, n] of Object.entries(counts)) if (n > (before[i]![what] ?? 0)) out[what] = (out[what] ?? 0) + n - (before[i]![what] ?? 0);
    });
    return out;
  };
  /** The nodes in the order sender, owner, receiver for an owner node of `isOwner`. */
  const placement = (isOwner: (node: ClusterMember) => boolean) => {
    const owner = cluster!.nodes.find(isOwner)!;
    const [sender, receiver] = cluster!.nodes.filter((node) => node !== owner);
    return { sender: sender!, owner, receiver: receiver! };
  };

  /** Alice and Bob on a new cluster, with the nodes placed around the owner of their conversation. */
  const aliceAndBob = async () => {
    cluster = await startTestCluster();
    const alice = await registerUser(cluster.nodes[0]!);
    const bob = await registerUser(cluster.nodes[0]!);
    const conversation = alice.uid < bob.uid ? `${alice.uid}:${bob.uid}` : `${bob.uid}:${alice.uid}`;
    return { alice, bob, at: placement((node) => node.app.cluster!.ownership.isMine(conversation)) };
  };

  it('a 1:1 message: call and reply to the owner, fan-out to the receiver, whose node sends the notice to the sender', async () => {
    const { alice, bob, at } = await aliceAndBob();
    const a = await connect(at.sender, alice);
    const b = await connect(at.receiver, bob);

    const before = crossings();
    const { mid } = await a.ackFor(a.send(bob.uid, 'across three nodes'));
    await waitFor(() => b.chats().some((c) => c.mid === mid), 5_000, 'delivery');
    await waitFor(() => a.ackNotifies().includes(mid), 5_000, 'the receipt');
    const after = crossings();
    // The receiver's node keeps the receipt state (it holds all of bob's devices): no receipt to the owner.
    expect(diff(before, after)).toEqual({ 'call.chat.write': 2, 'deliver.chat': 1, 'deliver.push': 1 });
    expect(total(after) - total(before)).toBe(4);
  });

  it('a receipt from a device that signed in on another node after the fan-out still reaches the sender, once', async () => {
    const { alice, bob, at } = await aliceAndBob();
    const a = await connect(at.sender, alice);
    // Bob's first device keeps the message without acking it: its node holds the receipt state.
    const b1 = await connect(at.receiver, bob, { isAutoAck: false });
    const { mid } = await a.ackFor(a.send(bob.uid, 'kept by the receiver node'));
    await waitFor(() => b1.chats().some((c) => c.mid === mid), 5_000, 'delivery');

    // A second device signs in on the owner's node, gets the message by sync and acks it there.
    const b2 = await connect(at.owner, await signin(at.owner, bob.account, bob.password, 1));
    await waitFor(() => b2.chats().some((c) => c.mid === mid), 5_000, 'the sign-in sync');
    await waitFor(() => a.ackNotifies().includes(mid), 5_000, 'the receipt');
    expect(a.ackNotifies().filter((m) => m === mid)).toHaveLength(1);
  });

  it('a group message: call and reply to the owner, one fan-out message per other node holding members', async () => {
    cluster = await startTestCluster();
    const [alice, bob, carol] = [await registerUser(cluster.nodes[0]!), await registerUser(cluster.nodes[0]!), await registerUser(cluster.nodes[0]!)];
    const created = await callApi(cluster.nodes[0]!, 'group/create', { Name: 'three nodes', Member: [bob.uid, carol.uid] }, alice.token);
    const gid = (created.body.Data as { Gid: number }).Gid;
    const at = placement((node) => node.app.cluster!.ownership.isMine(gid));
    const a = await connect(at.sender, alice);
    const b = await connect(at.owner, bob);
    const c = await connect(at.receiver, carol);

    const before = crossings();
    const cliMid = 'g1';
    a.request('message.group', { cliMid, from: alice.uid, to: gid, type: 1, content: 'to everyone', sendAt: Date.now() });
    await waitFor(() => a.framesOf('ack.message').some((f) => (f.data as { cliMid?: string }).cliMid === cliMid), 5_000, 'the ack');
    for (const member of [b, c]) await waitFor(() => member.framesOf('message.group').some((f) => (f.data as { cliMid?: string }).cliMid === cliMid), 5_000, 'delivery');
    const after = crossings();
    // The sender's node holds no other member connection: nothing goes back there but the reply.
    expect(diff(before, after)).toEqual({ 'call.group.post': 2, 'deliver.group': 1 });
    expect(total(after) - total(before)).toBe(3);
  });
});
