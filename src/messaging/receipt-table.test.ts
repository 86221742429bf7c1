import { describe, expect, it } from 'vitest';
import { ReceiptTable } from './receipt-table.js';

const MID_BASE = 2 ** 52; // real mids are ~2^50–2^53: both 32-bit halves matter to the hash

/** The state a mid has in `table`, or undefined. */
function stateOf(table: ReceiptTable, mid: number): { sender: number; receiver: number; isNotified: boolean } | undefined {
  const slot = table.find(mid);
  return slot < 0 ? undefined : { sender: table.sender(slot), receiver: table.receiver(slot), isNotified: table.isNotified(slot) };
}

describe('ReceiptTable', () => {
  it('keeps each message state by mid and marks it notified once', () => {
    const table = new ReceiptTable(10);
    const slot = table.add(MID_BASE + 1, 7, 8, false);
    table.add(MID_BASE + 2, 8, 7, true);
    expect(stateOf(table, MID_BASE + 1)).toEqual({ sender: 7, receiver: 8, isNotified: false });
    expect(stateOf(table, MID_BASE + 2)).toEqual({ sender: 8, receiver: 7, isNotified: true });
    expect(table.has(MID_BASE + 3)).toBe(false);
    table.markNotified(slot);
    expect(table.isNotified(table.find(MID_BASE + 1))).toBe(true);
    expect(table.size).toBe(2);
  });

  it('evicts the oldest set first once full, and an update in place keeps the age', () => {
    const table = new ReceiptTable(3);
    for (const mid of [1, 2, 3]) table.add(MID_BASE + mid, mid, 100, false);
    table.add(MID_BASE + 1, 1, 200, true); // present: updated, still the oldest
    expect(stateOf(table, MID_BASE + 1)).toEqual({ sender: 1, receiver: 200, isNotified: true });
    table.add(MID_BASE + 4, 4, 100, false);
    expect(table.has(MID_BASE + 1)).toBe(false);
    expect([2, 3, 4].map((mid) => table.has(MID_BASE + mid))).toEqual([true, true, true]);
    expect(table.size).toBe(3);
  });

  it('answers like an insertion-ordered bounded map over many adds, growth and evictions', () => {
    const bound = 3000; // past the first capacity: the table grows, then its ring wraps many times
    const table = new ReceiptTable(bound);
    const model = new Map<number, { sender: number; receiver: number; isNotified: boolean }>();
    let seed = 12345;
    const random = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    let lastMid = MID_BASE;
    for (let step = 0; step < 40_000; step++) {
      // Mids mostly grow (as generated), sometimes an older one is added again or looked up.
      const mid = random(10) === 0 ? lastMid - random(5000) * 8192 : (lastMid += 1 + random(3) * 8192);
      const state = { sender: random(1000) + 1, receiver: random(1000) + 1, isNotified: random(2) === 0 };
      if (random(3) === 0) {
        expect(stateOf(table, mid)).toEqual(model.get(mid));
        continue;
      }
      table.add(mid, state.sender, state.receiver, state.isNotified);
      if (!model.has(mid) && model.size === bound) model.delete(model.keys().next().value!);
      model.set(mid, state); // a present key keeps its place in the Map's order, as in the table
      if (step % 997 === 0) for (const [known, expected] of model) expect(stateOf(table, known)).toEqual(expected);
    }
    expect(table.size).toBe(model.size);
    for (const [known, expected] of model) expect(stateOf(table, known)).toEqual(expected);
  });

  it('refuses a bound below one', () => {
    expect(() => new ReceiptTable(0)).toThrow(/at least one/);
  });
});
