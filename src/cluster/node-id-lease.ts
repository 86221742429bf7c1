import { hostname } from 'node:os';
import { DEFAULT_CLUSTER_PREFIX, nodeIdBucket, openKv, type KV, type NatsConnection, type NodeId } from '../bus/index.js';
import { GlideError, MAX_MID_NODE, systemClock, type Clock, type Logger } from '../core/index.js';

export interface NodeIdLeaseDeps {
  nc: NatsConnection;
  log: Logger;
  clock?: Clock;
}

export interface NodeIdLeaseOptions {
  /** Cluster prefix: the bucket is `<prefix>_node_ids`. */
  prefix?: string;
  /** Bucket max_age: a crashed node's id is free again this long after its last refresh. */
  ttlMs?: number;
  /** A third of the TTL by default, so one failed refresh does not lose the id. */
  refreshIntervalMs?: number;
  /** Highest id handed out (mids carry 7 bits: 127). */
  maxNodeId?: number;
  /** Bucket copies on a NATS cluster; 0 or absent: min(3, cluster size). */
  replicas?: number;
}

export const DEFAULT_NODE_ID_TTL_MS = 30_000;

const keyOf = (id: NodeId): string => `node.${id}`;

/** The "already exists / not at that revision" answer of a conditional KV write. */
function isWrongSequence(err: unknown): boolean {
  return err instanceof Error && /wrong last sequence/i.test(err.message);
}

/**
 * A node id claimed from NATS when `--node-id` is not given: the lowest id in 0..maxNodeId whose key
 * kv.create could make (create fails when the key exists, so two nodes never get the same id). The
 * holder rewrites the key with kv.update at its revision; the bucket's max_age frees the id of a
 * node that stopped. If the key was taken over while this node was cut off, the lease is lost:
 * `onLost` listeners must stop the node, since its mids would no longer be unique.
 */
export class NodeIdLease {
  private revision: number;
  private held = true;
  private readonly lostListeners = new Set<() => void>();
  private readonly stopTimer: () => void;
  private isRefreshing = false;

  static async acquire(deps: NodeIdLeaseDeps, options: NodeIdLeaseOptions = {}): Promise<NodeIdLease> {
    const ttlMs = options.ttlMs ?? DEFAULT_NODE_ID_TTL_MS;
    const maxNodeId = options.maxNodeId ?? MAX_MID_NODE;
    const log = deps.log.child({ area: 'cluster' });
    const kv = await openKv(deps.nc, log, nodeIdBucket(options.prefix ?? DEFAULT_CLUSTER_PREFIX), ttlMs, options.replicas);
    const value = JSON.stringify({ host: hostname(), pid: process.pid, since: new Date().toISOString() });
    const taken = new Set<string>();
    try {
      for await (const key of await kv.keys()) taken.add(key);
    } catch (err) {
      throw new GlideError('CLUSTER_UNAVAILABLE', 'cannot list node ids', { cause: err });
    }
    // Known holders are skipped; create settles races with nodes starting at the same time.
    for (let id = 0; id <= maxNodeId; id++) {
      if (taken.has(keyOf(id))) continue;
      try {
        const revision = await kv.create(keyOf(id), value);
        log.info({ nodeId: id }, 'node id leased');
        return new NodeIdLease(kv, id, revision, value, log, deps.clock ?? systemClock, options.refreshIntervalMs ?? Math.floor(ttlMs / 3));
      } catch (err) {
        if (!isWrongSequence(err)) throw new GlideError('CLUSTER_UNAVAILABLE', 'cannot lease a node id', { cause: err });
      }
    }
    throw new GlideError('CLUSTER_NO_FREE_NODE_ID', `all of 0..${maxNodeId} are leased`);
  }

  private constructor(
    private readonly kv: KV,
    readonly nodeId: NodeId,
    revision: number,
    private readonly value: string,
    private readonly log: Logger,
    clock: Clock,
    refreshIntervalMs: number,
  ) {
    this.revision = revision;
    this.stopTimer = clock.every(refreshIntervalMs, () => this.refresh());
  }

  /** False once lost or released. */
  get isHeld(): boolean {
    return this.held;
  }

  onLost(listener: () => void): () => void {
    this.lostListeners.add(listener);
    return () => this.lostListeners.delete(listener);
  }

  /** Frees the id at once (only if still ours). Idempotent; failures are logged, the TTL frees it then. */
  async release(): Promise<void> {
    if (!this.held) return;
    this.held = false;
    this.stopTimer();
    try {
      await this.kv.delete(keyOf(this.nodeId), { previousSeq: this.revision });
    } catch (err) {
      this.log.warn({ err, nodeId: this.nodeId }, 'node id not released; it frees itself after the TTL');
    }
  }

  private refresh(): void {
    if (!this.held || this.isRefreshing) return;
    this.isRefreshing = true;
    this.renew()
      .catch((err: unknown) => this.log.warn({ err, nodeId: this.nodeId }, 'node id refresh failed; retrying'))
      .finally(() => {
        this.isRefreshing = false;
      });
  }

  private async renew(): Promise<void> {
    const key = keyOf(this.nodeId);
    try {
      this.revision = await this.kv.update(key, this.value, this.revision);
      return;
    } catch (err) {
      if (!isWrongSequence(err)) throw err;
    }
    // Not at our revision: it expired while we were away (free: take it again) or someone has it.
    try {
      this.revision = await this.kv.create(key, this.value);
      this.log.warn({ nodeId: this.nodeId }, 'node id lease had expired; claimed again');
    } catch (err) {
      if (!isWrongSequence(err)) throw err;
      if (!this.held) return;
      this.held = false;
      this.stopTimer();
      this.log.error({ nodeId: this.nodeId }, 'node id lease lost to another node');
      for (const listener of this.lostListeners) listener();
    }
  }
}
