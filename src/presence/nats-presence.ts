import { randomUUID } from 'node:crypto';
import type { KvWatchEntry } from '@nats-io/kv';
import { DEFAULT_CLUSTER_PREFIX, followNatsStatus, openKv, presenceBucket, type KV, type NatsConnection, type NodeId } from '../bus/index.js';
import { GlideError, systemClock, type Clock, type Logger } from '../core/index.js';
import { PresenceTable } from './presence-table.js';
import type { Presence, PresenceEntry } from './types.js';

export interface NatsPresenceDeps {
  nc: NatsConnection;
  log: Logger;
  clock?: Clock;
}

export interface NatsPresenceOptions {
  /** Cluster prefix: the bucket is `<prefix>_presence`. */
  prefix?: string;
  /** Bucket max_age: an entry its node stops refreshing disappears this long after its last write. */
  ttlMs?: number;
  /** How often this instance rewrites its own entries; a third of the TTL tolerates one missed round. */
  refreshIntervalMs?: number;
  /** How long creation waits for the initial copy of the bucket. */
  syncTimeoutMs?: number;
  /** Bucket copies on a NATS cluster; 0 or absent: min(3, cluster size). */
  replicas?: number;
}

/**
 * The bucket's max_age. Dead nodes' entries are deleted by a survivor within seconds (the janitor);
 * the TTL only ends what that missed, so it can be long. It sets the idle cost: every entry is
 * rewritten (a KV put, and a watch event on every node) each third of it; at 5 minutes, 100,000
 * connections cost 1,000 puts and 6,000 watch events per second on six nodes while idle.
 */
export const DEFAULT_PRESENCE_TTL_MS = 30 * 60_000;
const WRITE_BATCH = 256;
/** After a failed write (a replicated bucket electing a new leader takes seconds), rewrite this often until one round succeeds. */
const RETRY_INTERVAL_MS = 1_000;
const EMPTY = new Uint8Array(0);

/**
 * Presence on a JetStream KV bucket, one key per connection: `u.<uid>.<device>.<node>.<connId>`
 * with an empty value (the key says it all, and a node's keys are found by its token).
 *
 * Reads never go to NATS: every instance keeps the whole table in memory, fed by a KV watch that
 * starts with the bucket's current contents, so nodesOf costs a map lookup. The copy lags the
 * bucket by one watch delivery; this instance's own writes show at once.
 * Cleanup: the adding node rewrites its entries every refreshIntervalMs; a node that dies has its
 * keys deleted by a survivor (see cluster/presence-janitor.ts), and the bucket's max_age removes
 * anything left if that fails. NATS 2.9 sends no watch event when max_age drops a key, so the copy
 * also forgets entries not rewritten within the TTL.
 */
export class NatsPresence implements Presence {
  private readonly table = new PresenceTable();
  /** Keys this instance added and keeps alive. */
  private readonly own = new Map<string, true>();
  /** Deletes that failed (NATS away): retried with the next refresh. */
  private readonly pendingDeletes = new Set<string>();
  private readonly log: Logger;
  private readonly clock: Clock;
  private readonly ttlMs: number;
  private isClosed = false;
  private isConnected = true;
  private isRefreshing = false;
  private isRewatching = false;
  private stopTimer: (() => void) | undefined;
  private stopRetry: (() => void) | undefined;
  private stopStatus: (() => void) | undefined;
  private watcher: { stop(): void } | undefined;
  private sentinel: { key: string; seen: () => void } | undefined;

  /** Opens the bucket and resolves once the local copy holds everything the bucket had. */
  static async create(deps: NatsPresenceDeps, options: NatsPresenceOptions = {}): Promise<NatsPresence> {
    const wantedTtlMs = options.ttlMs ?? DEFAULT_PRESENCE_TTL_MS;
    const kv = await openKv(deps.nc, deps.log, presenceBucket(options.prefix ?? DEFAULT_CLUSTER_PREFIX), wantedTtlMs, options.replicas);
    // A bucket made by an earlier configuration keeps its max_age: refresh and forget by that one.
    const bucketTtlMs = (await kv.status()).ttl;
    const ttlMs = bucketTtlMs > 0 ? bucketTtlMs : wantedTtlMs;
    const presence = new NatsPresence(kv, deps, ttlMs);
    try {
      const refreshMs = bucketTtlMs > 0 && bucketTtlMs !== wantedTtlMs ? Math.floor(ttlMs / 3) : (options.refreshIntervalMs ?? Math.floor(ttlMs / 3));
      await presence.start(deps.nc, refreshMs, options.syncTimeoutMs ?? 10_000);
    } catch (err) {
      await presence.close();
      throw err;
    }
    return presence;
  }

