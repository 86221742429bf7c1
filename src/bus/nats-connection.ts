import { jetstream } from '@nats-io/jetstream';
import { Kvm, type KV } from '@nats-io/kv';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { GlideError, type Logger } from '../core/index.js';

export type { NatsConnection } from '@nats-io/transport-node';
export type { KV } from '@nats-io/kv';

export interface NatsConnectOptions {
  /** nats://host:port, or several for a NATS cluster. */
  servers: string | string[];
  /** Shown by the server (`nats server report connections`): e.g. `glide-3`. */
  name: string;
  /** Pause between reconnect attempts. */
  reconnectTimeWaitMs?: number;
}

/** Up to this much is added at random to each reconnect pause, so nodes do not all land on the survivors at once. */
const RECONNECT_JITTER_MS = 1_000;

/**
 * Opens the one NATS connection a node shares between its bus, presence and node id lease.
 * With several servers (a NATS cluster) it connects to any of them, in random order so nodes spread,
 * and on losing one moves to the others, including servers the cluster announces later.
 * It reconnects forever (nats.js re-subscribes by itself); the first connect must succeed, so a
 * node does not boot into a cluster it cannot reach. The caller closes it after the parts using it.
 */
export async function connectNats(log: Logger, options: NatsConnectOptions): Promise<NatsConnection> {
  // Never more jitter than pause: tests that ask for quick reconnects get them.
  const jitterMs = Math.min(RECONNECT_JITTER_MS, options.reconnectTimeWaitMs ?? RECONNECT_JITTER_MS);
  try {
    const nc = await connect({
      servers: options.servers,
      name: options.name,
      maxReconnectAttempts: -1,
      reconnectTimeWait: options.reconnectTimeWaitMs ?? 500,
      reconnectJitter: jitterMs,
      reconnectJitterTLS: jitterMs,
      // A dead server is noticed within ~10 s even when no TCP error comes.
      pingInterval: 5_000,
      maxPingOut: 2,
      // Otherwise every request (a presence put, an owner call) captures a stack for a timeout that rarely comes: measured ~3 % of a node's CPU in a sign-in storm.
      noAsyncTraces: true,
    });
    log.info({ server: nc.getServer(), version: nc.info?.version, natsCluster: nc.info?.cluster, clusterServers: nc.info?.connect_urls?.length }, 'connected to NATS');
    return nc;
  } catch (err) {
    throw new GlideError('CLUSTER_UNAVAILABLE', `cannot connect to NATS at ${String(options.servers)}`, { cause: err });
  }
}

/**
 * Follows the connection's status and calls `onChange(isConnected)` on every change. Runs until
 * the connection closes or the returned function is called.
 */
export function followNatsStatus(nc: NatsConnection, log: Logger, onChange: (isConnected: boolean) => void): () => void {
  let isStopped = false;
  let isConnected = !nc.isClosed();
  const set = (value: boolean): void => {
    if (isStopped || value === isConnected) return;
    isConnected = value;
    onChange(value);
  };
  const loop = async (): Promise<void> => {
    for await (const status of nc.status()) {
      if (isStopped) return;
      if (status.type === 'disconnect') {
        log.warn({ server: status.server }, 'lost NATS');
        set(false);
      } else if (status.type === 'reconnect') {
        log.info({ server: status.server }, 'reconnected to NATS');
        set(true);
      }
    }
    set(false);
  };
  loop().catch((err: unknown) => log.error({ err }, 'NATS status loop failed'));
  return () => {
    isStopped = true;
  };
}

const KV_TIMEOUT_MS = 2_000;

/** Most copies a bucket gets on its own: 3 survive one server lost with a quorum left. */
const MAX_AUTO_REPLICAS = 3;

/**
 * Copies of a KV bucket: `configured` when above 0, else min(3, servers the connected NATS cluster
 * announces), 1 on a lone server.
 */
export function kvReplicas(nc: NatsConnection, configured = 0): number {
  if (configured > 0) return configured;
  const info = nc.info;
  if (info?.cluster === undefined) return 1;
  return Math.max(1, Math.min(MAX_AUTO_REPLICAS, info.connect_urls?.length ?? 1));
}

/**
 * Opens (creating when absent) a KV bucket whose keys live `ttlMs` after their last write: the
 * bucket's max_age, which NATS 2.9 has (per-key TTLs need 2.11). On a NATS cluster it is replicated
 * (see kvReplicas). A bucket left by an older configuration is used as it is, with a warning,
 * rather than failing the boot.
 */
export async function openKv(nc: NatsConnection, log: Logger, bucket: string, ttlMs: number, configuredReplicas = 0): Promise<KV> {
  // Bounded waits: a KV write that cannot land should fail fast, not after nats.js's 5 s default.
  const kvm = new Kvm(jetstream(nc, { timeout: KV_TIMEOUT_MS }));
  const replicas = kvReplicas(nc, configuredReplicas);
  let kv: KV;
  try {
    kv = await kvm.create(bucket, { history: 1, ttl: ttlMs, replicas });
  } catch (err) {
    try {
      const kv = await kvm.open(bucket);
      const status = await kv.status();
      log.warn({ bucket, ttlMs: status.ttl, wantedTtlMs: ttlMs, replicas: status.replicas, wantedReplicas: replicas, err }, 'KV bucket exists with another configuration; using it');
      return kv;
    } catch {
      throw new GlideError('CLUSTER_UNAVAILABLE', `cannot open KV bucket ${bucket}`, { cause: err });
    }
  }
  if (replicas > 1) await awaitLeader(kv, bucket);
  return kv;
}

const LEADER_TIMEOUT_MS = 15_000;
const LEADER_POLL_MS = 100;

/** A replicated bucket just created takes writes only once its replicas have elected a leader. */
async function awaitLeader(kv: KV, bucket: string): Promise<void> {
  const deadline = Date.now() + LEADER_TIMEOUT_MS;
  for (;;) {
    const leader = await kv.status().then(
      (status) => status.streamInfo.cluster?.leader,
      () => undefined,
    );
    if (leader) return;
    if (Date.now() > deadline) throw new GlideError('CLUSTER_UNAVAILABLE', `KV bucket ${bucket} has no leader after ${LEADER_TIMEOUT_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, LEADER_POLL_MS));
  }
}
