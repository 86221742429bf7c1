import { describe, expect, it } from 'vitest';
import { ReconnectSplit, summarizeSplits } from './reconnect-split.js';

describe('reconnect split', () => {
  it('sums each client over its attempts and merges workers, with the kill → loss noticed span', () => {
    const workers = [new ReconnectSplit(), new ReconnectSplit()];
    const a = workers[0]!.lost();
    a.attempts = 2;
    a.sleptMs = 400;
    a.failedMs = 30;
    workers[0]!.back(a, 1000);
    const b = workers[1]!.lost();
    b.attempts = 1;
    b.sleptMs = 300;
    workers[1]!.back(b, 0);
    const results = workers.map((w) => w.toResult());
    const killedAt = Math.min(...results.map((r) => r.firstLostAt)) - 50;
    const summary = summarizeSplits(results, killedAt);
    expect(summary.attempts.count).toBe(2);
    expect(Math.round(summary.attempts.max)).toBe(2);
    expect(summary.slept.max).toBeCloseTo(400, -1);
    expect(summary.turn.max).toBeCloseTo(1000, -2);
    expect(summary.failed.max).toBeCloseTo(30, 0);
    expect(summary.noticedMs?.first).toBe(50);
    expect(summarizeSplits([new ReconnectSplit().toResult()], killedAt).noticedMs).toBeUndefined();
  });
});
