import { describe, expect, it } from 'vitest';
import { Batcher, yieldToEventLoop } from './batcher.js';

describe('Batcher (group commit)', () => {
  it('writes a lone item at once and batches what arrives during a write', async () => {
    const batches: number[][] = [];
    let release: (() => void) | undefined;
    const batcher = new Batcher<number, number>(async (items) => {
      batches.push(items);
      if (batches.length === 1) await new Promise<void>((resolve) => (release = resolve));
      return items.map((n) => n * 10);
    }, 3);
    const first = batcher.submit(1);
    const rest = [2, 3, 4, 5].map((n) => batcher.submit(n));
    expect(batches).toEqual([[1]]);
    release!();
    expect(await Promise.all([first, ...rest])).toEqual([10, 20, 30, 40, 50]);
    expect(batches).toEqual([[1], [2, 3, 4], [5]]);
  });

  it('rejects every item of a failed batch and goes on with the next', async () => {
    let calls = 0;
    const batcher = new Batcher<string, string>(async (items) => {
      if (++calls === 1) throw new Error('disk full');
      return items;
    }, 10);
    const failed = batcher.submit('a');
    await expect(failed).rejects.toThrow('disk full');
    expect(await batcher.submit('b')).toBe('b');
  });

  it('tells a submitTo waiter its outcome once, in the same batches as promised items', async () => {
    let calls = 0;
    const batcher = new Batcher<number, number>(async (items) => {
      if (++calls === 2) throw new Error('disk full');
      return items.map((n) => n * 10);
    }, 10);
    const heard: string[] = [];
    const waiter = (item: number) => ({ item, resolve: (r: number) => heard.push(`${item}=${r}`), reject: (e: unknown) => heard.push(`${item}!${(e as Error).message}`) });
    batcher.submitTo(waiter(1));
    const promised = batcher.submit(2);
    batcher.submitTo(waiter(3));
    await expect(promised).rejects.toThrow('disk full');
    batcher.submitTo(waiter(4));
    await batcher.idle();
    expect(heard).toEqual(['1=10', '3!disk full', '4=40']);
  });

  it('pauses between batches while more are queued, and reports idle', async () => {
    let pauses = 0;
    const batcher = new Batcher<number, number>(async (items) => items, 1, undefined, async () => {
      pauses++;
      await yieldToEventLoop();
    });
    await Promise.all([1, 2, 3].map((n) => batcher.submit(n)));
    await batcher.idle();
    expect(pauses).toBe(2);
    expect(batcher.pending).toBe(0);
  });

  it('runs a batch for due side work with nothing queued, and takes it along with queued items', async () => {
    let due = 0;
    const seen: Array<[number[], number]> = [];
    const batcher = new Batcher<number, number>(
      async (items) => {
        seen.push([items, due]);
        due = 0;
        return items;
      },
      10,
      undefined,
      undefined,
      () => due > 0,
    );
    due = 2;
    batcher.kick();
    await batcher.idle();
    due = 1;
    await batcher.submit(7);
    expect(seen).toEqual([
      [[], 2],
      [[7], 1],
    ]);
  });

  it('starts a batch no sooner than gatherMs after the previous one, and a lone item after a quiet spell at once', async () => {
    const starts: Array<[number[], number]> = [];
    const batcher = new Batcher<number, number>(
      async (items) => {
        starts.push([items, performance.now()]);
        return items;
      },
      10,
      undefined,
      undefined,
      undefined,
      30,
    );
    const t0 = performance.now();
    await batcher.submit(1);
    const later = [2, 3, 4].map((n) => batcher.submit(n));
    expect(starts.map(([items]) => items)).toEqual([[1]]);
    await Promise.all(later);
    expect(starts.map(([items]) => items)).toEqual([[1], [2, 3, 4]]);
    expect(starts[0]![1] - t0).toBeLessThan(10);
    // setTimeout may fire up to a millisecond early.
    expect(starts[1]![1] - starts[0]![1]).toBeGreaterThanOrEqual(28);
    await new Promise((resolve) => setTimeout(resolve, 35));
    const quiet = performance.now();
    await batcher.submit(5);
    expect(starts[2]![1] - quiet).toBeLessThan(10);
  });
});
