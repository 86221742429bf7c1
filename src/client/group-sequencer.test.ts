import { describe, expect, it } from 'vitest';
import { GroupSequencer } from './group-sequencer.js';

describe('GroupSequencer', () => {
  it('keeps each group in seq order and names the hole to pull', () => {
    const groups = new GroupSequencer<string>();
    expect(groups.offer(1, 5, 'e')).toEqual(['e']);
    expect(groups.offer(1, 8, 'h')).toEqual([]);
    expect(groups.gap(1)).toEqual({ gid: 1, fromSeq: 6, toSeq: 7 });
    expect(groups.offer(2, 1, 'other group')).toEqual(['other group']);
    expect(groups.offer(1, 6, 'f')).toEqual(['f']);
    expect(groups.offer(1, 7, 'g')).toEqual(['g', 'h']);
    expect(groups.gap(1)).toBeUndefined();
  });

  it('drops duplicates at or below the cursor', () => {
    const groups = new GroupSequencer<string>();
    groups.setCursor(1, 10);
    expect(groups.offer(1, 10, 'again')).toEqual([]);
    expect(groups.offer(1, 11, 'new')).toEqual(['new']);
  });

  it('skips seqs a pull could not find and releases what follows', () => {
    const groups = new GroupSequencer<string>();
    groups.setCursor(1, 2);
    groups.offer(1, 5, 'e');
    expect(groups.skipTo(1, 4)).toEqual(['e']);
    expect(groups.cursors()).toEqual({ 1: 5 });
  });
});
