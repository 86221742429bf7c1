import { TOPIC } from './bus/index.js';
import { joinNatsCluster, type ClusterNode } from './cluster/index.js';
import { natsServers, type Config } from './config/index.js';
import { GlideError, runInBackground, type Clock, type Logger } from './core/index.js';
import type { ActionRouter, Connection, ConnectionIdentity, Gateway } from './gateway/index.js';
import { Counter, type MetricsRegistry } from './metrics/index.js';

/** What one node contributes to app/info. */
export interface NodeFigures {
  online: number;
  maxOnline: number;
  messagesSent: number;
  startedAt: number;
}

const NODE_INFO_TIMEOUT_MS = 1_000;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Cluster mode when `cluster.nats` is set; it needs a database every node shares. */
export async function joinConfiguredCluster(config: Config, deps: { log: Logger; clock: Clock; metrics: MetricsRegistry }): Promise<ClusterNode | undefined> {
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

/**
 * The sign-in directory of a cluster node: the gateway's, also recording each signed-in connection in
 * presence (and forgetting it when it signs out or closes) so other nodes can reach it.
 */
export function presenceDirectory(cluster: ClusterNode, gateway: Gateway, router: ActionRouter, log: Logger) {
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
export function clusterFigures(cluster: ClusterNode, local: () => NodeFigures): () => Promise<NodeFigures> {
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
