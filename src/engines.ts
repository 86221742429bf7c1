import { resolve } from 'node:path';
import { TOPIC } from './bus/index.js';
import { joinNatsCluster, type ClusterNode } from './cluster/index.js';
import { natsServers, type Config } from './config/index.js';
import { GlideError, localCalls, runInBackground, type Clock, type Logger, type OwnedCalls } from './core/index.js';
import { LocalPeers, type Peers } from './delivery/index.js';
import { DiskBlobStorage, openS3BlobStorage, type BlobStorage } from './files/index.js';
import type { ActionRouter, Connection, ConnectionIdentity, Gateway } from './gateway/index.js';
import { Counter, type MetricsRegistry } from './metrics/index.js';
import { createStore, type Store } from './store/index.js';

/** What one node contributes to app/info. */
export interface NodeFigures {
  online: number;
  maxOnline: number;
  messagesSent: number;
  startedAt: number;
}

/** Where signed-in connections are registered (the sign-in directory of auth). */
export interface SigninDirectory {
  bind(conn: Connection, identity: ConnectionIdentity): void;
  unbind(conn: Connection): void;
  connectionsOf(uid: number): ReadonlySet<Connection>;
}

/**
 * What single and cluster mode wire differently. The areas get `peers` and `calls` and never learn
 * which they have: single mode is `LocalPeers` and `localCalls`, a cluster the bus-backed ones.
 */
export interface NodeWiring {
  readonly nodeId: number;
  readonly peers: Peers;
  readonly calls: OwnedCalls;
  /** Other nodes write the same inboxes: the inbox sequencer reads its counters per batch. */
  readonly isShared: boolean;
  /** This node in cluster mode (tests look at its ownership and crossings). */
  readonly cluster: ClusterNode | undefined;
  /** Whether this node keeps `gid`'s state in memory (it owns it). */
  keeps(gid: number): boolean;
  /** Calls `forget` with the test of the gids this node no longer owns, whenever ownership moves. */
  onOwnershipLost(forget: (isLost: (gid: number) => boolean) => void): void;
  /** The sign-in directory: the gateway's, in a cluster also recorded in presence. */
  directory(gateway: Gateway, router: ActionRouter, log: Logger): SigninDirectory;
  /** app/info over every node. */
  figures(local: () => NodeFigures): () => Promise<NodeFigures>;
  /** Whether this node reaches the others, and what /health says about it. */
  health(): { isUp: boolean; details: Record<string, unknown> };
  start(onFatal: (reason: string) => void): Promise<void>;
  close(): Promise<void>;
}

/** Picks every engine from the config: the store, and this node alone or in a cluster. */
export async function pickEngines(config: Config, deps: { log: Logger; clock: Clock; metrics: MetricsRegistry; cluster?: ClusterNode }): Promise<{ store: Store; node: NodeWiring }> {
  const { log, clock } = deps;
  const store = await createStore({ ...config.store, dataDir: config.server.dataDir, log, clock });
  try {
    const cluster = deps.cluster ?? (await joinConfiguredCluster(config, deps));
    if (!cluster) return { store, node: singleNode() };
    // The lowest live id, as for the presence janitor: all nodes agree on it once their views agree.
    store.shareUpkeep(() => cluster.bus.isConnected && cluster.bus.members()[0] === cluster.nodeId);
    return { store, node: clusterWiring(cluster) };
  } catch (err) {
    await store.close();
    throw err;
  }
}

/** Cluster mode when `cluster.nats` is set; it needs a database every node shares. */
async function joinConfiguredCluster(config: Config, deps: { log: Logger; clock: Clock; metrics: MetricsRegistry }): Promise<ClusterNode | undefined> {
  const nats = natsServers(config.cluster.nats);
  if (nats.length === 0) return undefined;
  if (!/^(postgres(ql)?|mysql):\/\//.test(config.store.url)) {
    throw new GlideError('CONFIG_INVALID', 'cluster mode needs a database all nodes share: --db postgres://… or mysql://…');
  }
  // A secret generated per data dir would make every node reject the others' tokens.
  if (config.auth.secret === '') throw new GlideError('CONFIG_INVALID', 'cluster mode needs auth.secret (GLIDE_AUTH_SECRET), the same on every node: a random string of at least 32 bytes');
  const dropped = new Counter({ name: 'glide_cluster_peer_dropped_total', help: 'Messages to other nodes dropped while the bus was down', labelNames: ['kind'] as const, registers: [deps.metrics] });
  return joinNatsCluster({ ...config.cluster, nats }, { log: deps.log, clock: deps.clock, onDrop: (kind) => dropped.inc({ kind }) });
}