  private constructor(
    private readonly kv: KV,
    deps: NatsPresenceDeps,
    ttlMs: number,
  ) {
    this.log = deps.log.child({ area: 'presence' });
    this.clock = deps.clock ?? systemClock;
    this.ttlMs = ttlMs;
  }

  /** Never rejects for NATS trouble: an entry not written now is written by the refresh after NATS returns. */
  async add(uid: number, device: number, node: NodeId, connId: number): Promise<void> {
    this.checkOpen();
    const key = PresenceTable.key(uid, device, node, connId);
    this.own.set(key, true);
    this.pendingDeletes.delete(key);
    this.table.set(key, uid, device, node, connId, this.clock.now());
    if (!this.isConnected) return;
    try {
      await this.kv.put(key, EMPTY);
    } catch (err) {
      this.log.debug({ err, key }, 'presence add deferred');
      this.retrySoon();
    }
  }

  /** Never rejects for NATS trouble: a failed delete is retried until it succeeds or the TTL ends it. */
  async remove(uid: number, device: number, node: NodeId, connId: number): Promise<void> {
    this.checkOpen();
    const key = PresenceTable.key(uid, device, node, connId);
    this.own.delete(key);
    this.table.delete(key);
    await this.deleteKey(key);
  }

  nodesOf(uid: number): readonly NodeId[] {
    return this.table.nodesOf(uid, this.staleBefore());
  }

  devicesOf(uid: number): readonly PresenceEntry[] {
    return this.table.entriesOf(uid, this.staleBefore());
  }

  groupByNode(uids: Iterable<number>): Map<NodeId, number[]> {
    return this.table.groupByNode(uids, this.staleBefore());
  }

  async removeNode(node: NodeId): Promise<void> {
    this.checkOpen();
    const keys = this.table.keysOfNode(node);
    for (const key of keys) {
      this.own.delete(key);
      this.table.delete(key);
    }
    await inBatches(keys, (key) => this.deleteKey(key));
  }

  async close(): Promise<void> {
    if (this.isClosed) return;
    this.isClosed = true;
    this.stopTimer?.();
    this.stopRetry?.();
    this.stopStatus?.();
    this.watcher?.stop();
    this.table.clear();
    this.own.clear();
  }

  private async start(nc: NatsConnection, refreshIntervalMs: number, syncTimeoutMs: number): Promise<void> {
    await this.openWatch();
    await this.awaitSentinel(syncTimeoutMs);
    this.stopStatus = followNatsStatus(nc, this.log, (isUp) => {
      this.isConnected = isUp;
      if (!isUp) return;
      // Entries may have expired while NATS was away: rewrite them now, not a period later.
      this.refresh();
      // The watch's consumer may have died with the server this node was on; nats.js notices only
      // after missed heartbeats (10 s or more), so a new watch replays the bucket now.
      this.rewatch();
    });
    this.stopTimer = this.clock.every(refreshIntervalMs, () => this.refresh());
  }

  /** Watches the bucket from its current values (deletes included) and replaces the previous watch. */
  private async openWatch(): Promise<void> {
    const watcher = await this.kv.watch();
    if (this.isClosed) {
      watcher.stop();
      return;
    }
    const previous = this.watcher;
    this.watcher = watcher;
    previous?.stop();
    const loop = async (): Promise<void> => {
      for await (const entry of watcher) this.apply(entry);
    };
    loop().catch((err: unknown) => this.log.error({ err }, 'presence watch failed'));
  }

