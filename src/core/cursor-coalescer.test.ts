import { describe, expect, it } from 'vitest';
import { silentLogger } from '../log/index.js';
import { CursorCoalescer } from './cursor-coalescer.js';

describe('CursorCoalescer', () => {
  it('writes only the newest seq per key while a round is running, never moving back', async () => {
    const writes: [string, number][] = [];
    const rounds: number[] = [];
    let release: (() => void) | undefined;
    const cursors = new CursorCoalescer<string>(
      async (round) => {
        rounds.push(round.length);
        for (const { key, seq } of round) writes.push([key, seq]);
        if (writes.length === 1) await new Promise<void>((resolve) => (release = resolve));
      },
      silentLogger(),
      'test cursor',
    );
    cursors.advance('a', 'a', 1);
    for (let seq = 2; seq <= 50; seq++) cursors.advance('a', 'a', seq);
    cursors.advance('b', 'b', 7);
    cursors.advance('b', 'b', 3);
    release!();
    await cursors.flushed();
    expect(writes).toEqual([
      ['a', 1],
      ['a', 50],
      ['b', 7],
    ]);
    // The second round (a and b) was one write call.
    expect(rounds).toEqual([1, 2]);
  });
});

describe('CursorCoalescer with a round gap', () => {
  function recorder(gapMs: number) {
    const writes: [string, number, number][] = [];
    const startedAt = performance.now();
    const cursors = new CursorCoalescer<string>(
      async (round) => {
        for (const { key, seq } of round) writes.push([key, seq, performance.now() - startedAt]);
      },
      silentLogger(),
      'test cursor',
      gapMs,
    );
    return { writes, cursors };
  }

  it('writes a lone advance at once, then at most one round per gap while advances keep coming', async () => {
    const { writes, cursors } = recorder(200);
    cursors.advance('a', 'a', 1);
    for (let seq = 2; seq <= 100; seq++) cursors.advance('a', 'a', seq);
    cursors.advance('b', 'b', 5);
    expect(cursors.unwritten('a')).toBe(100);
    expect(cursors.unwritten('b')).toBe(5);
    await new Promise((resolve) => setTimeout(resolve, 50));
    // The first round wrote a at once; the rest waits inside the gap, readable as pending.: nothing more written, the pending cursors are readable.
    expect(writes.map(([key, seq]) => [key, seq])).toEqual([['a', 1]]);
    expect(cursors.unwritten('a')).toBe(100);
    await cursors.flushed();
    expect(writes.map(([key, seq]) => [key, seq])).toEqual([['a', 1], ['a', 100], ['b', 5]]);
    expect(cursors.unwritten('a')).toBe(0);
  });

  it('keeps to one round per gap when advances come in bursts with quiet ticks between', async () => {
    const rounds: string[][] = [];
    const cursors = new CursorCoalescer<string>(async (round) => void rounds.push(round.map(({ key }) => key)), silentLogger(), 'test cursor', 150);
    for (let burst = 0; burst < 10; burst++) {
      cursors.advance(`k${burst}`, `k${burst}`, burst + 1);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    // The first burst went at once; the nine others were all still inside the gap after it.
    expect(rounds).toEqual([['k0']]);
    await cursors.flushed();
    expect(rounds).toEqual([['k0'], ['k1', 'k2', 'k3', 'k4', 'k5', 'k6', 'k7', 'k8', 'k9']]);
  });

  it('waits out the gap by itself, and hurry() ends it early', async () => {
    const { writes, cursors } = recorder(150);
    cursors.advance('a', 'a', 1);
    cursors.advance('a', 'a', 2);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(writes.map(([, seq]) => seq)).toEqual([1, 2]);
    expect(writes[1]![2] - writes[0]![2]).toBeGreaterThanOrEqual(140);

    const hurried = recorder(10_000);
    hurried.cursors.advance('a', 'a', 1);
    hurried.cursors.advance('a', 'a', 2);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(hurried.writes).toHaveLength(1);
    hurried.cursors.hurry();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(hurried.writes.map(([, seq]) => seq)).toEqual([1, 2]);
  });
});
