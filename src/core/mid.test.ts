import { describe, expect, it } from 'vitest';
import { ManualClock } from './clock.js';
import { MAX_MID_NODE, MidGenerator } from './mid.js';

describe('MidGenerator', () => {
  it('gives strictly increasing ids below 2^53, bursts included', () => {
    const gen = new MidGenerator(new ManualClock(), 5);
    let last = 0;
    for (let i = 0; i < 10_000; i++) {
      const mid = gen.next();
      expect(mid).toBeGreaterThan(last);
      last = mid;
    }
    expect(last).toBeLessThan(2 ** 53);
  });

  it('never collides between nodes, even in the same millisecond', () => {
    const clock = new ManualClock();
    const seen = new Set<number>();
    for (const node of [0, 1, MAX_MID_NODE]) {
      const gen = new MidGenerator(clock, node);
      for (let i = 0; i < 500; i++) seen.add(gen.next());
    }
    expect(seen.size).toBe(1_500);
  });

  it('grows with time and stays below 2^53 in 2058', () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1));
    const gen = new MidGenerator(clock, 0);
    const before = gen.next();
    clock.advance(1);
    expect(gen.next()).toBeGreaterThan(before);
    expect(new MidGenerator(new ManualClock(Date.UTC(2058, 0, 1)), MAX_MID_NODE).next()).toBeLessThan(2 ** 53);
  });

  it('calls a mid from the future implausible', () => {
    const clock = new ManualClock();
    const gen = new MidGenerator(clock, 0);
    const mid = gen.next();
    expect(gen.isPlausible(mid)).toBe(true);
    expect(gen.isPlausible(mid + 10 * 2 ** 13 * 1000)).toBe(false);
    expect(gen.isPlausible(-1)).toBe(false);
  });

  it('refuses a node id out of range', () => {
    expect(() => new MidGenerator(new ManualClock(), MAX_MID_NODE + 1)).toThrow(/node id/);
  });
});
