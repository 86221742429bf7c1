import { describe, expect, it } from 'vitest';
import { ReconnectSplit, summarizeSplits } from './reconnect-split.js';

describe('reconnect split', () => {
  it('sums each client over its attempts and merges workers, with the kill → loss noticed span', () => {
    const workers = [new ReconnectSplit(), new ReconnectSplit()];
    const a = workers[0]!.lost();
    a.attempts = 2;
    a.sleptMs = 400;
    a.failedMs = 30;
    workers[0]!.back(a, 1000, { upgradeMs: 250, connectMs: 40 });
    const b = workers[1]!.lost();
    b.attempts = 1;
    b.sleptMs = 300;
    workers[1]!.back(b, 0, { upgradeMs: 20, connectMs: 5 });
    const results = workers.map((w) => w.toResult());
    const killedAt = Math.min(...results.map((r) => r.firstLostAt)) - 50;
    const summary = summarizeSplits(results, killedAt);
    expect(summary.attempts.count).toBe(2);
    expect(Math.round(summary.attempts.max)).toBe(2);
    expect(summary.slept.max).toBeCloseTo(400, -1);
    expect(summary.turn.max).toBeCloseTo(1000, -2);
    expect(summary.failed.max).toBeCloseTo(30, 0);
    expect(summary.connect.max).toBeCloseTo(40, 0);
    expect(summary.connectedTo101.max).toBeCloseTo(210, -1);
    expect(summary.connectedTo101.count).toBe(2);
    // Both came back within a second or so of the kill (50 ms before the first loss).
    expect(summary.backPerSecond.reduce((n, v) => n + v, 0)).toBe(2);
    expect(summary.backPerSecond.length).toBeLessThanOrEqual(2);
    expect(summary.noticedMs?.first).toBe(50);
    expect(summarizeSplits([new ReconnectSplit().toResult()], killedAt).noticedMs).toBeUndefined();
  });
});
