import { randomBytes } from 'node:crypto';
import { createApp } from '../../src/app.js';
import { MemoryHub } from '../../src/bus/index.js';
import { joinMemoryCluster } from '../../src/cluster/index.js';
import type { Config } from '../../src/config/index.js';
import { systemClock, type Clock } from '../../src/core/index.js';
import { silentLogger } from '../../src/log/index.js';
import { MemoryPresence } from '../../src/presence/index.js';
import { requireService, type ServiceName } from './require-service.js';
import { isolatedDatabase } from './store-fixtures.js';
import { removeDataDir, testConfig, type DeepPartial, type TestServer } from './test-server.js';

/** A node of an in-process cluster. */
export type ClusterMember = TestServer & { nodeId: number };

/** Several nodes in one process on a MemoryHub, sharing presence and one fresh database. */
export interface TestCluster extends TestServer {
  readonly nodes: ClusterMember[];
  readonly hub: MemoryHub;
  /** Starts one more node (ids go on from the last one). */
  addNode(): Promise<ClusterMember>;
}

/** Fast membership so a killed node leaves within a second. */
const MEMBERSHIP = { requestTimeoutMs: 3_000, heartbeatIntervalMs: 100, leaseMs: 600 };

/** Which engine the in-process cluster stores on: GLIDE_TEST_CLUSTER_DB=mysql picks MariaDB. */
function clusterDatabase(): ServiceName {
  return process.env.GLIDE_TEST_CLUSTER_DB === 'mysql' ? 'mysql' : 'postgres';
}

/**
 * Starts `count` nodes. Each client the tests connect (each read of `wsUrl`, `httpPort`, `tcpPort`)
 * goes to the next node in turn, so the same suites exercise cross-node delivery; `app` is node 1's.
 */
export async function startTestCluster(overrides: DeepPartial<Config> = {}, options: { clock?: Clock; count?: number } = {}): Promise<TestCluster> {
  const service = await requireService(clusterDatabase());
  if (!service) throw new Error(`the in-process cluster needs ${clusterDatabase()} (see the notice above)`);
  const database = await isolatedDatabase(service);
  const hub = new MemoryHub();
  const presence = new MemoryPresence();
  const nodes: ClusterMember[] = [];
  const secret = randomBytes(32).toString('base64url');
  const startNode = async (nodeId: number): Promise<ClusterMember> => {
    const config = testConfig({ ...overrides, store: { url: database.url }, auth: { ...overrides.auth, secret } });
    const log = silentLogger();
    const cluster = joinMemoryCluster({ hub, presence }, { nodeId, ...MEMBERSHIP }, { log, clock: systemClock });
    const app = await createApp({ config, log, cluster, ...(options.clock ? { clock: options.clock } : {}) });
    const { httpPort, tcpPort } = await app.start();
    const member: ClusterMember = {
      nodeId,
      app,
      httpPort,
      tcpPort: tcpPort ?? -1,
      wsUrl: `ws://127.0.0.1:${httpPort}/ws`,
      dataDir: config.server.dataDir,
      async close() {
        await app.close();
        removeDataDir(config.server.dataDir);
      },
    };
    nodes.push(member);
    return member;
  };
  try {
    // One at a time: the first runs the migrations.
    for (let id = 1; id <= (options.count ?? 3); id++) await startNode(id);
  } catch (err) {
    for (const node of nodes) await node.close().catch(() => undefined);
    await database.drop();
    throw err;
  }
  let turn = 0;
  const next = (): ClusterMember => nodes[turn++ % nodes.length]!;
  return {
    nodes,
    hub,
    get app() {
      return nodes[0]!.app;
    },
    get httpPort() {
      return next().httpPort;
    },
    get tcpPort() {
      return next().tcpPort;
    },
    get wsUrl() {
      return next().wsUrl;
    },
    get dataDir() {
      return nodes[0]!.dataDir;
    },
    addNode: () => startNode(Math.max(...nodes.map((n) => n.nodeId)) + 1),
    async close() {
      for (const node of nodes) await node.close().catch(() => undefined);
      await database.drop();
    },
  };
}

/** The e2e suites run against one server, or (GLIDE_TEST_TOPOLOGY=cluster) against an in-process cluster. */
export const isClusterTopology = process.env.GLIDE_TEST_TOPOLOGY === 'cluster';
