import { describe, expect, it } from 'vitest';
import { faultImpact } from './impact.js';
import type { SentMessage } from './ledger.js';

function sent(firstSentAt: number, ackedAt: number | undefined, refusedAt: number[] = []): SentMessage {
  return { key: `k${firstSentAt}`, kind: 'chat', from: 1, to: 2, content: '', firstSentAt, ...(ackedAt === undefined ? {} : { ackedAt, mid: 1 }), refusedAt };
}

describe('faultImpact', () => {
  const times = { startedAt: 1_000, healthyAt: 3_000, endAt: 5_000 };

  it('counts sends in flight at the fault from the fault, later ones from their send, and leaves out the rest', () => {
    const impact = faultImpact(times, [
      sent(500, 900), // acked before the fault
      sent(800, 2_500), // in flight at the fault: waited 1 500 ms from it
      sent(1_200, 1_300), // sent during the fault, barely noticed it
      sent(2_000, 2_400, [2_100]),
      sent(3_500, 3_600, [3_550]), // after the cluster was healthy: not affected, its refusal still counts
      sent(5_500, 5_600, [5_550]), // the next fault's
    ]);
    expect(impact).toEqual({ affected: 3, refusals: 2, longestWaitMs: 1_500, medianWaitMs: 400 });
  });

  it('has no longest wait while an affected send is unacked', () => {
    expect(faultImpact(times, [sent(1_500, undefined), sent(1_600, 1_700)]).longestWaitMs).toBeUndefined();
  });

  it('reports nothing when no send was affected', () => {
    expect(faultImpact(times, [])).toEqual({ affected: 0, refusals: 0, longestWaitMs: undefined, medianWaitMs: undefined });
  });
});
