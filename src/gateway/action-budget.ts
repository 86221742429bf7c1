import type { Clock } from '../core/index.js';
import { Counter, type MetricsRegistry } from '../metrics/index.js';
import type { Connection } from './types.js';

/** Per-connection rates, each with a burst of one second's worth. */
export interface BudgetSettings {
  /** Client actions (every action but heartbeats, sign-ins and acks). */
  maxMessagesPerSecond: number;
  /** Inbound frame bytes, acks included. */
  maxBytesPerSecond: number;
  /** `ack.request` and `ack.group.msg`: cheap, but bounded too. */
  maxAcksPerSecond: number;
  /** Member deliveries caused by group actions (a post to 500 members costs 500). */
  maxFanoutPerSecond: number;
}

/** What an action costs from the connection's budget before it runs. */
export const ACTION_COST = { free: 'free', ack: 'ack', message: 'message' } as const;
export type ActionCost = (typeof ACTION_COST)[keyof typeof ACTION_COST];

/** Which limit refused: the metric label. */
export type BudgetLimit = 'messages' | 'bytes' | 'acks' | 'fanout';

/**
 * Tokens refilled continuously at `perSecond`, holding at most one second's worth. A cost larger than
 * that is allowed when the bucket is full and leaves a debt, so one large group is still reachable.
 */
class TokenBucket {
  private tokens: number;

  constructor(
    private readonly perSecond: number,
    private at: number,
  ) {
    this.tokens = perSecond;
  }

  take(cost: number, now: number): boolean {
    this.refill(now);
    if (this.tokens < Math.min(cost, this.perSecond)) return false;
    this.tokens -= cost;
    return true;
  }

  /** Charges (or refunds, when negative) what an estimate missed; may leave a debt. */
  adjust(cost: number, now: number): void {
    this.refill(now);
    this.tokens = Math.min(this.perSecond, this.tokens - cost);
  }

  private refill(now: number): void {
    this.tokens = Math.min(this.perSecond, this.tokens + ((now - this.at) * this.perSecond) / 1000);
    this.at = now;
  }
}

/** Fan-out sizes remembered per connection (gid → last recipients); cleared beyond this. */
const MAX_REMEMBERED_GROUPS = 256;

interface ConnectionBudget {
  messages: TokenBucket;
  bytes: TokenBucket;
  acks: TokenBucket;
  /** Made by the connection's first group post: most connections never post to a group. */
  fanout?: TokenBucket;
  fanoutSizes?: Map<number, number>;
}

/** The side of the budget group actions use: member deliveries are known only to the group area. */
export interface FanoutBudget {
  readonly maxFanoutPerSecond: number;
  /** Takes `deliveries` from the connection's fan-out budget; false (counted) when it is spent. */
  takeFanout(conn: Connection, deliveries: number): boolean;
  /** Recipients of the last post of this connection to `gid`, or undefined when none is known. */
  lastFanout(conn: Connection, gid: number): number | undefined;
  /** After a post: charges what the taken estimate missed and remembers the real size (if any) for the next one. */
  settleFanout(conn: Connection, gid: number, estimated: number, actual: number): void;
}

/**
 * One budget per connection, for every action: messages and bytes per second, acks per second, and
 * member deliveries per second for group actions. Keys are held weakly (a closed connection's budget
 * goes with it).
 */
export class ActionBudget implements FanoutBudget {
  private readonly budgets = new WeakMap<Connection, ConnectionBudget>();
  private readonly refused: Counter<'limit'>;

  constructor(
    private readonly deps: { clock: Clock; metrics: MetricsRegistry },
    private readonly settings: BudgetSettings,
  ) {
    this.refused = new Counter({
      name: 'glide_gateway_budget_refused_total',
      help: 'Client actions refused by the per-connection budget, by the limit that refused',
      labelNames: ['limit'] as const,
      registers: [deps.metrics],
    });
  }

  get maxFanoutPerSecond(): number {
    return this.settings.maxFanoutPerSecond;
  }

  /** Charges one frame; returns why it is refused, or undefined when it may run. */
  admit(conn: Connection, cost: ActionCost, bytes: number): string | undefined {
    if (cost === ACTION_COST.free) return undefined;
    const budget = this.of(conn);
    const now = this.deps.clock.now();
    const { maxMessagesPerSecond, maxAcksPerSecond, maxBytesPerSecond } = this.settings;
    if (cost === ACTION_COST.ack ? !budget.acks.take(1, now) : !budget.messages.take(1, now)) {
      return cost === ACTION_COST.ack ? this.refuse('acks', `more than ${maxAcksPerSecond} acks per second`) : this.refuse('messages', `more than ${maxMessagesPerSecond} messages per second`);
    }
    if (!budget.bytes.take(bytes, now)) return this.refuse('bytes', `more than ${maxBytesPerSecond} bytes per second`);
    return undefined;
  }

  takeFanout(conn: Connection, deliveries: number): boolean {
    if (this.fanoutOf(this.of(conn)).take(deliveries, this.deps.clock.now())) return true;
    this.refused.inc({ limit: 'fanout' });
    return false;
  }

  lastFanout(conn: Connection, gid: number): number | undefined {
    return this.of(conn).fanoutSizes?.get(gid);
  }

  settleFanout(conn: Connection, gid: number, estimated: number, actual: number): void {
    const budget = this.of(conn);
    this.fanoutOf(budget).adjust(actual - estimated, this.deps.clock.now());
    // A duplicate fans out nothing (actual 0): refunded, but it says nothing about the group's size.
    if (actual === 0) return;
    const sizes = (budget.fanoutSizes ??= new Map());
    if (sizes.size >= MAX_REMEMBERED_GROUPS && !sizes.has(gid)) sizes.clear();
    sizes.set(gid, actual);
  }

  private refuse(limit: BudgetLimit, text: string): string {
    this.refused.inc({ limit });
    return text;
  }

  private of(conn: Connection): ConnectionBudget {
    let budget = this.budgets.get(conn);
    if (!budget) {
      const now = this.deps.clock.now();
      const s = this.settings;
      budget = {
        messages: new TokenBucket(s.maxMessagesPerSecond, now),
        bytes: new TokenBucket(s.maxBytesPerSecond, now),
        acks: new TokenBucket(s.maxAcksPerSecond, now),
      };
      this.budgets.set(conn, budget);
    }
    return budget;
  }

  private fanoutOf(budget: ConnectionBudget): TokenBucket {
    budget.fanout ??= new TokenBucket(this.settings.maxFanoutPerSecond, this.deps.clock.now());
    return budget.fanout;
  }
}