  /** openWatch, again every second until it works (a replicated bucket may be electing a leader). */
  private rewatch(): void {
    if (this.isRewatching || this.isClosed) return;
    this.isRewatching = true;
    let stopRetry: (() => void) | undefined;
    let isTrying = false;
    const attempt = (): void => {
      if (this.isClosed) stopRetry?.();
      if (isTrying || this.isClosed) return;
      isTrying = true;
      this.openWatch()
        .then(
          () => {
            stopRetry?.();
            this.isRewatching = false;
          },
          (err: unknown) => {
            this.log.warn({ err }, 'presence watch not reopened; retrying');
            stopRetry ??= this.clock.every(RETRY_INTERVAL_MS, attempt);
          },
        )
        .finally(() => {
          isTrying = false;
        });
    };
    attempt();
  }

  /** A marker written after the watch began comes back after everything that was already there. */
  private async awaitSentinel(timeoutMs: number): Promise<void> {
    const key = `s.${randomUUID().replaceAll('-', '')}`;
    let timer: NodeJS.Timeout | undefined;
    const seen = new Promise<void>((resolve, reject) => {
      this.sentinel = { key, seen: resolve };
      timer = setTimeout(() => reject(new GlideError('CLUSTER_UNAVAILABLE', `presence copy not synced within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      await this.kv.put(key, EMPTY);
      await seen;
    } catch (err) {
      throw err instanceof GlideError ? err : new GlideError('CLUSTER_UNAVAILABLE', 'presence bucket unreachable', { cause: err });
    } finally {
      clearTimeout(timer);
      this.sentinel = undefined;
    }
    await this.kv.delete(key).catch(() => undefined);
  }

  private apply(entry: KvWatchEntry): void {
    const parsed = PresenceTable.parse(entry.key);
    if (!parsed) {
      if (entry.key === this.sentinel?.key) this.sentinel.seen();
      return;
    }
    if (entry.operation === 'PUT') this.table.set(entry.key, parsed.uid, parsed.device, parsed.node, parsed.connId, this.clock.now());
    else this.table.delete(entry.key);
  }

  private staleBefore(): number {
    return this.clock.now() - this.ttlMs;
  }

  private async deleteKey(key: string): Promise<void> {
    if (!this.isConnected) {
      this.pendingDeletes.add(key);
      return;
    }
    try {
      await this.kv.delete(key);
      this.pendingDeletes.delete(key);
    } catch (err) {
      this.pendingDeletes.add(key);
      this.log.debug({ err, key }, 'presence delete deferred');
    }
  }

  /** Rewrites this instance's entries and retries failed deletes; one round at a time. */
  private refresh(): void {
    if (this.isRefreshing || this.isClosed || !this.isConnected) return;
    this.isRefreshing = true;
    const round = async (): Promise<void> => {
      await inBatches([...this.pendingDeletes], (key) => this.deleteKey(key));
      // Checked per key: a connection removed meanwhile must not be written back.
      await inBatches([...this.own.keys()], (key) => (this.own.has(key) && !this.isClosed ? this.kv.put(key, EMPTY) : undefined));
    };
    round()
      .then(
        () => {
          this.stopRetry?.();
          this.stopRetry = undefined;
        },
        (err: unknown) => {
          this.log.warn({ err }, 'presence refresh failed; retrying');
          this.retrySoon();
        },
      )
      .finally(() => {
        this.isRefreshing = false;
      });
  }

  private retrySoon(): void {
    if (this.isClosed) return;
    this.stopRetry ??= this.clock.every(RETRY_INTERVAL_MS, () => this.refresh());
  }

  private checkOpen(): void {
    if (this.isClosed) throw new GlideError('CLUSTER_CLOSED', 'presence is closed');
  }
}

/** Runs `work` over `items`, WRITE_BATCH at a time, so a large refresh does not flood NATS. */
async function inBatches<T>(items: readonly T[], work: (item: T) => Promise<unknown> | undefined): Promise<void> {
  for (let i = 0; i < items.length; i += WRITE_BATCH) {
    await Promise.all(items.slice(i, i + WRITE_BATCH).map(work));
  }
}
