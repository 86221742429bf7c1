/**
 * Where a reconnecting client's time goes between its loss being noticed and its sign-in on another
 * node: asleep (backoff and told waits), waiting for its worker's upgrade turn, in attempts that failed,
 * and the attempt that succeeded. A 100,000-user kill took ~44 s per client of which the successful
 * attempt was ~2.5 s; this says where the rest went.
 */
import { LatencyHistogram, type LatencySummary, type SerializedHistogram } from './histogram.js';

/** One client's reconnect in progress. */
export interface ReconnectClock {
  /** Slept in backoff and told waits, as slept (a late worker loop included). */
  sleptMs: number;
  /** Failed attempts' own time, their wait for a turn left out. */
  failedMs: number;
  attempts: number;
}

export interface ReconnectSplitResult {
  slept: SerializedHistogram;
  turn: SerializedHistogram;
  failed: SerializedHistogram;
  /** The attempt that succeeded, its upgrade split: until the worker saw TCP connected, and from there to the 101. */
  connect: SerializedHistogram;
  connectedTo101: SerializedHistogram;
  /** Attempts per client, recorded as if they were ms. */
  attempts: SerializedHistogram;
  /** Clients back, by epoch second: the storm's shape (a steady rate, or a burst and a tail). */
  backPerSecond: Record<string, number>;
  /** Epoch ms of the first and last connection loss this worker noticed (0: none). */
  firstLostAt: number;
  lastLostAt: number;
}

export class ReconnectSplit {
  private readonly slept = new LatencyHistogram();
  private readonly turn = new LatencyHistogram();
  private readonly failed = new LatencyHistogram();
  private readonly connect = new LatencyHistogram();
  private readonly connectedTo101 = new LatencyHistogram();
  private readonly attempts = new LatencyHistogram();
  private readonly backPerSecond: Record<string, number> = {};
  private firstLostAt = 0;
  private lastLostAt = 0;

  /** A loss noticed now: its clock. */
  lost(): ReconnectClock {
    const now = Date.now();
    if (this.firstLostAt === 0) this.firstLostAt = now;
    this.lastLostAt = now;
    return { sleptMs: 0, failedMs: 0, attempts: 0 };
  }

  /** Back: `turnWaitMs` is the client's wait for its worker's upgrade turn over all its attempts; `upgrade`, the attempt that succeeded. */
  back(clock: ReconnectClock, turnWaitMs: number, upgrade: { upgradeMs: number; connectMs: number }): void {
    this.slept.record(clock.sleptMs);
    this.turn.record(turnWaitMs);
    this.failed.record(clock.failedMs);
    this.connect.record(upgrade.connectMs);
    this.connectedTo101.record(upgrade.upgradeMs - upgrade.connectMs);
    this.attempts.record(clock.attempts);
    const second = Math.floor(Date.now() / 1000);
    this.backPerSecond[second] = (this.backPerSecond[second] ?? 0) + 1;
  }

  toResult(): ReconnectSplitResult {
    return {
      slept: this.slept.toSparse(),
      turn: this.turn.toSparse(),
      failed: this.failed.toSparse(),
      connect: this.connect.toSparse(),
      connectedTo101: this.connectedTo101.toSparse(),
      attempts: this.attempts.toSparse(),
      backPerSecond: this.backPerSecond,
      firstLostAt: this.firstLostAt,
      lastLostAt: this.lastLostAt,
    };
  }
}

/** The split over all workers, for the kill report. */
export interface ReconnectSplitSummary {
  slept: LatencySummary;
  turn: LatencySummary;
  failed: LatencySummary;
  connect: LatencySummary;
  connectedTo101: LatencySummary;
  attempts: LatencySummary;
  /** Clients back per second from the kill (index 0: the second the kill fell in). */
  backPerSecond: number[];
  /** Kill → the first and the last loss a worker noticed, ms (undefined: none noticed). */
  noticedMs: { first: number; last: number } | undefined;
}

export function summarizeSplits(splits: readonly ReconnectSplitResult[], killedAt: number): ReconnectSplitSummary {
  const merged = (pick: (s: ReconnectSplitResult) => SerializedHistogram): LatencySummary => {
    const all = new LatencyHistogram();
    for (const split of splits) all.merge(LatencyHistogram.fromSparse(pick(split)));
    return all.summary();
  };
  const noticed = splits.filter((s) => s.firstLostAt > 0);
  return {
    slept: merged((s) => s.slept),
    turn: merged((s) => s.turn),
    failed: merged((s) => s.failed),
    connect: merged((s) => s.connect),
    connectedTo101: merged((s) => s.connectedTo101),
    attempts: merged((s) => s.attempts),
    backPerSecond: backPerSecondFrom(splits, killedAt),
    noticedMs: noticed.length === 0 || killedAt === 0 ? undefined : { first: Math.min(...noticed.map((s) => s.firstLostAt)) - killedAt, last: Math.max(...noticed.map((s) => s.lastLostAt)) - killedAt },
  };
}

function backPerSecondFrom(splits: readonly ReconnectSplitResult[], killedAt: number): number[] {
  const counts: number[] = [];
  const first = Math.floor(killedAt / 1000);
  for (const split of splits) {
    for (const [second, back] of Object.entries(split.backPerSecond)) {
      const at = Math.max(0, Number(second) - first);
      for (let i = counts.length; i <= at; i++) counts.push(0);
      counts[at]! += back;
    }
  }
  return counts;
}
