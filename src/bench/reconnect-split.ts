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
  /** Attempts per client, recorded as if they were ms. */
  attempts: SerializedHistogram;
  /** Epoch ms of the first and last connection loss this worker noticed (0: none). */
  firstLostAt: number;
  lastLostAt: number;
}

export class ReconnectSplit {
  private readonly slept = new LatencyHistogram();
  private readonly turn = new LatencyHistogram();
  private readonly failed = new LatencyHistogram();
  private readonly attempts = new LatencyHistogram();
  private firstLostAt = 0;
  private lastLostAt = 0;

  /** A loss noticed now: its clock. */
  lost(): ReconnectClock {
    const now = Date.now();
    if (this.firstLostAt === 0) this.firstLostAt = now;
    this.lastLostAt = now;
    return { sleptMs: 0, failedMs: 0, attempts: 0 };
  }

  /** Back: `turnWaitMs` is the client's wait for its worker's upgrade turn over all its attempts. */
  back(clock: ReconnectClock, turnWaitMs: number): void {
    this.slept.record(clock.sleptMs);
    this.turn.record(turnWaitMs);
    this.failed.record(clock.failedMs);
    this.attempts.record(clock.attempts);
  }

  toResult(): ReconnectSplitResult {
    return { slept: this.slept.toSparse(), turn: this.turn.toSparse(), failed: this.failed.toSparse(), attempts: this.attempts.toSparse(), firstLostAt: this.firstLostAt, lastLostAt: this.lastLostAt };
  }
}

/** The split over all workers, for the kill report. */
export interface ReconnectSplitSummary {
  slept: LatencySummary;
  turn: LatencySummary;
  failed: LatencySummary;
  attempts: LatencySummary;
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
    attempts: merged((s) => s.attempts),
    noticedMs: noticed.length === 0 || killedAt === 0 ? undefined : { first: Math.min(...noticed.map((s) => s.firstLostAt)) - killedAt, last: Math.max(...noticed.map((s) => s.lastLostAt)) - killedAt },
  };
}
