import { describe, expect, it } from 'vitest';
import { SentSeqs } from './sent-seqs.js';

describe('SentSeqs', () => {
  it('takes each seq of a group once, in order or not', () => {
    const sent = new SentSeqs();
    expect([1, 2, 2, 1, 3].map((seq) => sent.take(9, seq))).toEqual([true, true, false, false, true]);
    expect(sent.take(10, 1)).toBe(true);
  });

  it('still takes a skipped seq that comes after later ones, once', () => {
    const sent = new SentSeqs();
    expect([1, 4, 5, 3, 2, 3, 2].map((seq) => sent.take(9, seq))).toEqual([true, true, true, true, true, false, false]);
    // Below the first seq it saw: never sent, so it goes out.
    const late = new SentSeqs();
    expect([50, 40, 40].map((seq) => late.take(9, seq))).toEqual([true, true, false]);
  });

  it('holds back only what it knows was sent: a seq older than its window goes out again', () => {
    const sent = new SentSeqs();
    for (let seq = 1; seq <= 300; seq++) sent.take(9, seq);
    expect(sent.take(9, 45)).toBe(false);
    expect(sent.take(9, 44)).toBe(true);
    // A jump past the window: the slots it reuses no longer claim the seqs that left.
    expect(sent.take(9, 1000)).toBe(true);
    expect(sent.take(9, 999)).toBe(true);
    expect(sent.take(9, 999)).toBe(false);
    expect(sent.take(9, 1000 - 256)).toBe(true);
  });
});
