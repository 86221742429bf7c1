import type { Clock } from './clock.js';

/**
 * Message ids: 53 bits = 40 bits of milliseconds since 2024-01-01 (until 2058) | 7 bits node | 6 bits
 * counter. Unique across up to 128 nodes with no central counter, below 2^53 so JSON numbers carry them,
 * and growing with time. More than 64 ids in one millisecond borrow the next millisecond (the
 * generator runs ahead briefly and the clock catches up), so bursts never block.
 */
export const MID_EPOCH_MS = Date.UTC(2024, 0, 1);
export const MID_NODE_BITS = 7;
export const MID_COUNTER_BITS = 6;
export const MAX_MID_NODE = 2 ** MID_NODE_BITS - 1;
const COUNTER_LIMIT = 2 ** MID_COUNTER_BITS;
const TICK = 2 ** (MID_NODE_BITS + MID_COUNTER_BITS);

export class MidGenerator {
  private lastMs = 0;
  private counter = 0;

  constructor(
    private readonly clock: Clock,
    private readonly nodeId: number,
  ) {
    if (!Number.isInteger(nodeId) || nodeId < 0 || nodeId > MAX_MID_NODE) throw new Error(`node id must be 0..${MAX_MID_NODE}, got ${nodeId}`);
  }

  next(): number {
    const ms = this.clock.now() - MID_EPOCH_MS;
    if (ms > this.lastMs) {
      this.lastMs = ms;
      this.counter = 0;
    } else if (++this.counter >= COUNTER_LIMIT) {
      this.lastMs++;
      this.counter = 0;
    }
    return this.lastMs * TICK + this.nodeId * COUNTER_LIMIT + this.counter;
  }

  /** True when `mid` could have come from some generator by now: positive, safe, not from the future. */
  isPlausible(mid: number): boolean {
    return Number.isSafeInteger(mid) && mid > 0 && Math.floor(mid / TICK) <= Math.max(this.lastMs, this.clock.now() - MID_EPOCH_MS);
  }
}

/** The node that generated `mid` (in a cluster, the node that stored the message and keeps its receipt). */
export function nodeOfMid(mid: number): number {
  return Math.floor(mid / COUNTER_LIMIT) % 2 ** MID_NODE_BITS;
}

/** The smallest mid any node can make at `ms` (ms since the Unix epoch): every earlier mid is below it. */
export function firstMidAt(ms: number): number {
  return Math.max(0, ms - MID_EPOCH_MS) * TICK;
}
