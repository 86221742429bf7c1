import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kvm } from '@nats-io/kv';
import { connect as connectNats } from '@nats-io/transport-node';
import { nodeIdBucket, presenceBucket } from '../../src/bus/index.js';
import { silentLogger } from '../../src/log/index.js';
import { createStore, type Store } from '../../src/store/index.js';
import { startChildServer, type ChildServer } from './child-server.js';
import type { ServiceInfo } from './require-service.js';
import { isolatedDatabase, type IsolatedDatabase } from './store-fixtures.js';
import { waitForAsync } from './wait-for.js';

/** A `glide serve` process that is one node of a cluster. */
export interface ChildNode extends ChildServer {
  readonly nodeId: number;
}

/** Nodes as real processes on the machine's NATS and a fresh database, under a cluster prefix of their own. */
export interface ChildCluster {
  /** The cluster's subject and bucket prefix. */
  readonly prefix: string;
  /** Every node started, killed ones included, by id. */
  readonly nodes: ReadonlyMap<number, ChildNode>;
  node(id: number): ChildNode;
  start(nodeId: number): Promise<ChildNode>;
  /** Resolves once each node of `ids` reports exactly `ids` as the live members (GET /health). */
  waitForMembers(ids: readonly number[], timeoutMs?: number): Promise<void>;
  /** The shared database, opened in the test process to read what the nodes stored. */
  store(): Promise<Store>;
  /** Kills every node, drops the database and the cluster's NATS buckets. */
  close(): Promise<void>;
}

export interface ChildClusterOptions {
  nats: ServiceInfo;
  database: ServiceInfo;
  /** Node ids started at once (in parallel: the store migrates once whoever comes first). */
  nodeIds: readonly number[];
  /** More GLIDE_* settings for every node. */
  env?: Readonly<Record<string, string>>;
}

/** Heartbeats and leases short enough that a killed node leaves within about a second. */
const FAST_MEMBERSHIP = { GLIDE_CLUSTER_HEARTBEAT_INTERVAL_MS: '200', GLIDE_CLUSTER_LEASE_MS: '1000' };

export async function startChildCluster(options: ChildClusterOptions): Promise<ChildCluster> {
  const prefix = `t${randomBytes(6).toString('hex')}`;
  const database: IsolatedDatabase = await isolatedDatabase(options.database);
  const env = {
    GLIDE_AUTH_SECRET: randomBytes(32).toString('base64url'),
    GLIDE_CLUSTER_PREFIX: prefix,
    GLIDE_LOG_FORMAT: 'json',
    ...FAST_MEMBERSHIP,
    ...options.env,
  };
  const nodes = new Map<number, ChildNode>();
  const dataDirs: string[] = [];
  let store: Store | undefined;

  const start = async (nodeId: number): Promise<ChildNode> => {
    const dataDir = mkdtempSync(join(tmpdir(), `glide-node${nodeId}-`));
    dataDirs.push(dataDir);
    const args = ['--cluster', options.nats.url, '--node-id', String(nodeId), '--db', database.url];
    const server = await startChildServer(dataDir, { args, env, timeoutMs: 60_000 });
    const node: ChildNode = Object.assign(server, { nodeId });
    nodes.set(nodeId, node);
    return node;
  };

  const close = async (): Promise<void> => {
    await Promise.all([...nodes.values()].map((node) => node.kill()));
    await store?.close();
    await database.drop();
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
    await destroyBuckets(options.nats.url, prefix);
  };

  const node = (id: number): ChildNode => {
    const found = nodes.get(id);
    if (!found) throw new Error(`no node ${id}`);
    return found;
  };

  try {
    await Promise.all(options.nodeIds.map(start));
  } catch (err) {
    await close();
    throw err;
  }
  return {
    prefix,
    nodes,
    node,
    start,
    async waitForMembers(ids, timeoutMs = 20_000) {
      const wanted = [...ids].sort((a, b) => a - b).join(',');
      const membersOf = async (node: ChildNode): Promise<string> => {
        const response = await fetch(`http://127.0.0.1:${node.httpPort}/health`);
        const body = (await response.json()) as { Data?: { nodes?: number[] } };
        return [...(body.Data?.nodes ?? [])].sort((a, b) => a - b).join(',');
      };
      await waitForAsync(async () => (await Promise.all(ids.map((id) => membersOf(node(id))))).every((seen) => seen === wanted), timeoutMs, `members ${wanted} on every node`);
    },
    async store() {
      store ??= await createStore({ url: database.url, dataDir: '.', log: silentLogger(), migrate: false, poolSize: 2 });
      return store;
    },
    close,
  };
}

/** The presence (and node id) buckets outlive the nodes on a shared NATS: remove them. */
async function destroyBuckets(url: string, prefix: string): Promise<void> {
  // A NATS cluster's URL lists its servers comma-separated.
  const nc = await connectNats({ servers: url.split(','), maxReconnectAttempts: 0 });
  try {
    const kvm = new Kvm(nc);
    for (const bucket of [presenceBucket(prefix), nodeIdBucket(prefix)]) {
      await kvm
        .open(bucket)
        .then((kv) => kv.destroy())
        .catch(() => undefined);
    }
  } finally {
    await nc.close();
  }
}
