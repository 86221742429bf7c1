import { describe, expect, it } from 'vitest';
import { ManualClock, systemClock } from './clock.js';

describe('Clock.every in phase with the epoch', () => {
  it('ticks a manual clock on the multiples of the interval, the first within one interval', () => {
    const clock = new ManualClock(1_700_000_000_250);
    const at: number[] = [];
    clock.every(1_000, () => at.push(clock.now()), { phaseMs: 0 });
    clock.advance(2_800);
    expect(at).toEqual([1_700_000_001_000, 1_700_000_002_000, 1_700_000_003_000]);
  });

  it('ticks a manual clock at its phase past each multiple', () => {
    const clock = new ManualClock(1_700_000_000_750);
    const at: number[] = [];
    clock.every(1_000, () => at.push(clock.now()), { phaseMs: 500 });
    clock.advance(1_800);
    expect(at).toEqual([1_700_000_001_500, 1_700_000_002_500]);
  });

  it('ticks the system clock near each boundary, once per interval, until stopped', async () => {
    const intervalMs = 200;
    const at: number[] = [];
    // Started half an interval off the boundary: an unaligned timer would keep that phase.
    await new Promise((resolve) => setTimeout(resolve, intervalMs + intervalMs / 2 - (Date.now() % intervalMs)));
    const stop = systemClock.every(intervalMs, () => at.push(Date.now()), { phaseMs: 0 });
    await new Promise((resolve) => setTimeout(resolve, 5 * intervalMs + 50));
    stop();
    const count = at.length;
    await new Promise((resolve) => setTimeout(resolve, 2 * intervalMs));
    expect(at.length).toBe(count);
    expect(count).toBeGreaterThanOrEqual(3);
    // A busy machine makes a tick late, never early: no two ticks share a boundary.
    const boundaries = at.map((t) => Math.round((t - (t % intervalMs)) / intervalMs));
    expect(new Set(boundaries).size).toBe(boundaries.length);
    // At least one landed in the first half after its boundary (a busy machine delays ticks, up to half an interval).
    expect(at.some((t) => t % intervalMs < intervalMs / 2)).toBe(true);
  });
});
