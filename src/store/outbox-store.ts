/** One outgoing call waiting in the outbox (a push notification, a webhook event). */
export interface OutboxItem {
  id: number;
  /** Which sender handles it: `push` or `webhook`. */
  kind: string;
  /** What the sender needs to know where it goes (an endpoint id, a webhook index). */
  target: string;
  /** Where the call goes (a URL, a provider's endpoint): what the circuit breaker keys on. */
  route: string;
  payload: string;
  /** Tries so far, this one included once claimed. */
  attempts: number;
  createdAt: number;
}

export interface NewOutboxItem {
  kind: string;
  /** Unique for ever (until purged): enqueuing the same key again is a no-op, so repeats are harmless. */
  dedupKey: string;
  /** Items not tried yet with the same key are replaced by this one (the newest message of a conversation). */
  collapseKey?: string;
  target: string;
  /** Where the call goes (default: `target`); items of a route that is down wait without being tried. */
  route?: string;
  payload: string;
  nextAt: number;
}

export const OUTBOX_STATE = { waiting: 0, done: 1, failed: 2 } as const;

/**
 * The durable queue behind push and webhooks (at-least-once). Items are claimed with a lease so that
 * several nodes can drain one queue: a claimed item is invisible to others until its lease ends, and
 * comes back by itself when the node that claimed it died. Finished items stay (done or failed) until
 * `purge`, which keeps dedup keys meaningful for that long.
 */
export interface OutboxStore {
  /** Adds items, skipping those whose dedup key is known; collapsing ones first drop the untried items they replace. */
  enqueue(items: readonly NewOutboxItem[]): Promise<void>;
  /**
   * Up to `limit` waiting items due at `now`, each leased until `leaseUntil` (attempts counted), in two
   * statements whatever the count. Oldest first. An item is handed to one caller only. Items of
   * `skipRoutes` (down) are left alone.
   */
  claimDue(now: number, limit: number, leaseUntil: number, skipRoutes?: readonly string[]): Promise<OutboxItem[]>;
  /** Delivered (or given up): stays as done/failed until purged. */
  finish(ids: readonly number[], state: 'done' | 'failed', lastError?: string): Promise<void>;
  /** Tries these again at `nextAt`. */
  retryAt(ids: readonly number[], nextAt: number, lastError: string): Promise<void>;
  /**
   * A route is down until `nextAt`: its `claimed` items go back to wait for it with their attempt not
   * counted, and its other waiting items due by `now` are moved to it too (so that no claim has to pass
   * over them meanwhile). The claimed ones in one transaction, the others in chunks of their own.
   */
  holdRoute(route: string, claimed: readonly number[], now: number, nextAt: number, lastError: string): Promise<void>;
  /** Waiting items and the creation time of the oldest (undefined when none). */
  backlog(): Promise<{ depth: number; oldestCreatedAt: number | undefined }>;
  /** Removes finished items created before `before`. */
  purge(before: number): Promise<number>;
}