/** One node on its own: every user is here, every key is owned here. */
export function singleNode(): NodeWiring {
  return {
    nodeId: 0,
    peers: new LocalPeers(0),
    calls: localCalls,
    isShared: false,
    cluster: undefined,
    keeps: () => true,
    onOwnershipLost: () => undefined,
    directory: (gateway) => gateway,
    figures: (local) => async () => local(),
    health: () => ({ isUp: true, details: {} }),
    start: async () => undefined,
    close: async () => undefined,
  };
}

const NODE_INFO_TIMEOUT_MS = 1_000;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A node of a cluster: peers and owner calls over the bus, sign-ins recorded in presence. */
export function clusterWiring(cluster: ClusterNode): NodeWiring {
  const { bus, ownership } = cluster;
  return {
    nodeId: cluster.nodeId,
    peers: cluster.peers,
    calls: cluster.calls,
    isShared: true,
    cluster,
    keeps: (gid) => ownership.isMine(gid),
    onOwnershipLost: (forget) => ownership.onChange((change) => forget((gid) => change.isLost(gid))),
    directory: (gateway, router, log) => presenceDirectory(cluster, gateway, router, log),
    figures: (local) => clusterFigures(cluster, local),
    health: () => ({ isUp: bus.isConnected, details: { node: cluster.nodeId, bus: bus.isConnected ? 'up' : 'down', nodes: bus.members() } }),
    async start(onFatal) {
      await cluster.start();
      cluster.onFatal(onFatal);
    },
    close: () => cluster.close(),
  };
}

/**
 * The sign-in directory of a cluster node: the gateway's, also recording each signed-in connection in
 * presence (and forgetting it when it signs out or closes) so other nodes can reach it.
 */
function presenceDirectory(cluster: ClusterNode, gateway: Gateway, router: ActionRouter, log: Logger): SigninDirectory {
  const { presence, nodeId } = cluster;
  const forget = (conn: Connection, identity: ConnectionIdentity | undefined): void => {
    if (identity) runInBackground(log, 'presence remove', presence.remove(identity.uid, identity.device, nodeId, conn.id));
  };
  router.onDisconnect((conn) => forget(conn, conn.identity));
  return {
    bind(conn: Connection, identity: ConnectionIdentity): void {
      forget(conn, conn.identity);
      gateway.bind(conn, identity);
      runInBackground(log, 'presence add', presence.add(identity.uid, identity.device, nodeId, conn.id));
    },
    unbind(conn: Connection): void {
      forget(conn, conn.identity);
      gateway.unbind(conn);
    },
    connectionsOf: (uid: number) => gateway.connectionsOf(uid),
  };
}

/** app/info over every live node: each answers TOPIC.nodeInfo with its own figures. */
function clusterFigures(cluster: ClusterNode, local: () => NodeFigures): () => Promise<NodeFigures> {
  cluster.bus.handle(TOPIC.nodeInfo, () => encoder.encode(JSON.stringify(local())));
  return async () => {
    const others = cluster.bus.members().filter((node) => node !== cluster.nodeId);
    const answers = await Promise.allSettled(others.map((node) => cluster.bus.request(node, TOPIC.nodeInfo, new Uint8Array(0), NODE_INFO_TIMEOUT_MS)));
    const all = [local(), ...answers.flatMap((a) => (a.status === 'fulfilled' ? [JSON.parse(decoder.decode(a.value)) as NodeFigures] : []))];
    return {
      online: all.reduce((sum, f) => sum + f.online, 0),
      maxOnline: all.reduce((sum, f) => sum + f.maxOnline, 0),
      messagesSent: all.reduce((sum, f) => sum + f.messagesSent, 0),
      startedAt: Math.min(...all.map((f) => f.startedAt)),
    };
  };
}

/** Uploaded bytes: on disk under the data directory by default, or in an S3-compatible bucket. */
export async function pickFileStorage(config: Config): Promise<BlobStorage> {
  const settings = config.files;
  if (settings.storage === 'disk') return new DiskBlobStorage(settings.dir || resolve(config.server.dataDir, 'files'));
  if (settings.s3.bucket === '') throw new GlideError('CONFIG_INVALID', 'files.s3.bucket is required when files.storage is s3');
  return openS3BlobStorage(settings.s3);
}
