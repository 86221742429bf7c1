import { describe, expect, it } from 'vitest';
import { formatReport, isPass, table, type RunFacts } from './report.js';
import type { KindFigures } from './verify.js';

const figures: KindFigures = { sent: 1200, acked: 1200, refusedThenAcked: 3, refusals: 4, unacked: 0, stored: 1200, expectedDeliveries: 1200, delivered: 1200, deliveredBySync: 7, lost: 0, undelivered: 0, duplicatedInStore: 0, gaps: 0 };

function facts(overrides: Partial<RunFacts> = {}): RunFacts {
  return {
    title: 'glide chaos (short)',
    loadS: 25,
    totalS: 40,
    faults: [{ label: 'SIGKILL node 2', atS: 3, healthyAfterMs: 7_000, impact: { affected: 100, refusals: 0, longestWaitMs: 3_100, medianWaitMs: 20 } }],
    verdict: { chat: figures, group: { ...figures, sent: 10 }, problems: [], problemCount: 0 },
    drops: 13,
    skipped: 0,
    duplicateEmissions: 0,
    ended: [],
    sdkErrors: new Map(),
    ...overrides,
  };
}

describe('table', () => {
  it('pads the first column left-aligned and the others right-aligned', () => {
    expect(table([['a', 'bb'], ['ccc', 'd']])).toBe('a    bb\nccc   d');
  });
});

describe('formatReport', () => {
  it('shows the faults, the counts and PASS for a clean run', () => {
    const text = formatReport(facts());
    expect(text).toMatch(/SIGKILL node 2 +3\.0 +7,000 +100 +0 +3,100 +20/);
    expect(text).toMatch(/1:1 +1,200 +1,200 +3 +4 +0 +1,200 +1,200\/1,200 +7 +0 +0 +0 +0/);
    expect(text).toMatch(/^PASS/m);
    expect(isPass(facts())).toBe(true);
  });

  it('fails with the problems listed, or when a client ended by itself or the SDK repeated a mid', () => {
    const failed = facts({ verdict: { chat: figures, group: figures, problems: ['chat acked but not stored: x'], problemCount: 1 } });
    expect(formatReport(failed)).toMatch(/FAIL: 1 problem\(s\)\n {2}- chat acked but not stored: x/);
    expect(isPass(failed)).toBe(false);
    expect(isPass(facts({ ended: ['uid 3: kicked'] }))).toBe(false);
    expect(isPass(facts({ duplicateEmissions: 1 }))).toBe(false);
  });

  it('lists the SDK error events, most frequent first', () => {
    const text = formatReport(facts({ sdkErrors: new Map([['SYNC_FAILED: x', 1], ['REQUEST_TIMEOUT: y', 3]]) }));
    expect(text).toMatch(/SDK error events: 3 × REQUEST_TIMEOUT: y; 1 × SYNC_FAILED: x/);
  });

  it('says "never" for a fault whose sends were not all acked', () => {
    const text = formatReport(facts({ faults: [{ label: 'NATS', atS: 1, healthyAfterMs: 2_000, impact: { affected: 1, refusals: 1, longestWaitMs: undefined, medianWaitMs: undefined } }] }));
    expect(text).toMatch(/NATS .* never +never/);
  });
});
