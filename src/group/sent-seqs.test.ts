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
  });

  it('forgets skipped seqs past the newest 64', () => {
    const sent = new SentSeqs();
    sent.take(9, 1);
    sent.take(9, 200);
    expect(sent.take(9, 100)).toBe(false);
    expect(sent.take(9, 136)).toBe(true);
    sent.take(9, 210);
    expect(sent.take(9, 140)).toBe(false);
    expect(sent.take(9, 205)).toBe(true);
  });
});
