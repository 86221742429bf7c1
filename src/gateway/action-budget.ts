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

/** Fan-out sizes remembered per connection (gid → last recipients); cleared beyond this. */
const MAX_REMEMBERED_GROUPS = 256;

/**
 * One connection's token buckets, each refilled continuously at its rate and holding at most one
 * second's worth; a cost larger than that is allowed when the bucket is full and leaves a debt, so one
 * large group is still reachable. All four in one object with one refill time (refilling in steps
 * gives what one refill would) rather than an object per bucket: every signed-in connection has one
 * (issue 17: ~0.15 KB less per connection).
 */
class ConnectionBudget {
  messages: number;
  bytes: number;
  acks: number;
  /** Member deliveries caused by group actions. */
  fanout: number;
  /** Made by the connection's first group post: most connections never post to a group. */
  fanoutSizes: Map<number, number> | undefined;

  constructor(
    private readonly settings: BudgetSettings,
    private at: number,
  ) {
    this.messages = settings.maxMessagesPerSecond;
    this.bytes = settings.maxBytesPerSecond;
    this.acks = settings.maxAcksPerSecond;
    this.fanout = settings.maxFanoutPerSecond;
  }

  refill(now: number): void {
    const seconds = (now - this.at) / 1000;
    this.at = now;
    const s = this.settings;
    this.messages = Math.min(s.maxMessagesPerSecond, this.messages + seconds * s.maxMessagesPerSecond);
    this.bytes = Math.min(s.maxBytesPerSecond, this.bytes + seconds * s.maxBytesPerSecond);
    this.acks = Math.min(s.maxAcksPerSecond, this.acks + seconds * s.maxAcksPerSecond);
    this.fanout = Math.min(s.maxFanoutPerSecond, this.fanout + seconds * s.maxFanoutPerSecond);
  }
}

/** Whether a bucket of `perSecond` holding `tokens` may pay `cost`. */
function affords(tokens: number, perSecond: number, cost: number): boolean {
  return tokens >= Math.min(cost, perSecond);
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
    const { maxMessagesPerSecond, maxAcksPerSecond, maxBytesPerSecond } = this.settings;
    if (cost === ACTION_COST.ack) {
      if (!affords(budget.acks, maxAcksPerSecond, 1)) return this.refuse('acks', `more than ${maxAcksPerSecond} acks per second`);
      budget.acks -= 1;
    } else {
      if (!affords(budget.messages, maxMessagesPerSecond, 1)) return this.refuse('messages', `more than ${maxMessagesPerSecond} messages per second`);
      budget.messages -= 1;
    }
    if (!affords(budget.bytes, maxBytesPerSecond, bytes)) return this.refuse('bytes', `more than ${maxBytesPerSecond} bytes per second`);
    budget.bytes -= bytes;
    return undefined;
  }

  takeFanout(conn: Connection, deliveries: number): boolean {
    const budget = this.of(conn);
    if (affords(budget.fanout, this.settings.maxFanoutPerSecond, deliveries)) {
      budget.fanout -= deliveries;
      return true;
    }
    this.refused.inc({ limit: 'fanout' });
    return false;
  }

  lastFanout(conn: Connection, gid: number): number | undefined {
    return this.budgets.get(conn)?.fanoutSizes?.get(gid);
  }

  settleFanout(conn: Connection, gid: number, estimated: number, actual: number): void {
    // Charges (or refunds, when negative) what the estimate missed; may leave a debt.
    const budget = this.of(conn);
    budget.fanout = Math.min(this.settings.maxFanoutPerSecond, budget.fanout - (actual - estimated));
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

  /** The connection's budget, refilled to now. */
  private of(conn: Connection): ConnectionBudget {
    const now = this.deps.clock.now();
    const budget = this.budgets.get(conn);
    if (budget) {
      budget.refill(now);
      return budget;
    }
    const fresh = new ConnectionBudget(this.settings, now);
    this.budgets.set(conn, fresh);
    return fresh;
  }
}
