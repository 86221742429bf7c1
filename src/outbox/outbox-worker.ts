import { runInBackground, type Clock, type Logger } from '../core/index.js';
import { Counter, Gauge, type MetricsRegistry } from '../metrics/index.js';
import type { NewOutboxItem, OutboxItem, OutboxStore } from '../store/index.js';
import { CircuitBreakers } from './circuit-breaker.js';

/**
 * What a sender made of one try. `failed` is permanent: the item is not tried again. `isRouteDown`: the
 * call got no answer, a 5xx or a 429, which says the route is down rather than that the item is bad.
 */
export type OutboxOutcome = { outcome: 'done' } | { outcome: 'retry'; reason: string; isRouteDown?: boolean } | { outcome: 'failed'; reason: string };

/** Delivers the items of one kind. Must not throw for a failed call: it answers retry or failed. */
export interface OutboxSender {
  deliver(item: OutboxItem): Promise<OutboxOutcome>;
}

export interface OutboxSettings {
  pollIntervalMs: number;
  batchSize: number;
  maxAttempts: number;
  retryBaseMs: number;
  retryMaxMs: number;
  leaseMs: number;
  retentionHours: number;
}

const PURGE_EVERY_MS = 10 * 60_000;
/**
 * Enqueues are written at most this often while they keep coming (a lone one goes at once): a few
 * transactions a second under load instead of one per tick (each one an fsync and the write lock).
 */
const ENQUEUE_GATHER_MS = 100;

type Failure = Exclude<OutboxOutcome, { outcome: 'done' }>;

/**
 * Drains the outbox: one timer per node (no timer per item), a look right after each enqueue, each due
 * item claimed with a lease (several nodes share the queue), handed to its kind's sender, then finished,
 * rescheduled with exponential backoff, or given up after `maxAttempts` with a log line. A route that
 * is down as a whole (no answer, 5xx, 429 for every item of it in a batch) trips its circuit breaker:
 * its items wait, unclaimed and without spending attempts, until one probe batch after the backoff gets
 * an answer. Delivery is at-least-once: a node dying mid-call leaves the item to be claimed again when
 * its lease ends.
 */
export class OutboxWorker {
  private readonly senders = new Map<string, OutboxSender>();
  private queued: NewOutboxItem[] = [];
  private flushing: Promise<void> | undefined;
  private draining: Promise<void> | undefined;
  private isDrainAgain = false;
  private timer: NodeJS.Timeout | undefined;
  private lastPurge = 0;
  private lastFlush = -Infinity;
  private isClosed = false;
  private readonly gaveUp: Counter<'kind'>;
  private readonly breakers: CircuitBreakers;
  private readonly tripped: Counter<'kind'>;

  constructor(
    private readonly deps: { store: OutboxStore; clock: Clock; log: Logger; metrics: MetricsRegistry },
    private readonly settings: OutboxSettings,
  ) {
    const registers = [deps.metrics];
    const { store, clock } = deps;
    this.gaveUp = new Counter({ name: 'glide_outbox_failed_total', help: 'Outbox items given up (permanent failure or out of attempts)', labelNames: ['kind'] as const, registers });
    this.tripped = new Counter({ name: 'glide_outbox_route_down_total', help: 'Times a route (URL, provider endpoint) was found down and its items held back', labelNames: ['kind'] as const, registers });
    this.breakers = new CircuitBreakers({ baseMs: settings.retryBaseMs, maxMs: settings.retryMaxMs });
    const breakers = this.breakers;
    new Gauge({ name: 'glide_outbox_routes_down', help: 'Routes this node holds back as down', registers, collect() { this.set(breakers.downRoutes(clock.now()).length); } });
    // Read from the store at scrape time (the queue is shared by every node), once for both gauges.
    let scraped: { at: number; backlog: ReturnType<OutboxStore['backlog']> } | undefined;
    const read = () => {
      const now = clock.now();
      if (!scraped || now - scraped.at >= 1_000) scraped = { at: now, backlog: store.backlog() };
      return scraped.backlog;
    };
    new Gauge({
      name: 'glide_outbox_depth',
      help: 'Outbox items waiting (push notifications and webhook events)',
      registers,
      async collect() {
        this.set((await read()).depth);
      },
    });
    new Gauge({
      name: 'glide_outbox_oldest_age_seconds',
      help: 'Age of the oldest waiting outbox item (0 when none)',
      registers,
      async collect() {
        const { oldestCreatedAt } = await read();
        this.set(oldestCreatedAt === undefined ? 0 : Math.max(0, (clock.now() - oldestCreatedAt) / 1000));
      },
    });
  }

  register(kind: string, sender: OutboxSender): void {
    this.senders.set(kind, sender);
  }

  start(): void {
    this.timer = setInterval(() => this.kick(), this.settings.pollIntervalMs);
    this.timer.unref();
    this.kick();
  }

  /** Queues items; written with everything else enqueued meanwhile (see ENQUEUE_GATHER_MS). Resolves once stored. */
  enqueue(items: readonly NewOutboxItem[]): Promise<void> {
    if (items.length === 0) return Promise.resolve();
    this.queued.push(...items);
    if (this.flushing) return this.flushing;
    const wait = Math.min(ENQUEUE_GATHER_MS, this.lastFlush + ENQUEUE_GATHER_MS - this.deps.clock.now());
    this.flushing = new Promise<void>((resolve) => (wait > 0 ? setTimeout(resolve, wait) : setImmediate(resolve))).then(() => this.flush());
    return this.flushing;
  }

