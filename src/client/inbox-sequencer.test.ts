import { describe, expect, it } from 'vitest';
import { InboxSequencer } from './inbox-sequencer.js';

describe('InboxSequencer', () => {
  it('starts at the first seq it sees and releases in order', () => {
    const inbox = new InboxSequencer<string>();
    expect(inbox.offer(7, 'a')).toEqual(['a']);
    expect(inbox.offer(8, 'b')).toEqual(['b']);
    expect(inbox.lastSeq).toBe(8);
  });

  it('holds items after a hole until it is filled', () => {
    const inbox = new InboxSequencer<string>(10);
    expect(inbox.offer(12, 'c')).toEqual([]);
    expect(inbox.offer(13, 'd')).toEqual([]);
    expect(inbox.hasGap).toBe(true);
    expect(inbox.offer(11, 'b')).toEqual(['b', 'c', 'd']);
    expect(inbox.hasGap).toBe(false);
    expect(inbox.lastSeq).toBe(13);
  });

  it('takes own sends as markers that release what follows', () => {
    const inbox = new InboxSequencer<string>(1);
    expect(inbox.offer(3, 'x')).toEqual([]);
    expect(inbox.offer(2, undefined)).toEqual(['x']);
  });

  it('passes late arrivals at or below the cursor, for dedup by mid to decide', () => {
    const inbox = new InboxSequencer<string>(5);
    expect(inbox.offer(4, 'late')).toEqual(['late']);
    expect(inbox.offer(4, undefined)).toEqual([]);
  });

  it('releases everything up to a completed sync, holes included', () => {
    const inbox = new InboxSequencer<string>(1);
    inbox.offer(4, 'd');
    inbox.offer(6, 'f');
    expect(inbox.settleUpTo(5)).toEqual(['d', 'f']);
    expect(inbox.lastSeq).toBe(6);
  });
});
