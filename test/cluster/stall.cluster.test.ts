import { afterEach, describe, expect, it } from 'vitest';
import { callApi, registerUser } from '../helpers/api-client.js';
import { ChatClient } from '../helpers/chat-client.js';
import { startTestCluster, type TestCluster } from '../helpers/test-cluster.js';
import { waitFor } from '../helpers/wait-for.js';

/** Blocks this process (every in-process node at once) as a long GC pause or a starved CPU would. */
function stall(ms: number): void {
  const end = Date.now() + ms;
  while (Date.now() < end);
}

const groupSeqs = (client: ChatClient): number[] => client.raw.frames.filter((f) => f.action === 'message.group' || f.action === 'notify.group').map((f) => (f.data as { seq: number }).seq);
const ownSeqs = (client: ChatClient): number[] => client.framesOf('ack.message').map((f) => (f.data as { seq: number }).seq);

/**
 * A stall longer than the membership lease makes every node drop the others for a moment. They are
 * back within a heartbeat and their sockets never closed: live delivery must go on, once.
 */
describe('a cluster stalled past its lease', () => {
  let cluster: TestCluster | undefined;
  const clients: ChatClient[] = [];
  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await cluster?.close();
    cluster = undefined;
  });

  it('delivers every group post sent around the stall to every member once, in seq order', async () => {
    cluster = await startTestCluster();
    const users = await Promise.all([0, 1, 2, 3, 4, 5].map(() => registerUser(cluster!)));
    const members = await Promise.all(users.map((user) => ChatClient.connect(cluster!, user)));
    clients.push(...members);
    const reply = await callApi(cluster, 'group/create', { Name: 'stall', Member: users.slice(1).map((u) => u.uid) }, users[0]!.token);
    const gid = (reply.body.Data as { Gid: number }).Gid;
    const rounds = 20;
    for (let i = 0; i < rounds; i++) {
      for (const [n, client] of members.entries()) client.request('message.group', { cliMid: `s${n}-${i}`, to: String(gid), type: 1, content: `m${n}-${i}` });
      // Mid-run, with posts in flight on every node: longer than the 600 ms lease, shorter than a call's timeout.
      if (i === rounds / 2) setTimeout(() => stall(1_200), 5);
      await new Promise((resolve) => setTimeout(resolve, 3));
    }
    const total = 1 + rounds * members.length;
    for (const client of members) await waitFor(() => groupSeqs(client).length + ownSeqs(client).length >= total, 15_000, 'every post or its ack');
    // Room for a late repeat (a retry's owner fanning a post out again) to show up.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    for (const client of members) {
      expect([...groupSeqs(client), ...ownSeqs(client)].sort((a, b) => a - b)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
      const seen = groupSeqs(client);
      expect(seen).toEqual([...seen].sort((a, b) => a - b));
    }
  });

  it('delivers every 1:1 message sent around the stall once', async () => {
    cluster = await startTestCluster();
    const users = await Promise.all([0, 1, 2, 3, 4, 5].map(() => registerUser(cluster!)));
    const peers = await Promise.all(users.map((user) => ChatClient.connect(cluster!, user)));
    clients.push(...peers);
    const rounds = 20;
    for (let i = 0; i < rounds; i++) {
      for (const [n, client] of peers.entries()) client.send(users[(n + 1) % users.length]!.uid, `m${n}-${i}`);
      if (i === rounds / 2) setTimeout(() => stall(1_200), 5);
      await new Promise((resolve) => setTimeout(resolve, 3));
    }
    for (const client of peers) await waitFor(() => client.chats().length >= rounds, 15_000, 'every message');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    for (const client of peers) {
      const mids = client.chats().map((c) => c.mid);
      expect(new Set(mids).size).toBe(rounds);
      expect(mids.length).toBe(rounds);
    }
  });
});
