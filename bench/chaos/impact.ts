/** How one fault hit the clients: from the ledger's send, ack and refusal times. Pure, so it is unit-tested. */
import type { SentMessage } from './ledger.js';

export interface FaultTimes {
  /** When the fault was injected. */
  startedAt: number;
  /** When the cluster was healthy again (every node 200 and seeing all the others). */
  healthyAt: number;
  /** When the next fault started (or the load stopped): refusals up to here count for this fault. */
  endAt: number;
}

export interface FaultImpact {
  /** Messages in flight at the fault or sent before the cluster was healthy again. */
  affected: number;
  refusals: number;
  /**
   * The longest any of them waited for its ack, counted from the fault for those already in flight:
   * how long it took until sends were acked again. Undefined when one was never acked.
   */
  longestWaitMs: number | undefined;
  /** The median of the same waits (most sends barely notice a fault). */
  medianWaitMs: number | undefined;
}

export function faultImpact(times: FaultTimes, sent: Iterable<SentMessage>): FaultImpact {
  const waits: number[] = [];
  let affected = 0;
  let unacked = 0;
  let refusals = 0;
  for (const message of sent) {
    for (const at of message.refusedAt) if (at >= times.startedAt && at < times.endAt) refusals++;
    const isAffected = message.firstSentAt <= times.healthyAt && (message.ackedAt === undefined || message.ackedAt >= times.startedAt);
    if (!isAffected) continue;
    affected++;
    if (message.ackedAt === undefined) unacked++;
    else waits.push(message.ackedAt - Math.max(message.firstSentAt, times.startedAt));
  }
  waits.sort((a, b) => a - b);
  const isComplete = unacked === 0 && waits.length > 0;
  return {
    affected,
    refusals,
    longestWaitMs: isComplete ? waits.at(-1) : undefined,
    medianWaitMs: waits.length > 0 ? waits[Math.floor(waits.length / 2)] : undefined,
  };
}
