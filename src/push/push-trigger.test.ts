import { describe, expect, it } from 'vitest';
import { ManualClock, type StoredMessage } from '../core/index.js';
import { PushTrigger } from './push-trigger.js';

const post = (mid: number, seq: number, extra: Partial<StoredMessage> = {}): StoredMessage => ({ kind: 'group', mid, sender: 1, to: 1_000_000_001, seq, type: 1, content: 'x', sendAt: 0, recipients: [2, 3], ...extra });

describe('PushTrigger mentions', () => {
  it('marks the mentioned member (by uid or @all) and keeps the mark when a newer post replaces the pending one', () => {
    const clock = new ManualClock();
    const trigger = new PushTrigger(clock, 1000);
    trigger.setReachable(new Set([2, 3]));
    trigger.stored(post(10, 2, { mentions: [2] }));
    trigger.stored(post(11, 3));
    clock.advance(1001);
    const due = trigger.takeDue();
    expect(due.map((e) => [e.uid, e.mid, e.isMentioned])).toEqual([
      [2, 11, true],
      [3, 11, false],
    ]);
    trigger.stored(post(12, 4, { mentionAll: true }));
    clock.advance(1001);
    expect(trigger.takeDue().map((e) => e.isMentioned)).toEqual([true, true]);
  });
});
