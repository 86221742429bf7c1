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

/**
 * Opens the one NATS connection a node shares between its bus, presence and node id lease.
 * It reconnects forever (nats.js re-subscribes by itself); the first connect must succeed, so a
 * node does not boot into a cluster it cannot reach. The caller closes it after the parts using it.
 */
export async function connectNats(log: Logger, options: NatsConnectOptions): Promise<NatsConnection> {
  try {
    const nc = await connect({
      servers: options.servers,
      name: options.name,
      maxReconnectAttempts: -1,
      reconnectTimeWait: options.reconnectTimeWaitMs ?? 500,
      // A dead server is noticed within ~10 s even when no TCP error comes.
      pingInterval: 5_000,
      maxPingOut: 2,
    });
    log.info({ server: nc.getServer(), version: nc.info?.version }, 'connected to NATS');
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

/**
 * Opens (creating when absent) a KV bucket whose keys live `ttlMs` after their last write: the
 * bucket's max_age, which NATS 2.9 has (per-key TTLs need 2.11). A bucket left by an older
 * configuration is used as it is, with a warning, rather than failing the boot.
 */
export async function openKv(nc: NatsConnection, log: Logger, bucket: string, ttlMs: number): Promise<KV> {
  // Bounded waits: a KV write that cannot land should fail fast, not after nats.js's 5 s default.
  const kvm = new Kvm(jetstream(nc, { timeout: KV_TIMEOUT_MS }));
  try {
    return await kvm.create(bucket, { history: 1, ttl: ttlMs });
  } catch (err) {
    try {
      const kv = await kvm.open(bucket);
      const status = await kv.status();
      log.warn({ bucket, ttlMs: status.ttl, wantedTtlMs: ttlMs, err }, 'KV bucket exists with another configuration; using it');
      return kv;
    } catch {
      throw new GlideError('CLUSTER_UNAVAILABLE', `cannot open KV bucket ${bucket}`, { cause: err });
    }
  }
}
