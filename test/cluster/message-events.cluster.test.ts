import { afterEach, describe, expect, it } from 'vitest';
import { callApi, registerUser, signin, type TestUser } from '../helpers/api-client.js';
import { ChatClient } from '../helpers/chat-client.js';
import { createGroup } from '../helpers/cluster-checks.js';
import type { Frame } from '../helpers/raw-clients.js';
import type { ServerAddress } from '../helpers/test-server.js';
import { startTestCluster, type TestCluster } from '../helpers/test-cluster.js';
import { waitFor } from '../helpers/wait-for.js';

const ROUNDS = 6;

/** Messages and events of one kind of conversation, as one connection got them: [action, seq]. */
function sequence(frames: readonly Frame[], actions: readonly string[]): [string, number][] {
  return frames.filter((f) => actions.includes(f.action as string)).map((f) => [f.action as string, (f.data as { seq: number }).seq]);
}

async function call(node: ServerAddress, user: TestUser, path: string, body: unknown): Promise<void> {
  const reply = await callApi(node, path, body, user.token);
  expect(reply.body, path).toMatchObject({ Code: 100 });
}

/** Edits, reactions and pins asked through every node are ordered by the conversation's owner. */
describe('message events in a 3-node in-process cluster', () => {
  let cluster: TestCluster | undefined;
  const clients: ChatClient[] = [];
  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await cluster?.close();
    cluster = undefined;
  });
  const connect = async (node: ServerAddress, user: TestUser) => {
    const client = await ChatClient.connect(node, user);
    clients.push(client);
    return client;
  };

  it('1:1: events asked on any node take their place among the messages, gapless, on every device', async () => {
    cluster = await startTestCluster();
    const [n1, n2, n3] = cluster.nodes as unknown as [ServerAddress, ServerAddress, ServerAddress];
    const alice = await registerUser(n1);
    const bob = await registerUser(n2);
    const a = await connect(n1, alice);
    const b = await connect(n2, bob);
    const b2 = await connect(n3, await signin(n3, bob.account, bob.password, 5));
    const nodes = [n1, n2, n3];
    for (let i = 0; i < ROUNDS; i++) {
      const sent = await a.ackFor(a.send(bob.uid, `text ${i}`));
      const via = nodes[i % 3]!;
      if (i % 3 === 0) await call(via, alice, 'msg/edit', { Mid: sent.mid, Content: `text ${i}, edited` });
      else if (i % 3 === 1) await call(via, bob, 'msg/react', { Mid: sent.mid, Key: '👍', Add: true });
      else await call(via, bob, 'msg/pin', { Mid: sent.mid, Pin: true });
    }
    for (const client of [b, b2]) {
      await waitFor(() => sequence(client.raw.frames, ['message.chat', 'message.chat.event']).length === ROUNDS * 2, 15_000, 'every message and event');
      const got = sequence(client.raw.frames, ['message.chat', 'message.chat.event']);
      expect(got.map(([action]) => action)).toEqual(Array.from({ length: ROUNDS }, () => ['message.chat', 'message.chat.event']).flat());
      const seqs = got.map(([, seq]) => seq);
      expect(seqs).toEqual(seqs.map((_, i) => seqs[0]! + i));
    }
    // Every node reads the same state.
    for (const node of nodes) {
      const history = (await callApi(node, 'msg/chat/history', { Uid: alice.uid }, bob.token)).body.Data as { Content: string; Edited?: boolean; Reactions?: Record<string, number> }[];
      expect(history.filter((m) => m.Edited).map((m) => m.Content).sort()).toEqual(['text 0, edited', 'text 3, edited']);
      expect(history.filter((m) => m.Reactions).length).toBe(2);
      expect(((await callApi(node, 'msg/pins', { Uid: bob.uid }, alice.token)).body.Data as unknown[]).length).toBe(2);
    }
  });

  it('groups: events asked on any node take the next group seqs, in order, for members on every node', async () => {
    cluster = await startTestCluster();
    const [n1, n2, n3] = cluster.nodes as unknown as [ServerAddress, ServerAddress, ServerAddress];
    const owner = await registerUser(n1);
    const member = await registerUser(n2);
    const gid = await createGroup(n1, owner, [member]);
    const o = await connect(n1, owner);
    const m = await connect(n3, member);
    const nodes = [n1, n2, n3];
    for (let i = 0; i < ROUNDS; i++) {
      o.request('message.group', { cliMid: `g${i}`, to: String(gid), type: 1, content: `post ${i}` });
      const posted = await o.ackFor(`g${i}`);
      const via = nodes[i % 3]!;
      if (i % 2 === 0) await call(via, member, 'msg/react', { Mid: posted.mid, Key: '🎉', Add: true, Gid: gid });
      else await call(via, owner, 'msg/pin', { Mid: posted.mid, Pin: true, Gid: gid });
    }
    await waitFor(() => sequence(m.raw.frames, ['message.group', 'message.group.event']).length === ROUNDS * 2, 15_000, 'every post and event');
    const got = sequence(m.raw.frames, ['message.group', 'message.group.event']);
    expect(got.map(([action]) => action)).toEqual(Array.from({ length: ROUNDS }, () => ['message.group', 'message.group.event']).flat());
    const seqs = got.map(([, seq]) => seq);
    expect(seqs).toEqual(seqs.map((_, i) => seqs[0]! + i));
  });
});