  private async flush(): Promise<void> {
    const now = (this.lastFlush = this.deps.clock.now());
    // Items for a route that is down wait for its probe: no claim passes over them meanwhile.
    const batch = this.queued.map((item) => {
      const until = this.breakers.downUntil(item.route ?? item.target, now);
      return until !== undefined && until > item.nextAt ? { ...item, nextAt: until } : item;
    });
    this.queued = [];
    this.flushing = undefined;
    await this.deps.store.enqueue(batch);
    if (batch.some((item) => item.nextAt <= now)) this.kick();
  }

  /** Looks for due items now (a single drain runs at a time; a kick during one makes it look again). */
  kick(): void {
    if (this.isClosed) return;
    if (this.draining) {
      this.isDrainAgain = true;
      return;
    }
    this.draining = this.drain().finally(() => {
      this.draining = undefined;
      if (this.isDrainAgain && !this.isClosed) {
        this.isDrainAgain = false;
        this.kick();
      }
    });
    runInBackground(this.deps.log, 'outbox drain', this.draining);
  }

  async close(): Promise<void> {
    this.isClosed = true;
    clearInterval(this.timer);
    await this.flushing?.catch(() => undefined);
    await this.draining?.catch(() => undefined);
  }

  private async drain(): Promise<void> {
    const { store, clock } = this.deps;
    const { batchSize, leaseMs } = this.settings;
    for (;;) {
      const now = clock.now();
      const items = await store.claimDue(now, batchSize, now + leaseMs, this.breakers.downRoutes(now));
      const outcomes = await Promise.all(items.map((item) => this.attempt(item)));
      // The usual case in one statement: every delivered item of the batch.
      await store.finish(items.filter((_, i) => outcomes[i]!.outcome === 'done').map((item) => item.id), 'done');
      const failures = items.flatMap((item, i) => (outcomes[i]!.outcome === 'done' ? [] : [{ item, result: outcomes[i] as Failure }]));
      await this.settle(await this.holdDownRoutes(items, outcomes, failures));
      if (items.length < batchSize || this.isClosed) break;
    }
    if (clock.now() - this.lastPurge > PURGE_EVERY_MS) {
      this.lastPurge = clock.now();
      await store.purge(clock.now() - this.settings.retentionHours * 3_600_000);
    }
  }

  private async attempt(item: OutboxItem): Promise<OutboxOutcome> {
    const sender = this.senders.get(item.kind);
    try {
      return sender ? await sender.deliver(item) : { outcome: 'retry', reason: `no sender for ${item.kind} on this node` };
    } catch (err) {
      return { outcome: 'retry', reason: err instanceof Error ? err.message : String(err) };
    }
  }

  /**
   * Routes none of whose items got an answer in this batch are down: their breaker trips (or stays
   * open after a failed probe) and their items go back in one statement. Answers the failures left,
   * which are the items' own.
   */
  private async holdDownRoutes(items: readonly OutboxItem[], outcomes: readonly OutboxOutcome[], failures: { item: OutboxItem; result: Failure }[]) {
    const answered = new Set<string>();
    items.forEach((item, i) => {
      const outcome = outcomes[i]!;
      if (outcome.outcome !== 'retry' || !outcome.isRouteDown) answered.add(item.route);
    });
    for (const route of answered) this.breakers.answered(route);
    const down = new Map<string, { kind: string; ids: number[]; reason: string }>();
    const own = failures.filter(({ item, result }) => {
      if (answered.has(item.route) || result.outcome !== 'retry') return true;
      const group = down.get(item.route) ?? { kind: item.kind, ids: [], reason: result.reason };
      group.ids.push(item.id);
      down.set(item.route, group);
      return false;
    });
    const now = this.deps.clock.now();
    for (const [route, { kind, ids, reason }] of down) {
      const until = this.breakers.failed(route, now);
      this.tripped.inc({ kind });
      this.deps.log.warn({ route, kind, items: ids.length, retryInMs: until - now, reason }, 'outbox route down, its items wait');
      await this.deps.store.holdRoute(route, ids, now, until, reason);
    }
    return own;
  }

  /** Reschedules (items due at the same time in one statement) or gives up what was not delivered. */
  private async settle(failures: readonly { item: OutboxItem; result: Failure }[]): Promise<void> {
    const { store, clock, log } = this.deps;
    const retries = new Map<number, { ids: number[]; reason: string }>();
    for (const { item, result } of failures) {
      if (result.outcome === 'retry' && item.attempts < this.settings.maxAttempts) {
        const nextAt = clock.now() + Math.min(this.settings.retryMaxMs, this.settings.retryBaseMs * 2 ** (item.attempts - 1));
        const group = retries.get(nextAt) ?? { ids: [], reason: result.reason };
        group.ids.push(item.id);
        retries.set(nextAt, group);
        continue;
      }
      this.gaveUp.inc({ kind: item.kind });
      log.warn({ id: item.id, kind: item.kind, target: item.target, attempts: item.attempts, reason: result.reason }, 'outbox item given up');
      await store.finish([item.id], 'failed', result.reason);
    }
    for (const [nextAt, { ids, reason }] of retries) await store.retryAt(ids, nextAt, reason);
  }
}
