import { jetstreamManager } from '@nats-io/jetstream';
import { connect as connectNats } from '@nats-io/transport-node';
import { afterEach, describe, expect, it } from 'vitest';
import { presenceBucket } from '../../src/bus/index.js';
import { callApi, registerUser } from '../helpers/api-client.js';
import { startChildCluster, type ChildCluster } from '../helpers/child-cluster.js';
import { expectStoredInbox } from '../helpers/cluster-checks.js';
import { FailoverClient, sendWithFailover } from '../helpers/failover-client.js';
import { requireService } from '../helpers/require-service.js';
import type { ServerAddress } from '../helpers/test-server.js';
import { waitFor, waitForAsync } from '../helpers/wait-for.js';
import { hasNatsServerBinary, NatsClusterProcess } from '../contract/bus-nats-server.js';

// Three Glide nodes (child processes, PostgreSQL) on a private 3-server NATS cluster of their own.
const postgres = await requireService('postgres');

const BULK = { GLIDE_MESSAGING_MAX_MESSAGES_PER_SECOND: '100000' };
const NODES = [1, 2, 3] as const;

/** Which NATS server (index) each Glide node is connected to, from the servers' /connz. */
async function natsServerOf(nats: NatsClusterProcess): Promise<Map<number, number>> {
  const placement = new Map<number, number>();
  for (const [index, server] of nats.cluster.servers.entries()) {
    if (!server.isRunning) continue;
    for (const name of await server.clientNames()) {
      const node = /^glide-(\d+)$/.exec(name)?.[1];
      if (node !== undefined) placement.set(Number(node), index);
    }
  }
  return placement;
}

/** Every mid of the user's inbox, by msg/sync pages: what a client pulls to fill a gap in its seqs. */
async function syncInbox(node: ServerAddress, token: string): Promise<number[]> {
  const mids: number[] = [];
  for (let after = 0; ; ) {
    const response = await callApi(node, 'msg/sync', { After: after, Limit: 100 }, token);
    const page = (response.body as { Data: { Messages: { Mid: number }[]; LastSeq: number; HasMore: boolean } }).Data;
    mids.push(...page.Messages.map((m) => m.Mid));
    if (!page.HasMore) return mids;
    after = page.LastSeq;
  }
}

if (postgres && hasNatsServerBinary()) {
  describe('glide processes on a 3-server NATS cluster', () => {
    let nats: NatsClusterProcess | undefined;
    let cluster: ChildCluster | undefined;
    const closers: (() => void)[] = [];
    afterEach(async () => {
      for (const close of closers.splice(0)) close();
      await cluster?.close();
      await nats?.dispose();
      cluster = undefined;
      nats = undefined;
    }, 60_000);

    it('loses and repeats no acked chat when a NATS server is SIGKILLed under load; nodes move to the others; the server comes back', { timeout: 180_000 }, async () => {
      nats = await NatsClusterProcess.start();
      const natsUrl = nats.url;
      cluster = await startChildCluster({ nats: { name: 'nats', url: natsUrl }, database: postgres, nodeIds: NODES, env: BULK });
      await cluster.waitForMembers(NODES);
      const live = cluster;

      // The presence bucket has a copy on every server: losing one loses no entry.
      const nc = await connectNats({ servers: natsUrl.split(',') });
      closers.push(() => void nc.close());
      const presenceStream = await (await jetstreamManager(nc)).streams.info(`KV_${presenceBucket(live.prefix)}`);
      expect(presenceStream.config.num_replicas).toBe(3);

      // Sender and receiver of every pair on different nodes: every chat crosses NATS.
      const places = [[1, 2], [2, 3], [3, 1], [1, 3], [2, 1], [3, 2]] as const;
      const pairs = await Promise.all(
        places.map(async ([from, to]) => {
          const [sender, receiver] = await Promise.all([registerUser(live.node(from)), registerUser(live.node(to))]);
          const pair = { from: await FailoverClient.connect(sender, () => live.node(from)), to: await FailoverClient.connect(receiver, () => live.node(to)) };
          closers.push(() => pair.from.close(), () => pair.to.close());
          return pair;
        }),
      );

      const perSender = 200;
      const chats = pairs.map((pair) => sendWithFailover(pair.from, { count: perSender, window: 20, timeoutMs: 120_000, send: (conn, cliMid, i) => void conn.send(pair.to.user.uid, `m${i}`, cliMid) }));
      const acked = () => chats.reduce((sum, stream) => sum + stream.acks.size, 0);
      await waitFor(() => acked() >= (pairs.length * perSender) / 3, 60_000, 'a third of the chats acked');

      // Kill the NATS server holding the most Glide nodes: at least one node must move.
      const before = await natsServerOf(nats);
      expect([...before.keys()].sort()).toEqual([...NODES]);
      const counts = [0, 1, 2].map((index) => [...before.values()].filter((held) => held === index).length);
      const victim = counts.indexOf(Math.max(...counts));
      await nats.cluster.server(victim).kill();
      const killedAt = acked();

      // Every node is back on a surviving server, and the load goes on.
      const natsCluster = nats;
      await waitForAsync(async () => {
        const after = await natsServerOf(natsCluster);
        return NODES.every((node) => after.has(node) && after.get(node) !== victim);
      }, 30_000, 'every node on a surviving NATS server');
      const chatAcks = await Promise.all(chats.map((stream) => stream.done));
      expect(acked()).toBeGreaterThan(killedAt);

      // Everything acked is stored for both ends and reaches the receiver once: pushed live, or (a push
      // that was in flight through the killed server is gone: core NATS is at most once) listed by the
      // sync a client makes when it sees a gap in its seqs.
      const store = await live.store();
      const pushedTo = (pair: (typeof pairs)[number]) => pair.to.chats().map((chat) => chat.mid);
      // Once for all: a push that was lost never comes, so this wait may run out.
      await waitFor(() => pairs.every((pair) => new Set(pushedTo(pair)).size >= perSender), 10_000, 'every chat pushed').catch(() => undefined);
      let bySync = 0;
      for (const [i, pair] of pairs.entries()) {
        // In store order: a chat resent after the failover is stored after those sent later than it.
        const mids = [...chatAcks[i]!].sort((x, y) => x.seq - y.seq).map((ack) => ack.mid);
        expect(new Set(mids).size).toBe(perSender);
        await expectStoredInbox(store, pair.to.user.uid, mids);
        await expectStoredInbox(store, pair.from.user.uid, mids);
        const pushed = pushedTo(pair);
        expect(pushed).toHaveLength(new Set(pushed).size);
        const pulled = (await syncInbox(live.node(places[i]![1]), pair.to.user.token)).filter((mid) => !pushed.includes(mid));
        bySync += pulled.length;
        const delivered = new Set([...pushed, ...pulled]);
        expect(mids.filter((mid) => !delivered.has(mid))).toEqual([]);
        expect(delivered.size).toBe(perSender);
      }
      console.log(`NATS server kill: ${pairs.length * perSender} chats acked, ${bySync} reached their receiver by a sync rather than live`);

      // The killed server comes back into the cluster and the presence bucket has its three copies again.
      await nats.cluster.restart(victim);
      const jsm = await jetstreamManager(nc);
      await waitForAsync(async () => {
        const info = await jsm.streams.info(`KV_${presenceBucket(live.prefix)}`).catch(() => undefined);
        const replicas = info?.cluster?.replicas ?? [];
        return info?.cluster?.leader !== undefined && replicas.length === 2 && replicas.every((replica) => replica.current);
      }, 30_000, 'the presence bucket to have its three copies current');
    });
  });
}
