import { describe, expect, it } from 'vitest';
import { silentLogger } from '../log/index.js';
import { CursorCoalescer } from './cursor-coalescer.js';

describe('CursorCoalescer', () => {
  it('writes only the newest seq per key while a round is running, never moving back', async () => {
    const writes: [string, number][] = [];
    let release: (() => void) | undefined;
    const cursors = new CursorCoalescer<string>(
      async (key, seq) => {
        writes.push([key, seq]);
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
  });
});
