import { describe, expect, it } from 'vitest';
import { silentLogger } from '../log/index.js';
import { CursorCoalescer } from './cursor-coalescer.js';

const GID = 7;

describe('CursorCoalescer', () => {
  it('writes only the newest seq per member while a round is running, never moving back', async () => {
    const writes: [number, number, number][] = [];
    const rounds: number[] = [];
    let release: (() => void) | undefined;
    const cursors = new CursorCoalescer(
      async (round) => {
        rounds.push(round.length);
        for (const { gid, uid, seq } of round) writes.push([gid, uid, seq]);
        if (writes.length === 1) await new Promise<void>((resolve) => (release = resolve));
      },
      silentLogger(),
      'test cursor',
    );
    cursors.advance(GID, 1, 1);
    for (let seq = 2; seq <= 50; seq++) cursors.advance(GID, 1, seq);
    cursors.advance(GID, 2, 7);
    cursors.advance(GID, 2, 3);
    cursors.advance(GID + 1, 1, 4);
    // Being written (seq 1) and pending (50) are both newer than the store.
    expect(cursors.unwritten(GID, 1)).toBe(50);
    release!();
    await cursors.flushed();
    expect(writes).toEqual([
      [GID, 1, 1],
      [GID, 1, 50],
      [GID, 2, 7],
      [GID + 1, 1, 4],
    ]);
    // The second round (three members of two groups) was one write call.
    expect(rounds).toEqual([1, 3]);
    expect(cursors.unwritten(GID, 1)).toBe(0);
  });

  it('keeps a round it is writing unchanged while newer acks arrive', async () => {
    const seen: number[][] = [];
    let release: (() => void) | undefined;
    const cursors = new CursorCoalescer(
      async (round) => {
        await new Promise<void>((resolve) => (release = resolve));
        seen.push(round.map((c) => c.seq));
      },
      silentLogger(),
      'test cursor',
    );
    cursors.advance(GID, 1, 1);
    cursors.advance(GID, 1, 2);
    cursors.advance(GID, 1, 3);
    release!();
    await new Promise((resolve) => setImmediate(resolve));
    release!();
    await cursors.flushed();
    expect(seen).toEqual([[1], [3]]);
  });
});

describe('CursorCoalescer with a round gap', () => {
  function recorder(gapMs: number) {
    const writes: [number, number, number][] = [];
    const startedAt = performance.now();
    const cursors = new CursorCoalescer(
      async (round) => {
        for (const { uid, seq } of round) writes.push([uid, seq, performance.now() - startedAt]);
      },
      silentLogger(),
      'test cursor',
      gapMs,
    );
    return { writes, cursors };
  }

  it('writes a lone advance at once, then at most one round per gap while advances keep coming', async () => {
    const { writes, cursors } = recorder(200);
    cursors.advance(GID, 1, 1);
    for (let seq = 2; seq <= 100; seq++) cursors.advance(GID, 1, seq);
    cursors.advance(GID, 2, 5);
    expect(cursors.unwritten(GID, 1)).toBe(100);
    expect(cursors.unwritten(GID, 2)).toBe(5);
    expect(cursors.unwritten(GID + 1, 1)).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 50));
    // The first round wrote member 1 at once; the rest waits inside the gap, readable as unwritten.
    expect(writes.map(([uid, seq]) => [uid, seq])).toEqual([[1, 1]]);
    expect(cursors.unwritten(GID, 1)).toBe(100);
    await cursors.flushed();
    expect(writes.map(([uid, seq]) => [uid, seq])).toEqual([[1, 1], [1, 100], [2, 5]]);
    expect(cursors.unwritten(GID, 1)).toBe(0);
  });

  it('keeps to one round per gap when advances come in bursts with quiet ticks between', async () => {
    const rounds: number[][] = [];
    const cursors = new CursorCoalescer(async (round) => void rounds.push(round.map(({ uid }) => uid)), silentLogger(), 'test cursor', 1000);
    for (let burst = 0; burst < 10; burst++) {
      cursors.advance(GID, burst, burst + 1);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    // The first burst went at once; the nine others were all still inside the gap after it.
    expect(rounds).toEqual([[0]]);
    await cursors.flushed();
    expect(rounds).toEqual([[0], [1, 2, 3, 4, 5, 6, 7, 8, 9]]);
  });

  it('waits out the gap by itself, and hurry() ends it early', async () => {
    const { writes, cursors } = recorder(150);
    cursors.advance(GID, 1, 1);
    cursors.advance(GID, 1, 2);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(writes.map(([, seq]) => seq)).toEqual([1, 2]);
    expect(writes[1]![2] - writes[0]![2]).toBeGreaterThanOrEqual(140);

    const hurried = recorder(10_000);
    hurried.cursors.advance(GID, 1, 1);
    hurried.cursors.advance(GID, 1, 2);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(hurried.writes).toHaveLength(1);
    hurried.cursors.hurry();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(hurried.writes.map(([, seq]) => seq)).toEqual([1, 2]);
  });
});
