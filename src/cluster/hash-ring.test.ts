import { describe, expect, it } from 'vitest';
import { fnv1a32, hashKey } from './hash.js';
import { HashRing } from './hash-ring.js';

const KEYS = 100_000;
const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

function loads(ring: HashRing, keys: ReadonlyArray<string | number>): number[] {
  const load = new Map<number, number>(ring.nodes.map((n) => [n, 0]));
  for (const key of keys) {
    const owner = ring.ownerOf(key);
    load.set(owner, load.get(owner)! + 1);
  }
  return [...load.values()];
}

const uids = range(KEYS).map((i) => i + 1);
const strings = range(KEYS).map((i) => `g:${i + 1}`);

describe('hashes', () => {
  it('computes the standard FNV-1a values', () => {
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(fnv1a32('foobar')).toBe(0xbf9cf968);
  });

  it('rejects keys that are not non-negative safe integers or strings', () => {
    expect(() => hashKey(-1)).toThrow();
    expect(() => hashKey(1.5)).toThrow();
    expect(() => hashKey(2 ** 53)).toThrow();
    expect(hashKey(2 ** 53 - 1)).toBeTypeOf('number');
  });
});

describe('HashRing', () => {
  it('gives the same owners in every process: pinned values', () => {
    // Changing these changes ownership between versions (a rolling upgrade): only on purpose.
    expect([0, 1, 2 ** 32, 2 ** 53 - 1, 'g:1', ''].map(hashKey)).toEqual([2856213345, 1863002342, 2571226413, 1226561997, 3162278232, 2872998923]);
    const ring = new HashRing(range(10));
    expect(range(12).map((i) => ring.ownerOf(i + 1))).toEqual([8, 2, 4, 5, 3, 8, 0, 3, 5, 6, 1, 9]);
    expect(['g:1', 'g:2', 'user-7'].map((k) => new HashRing([0, 1, 2]).ownerOf(k))).toEqual([0, 0, 2]);
  });

  it('depends on the node set only, not on its order or repeats', () => {
    const a = new HashRing([3, 1, 2]);
    const b = new HashRing([1, 2, 3, 2]);
    expect(a.nodes).toEqual([1, 2, 3]);
    expect(a.sameNodesAs(b)).toBe(true);
    for (let k = 0; k < 1_000; k++) expect(a.ownerOf(k)).toBe(b.ownerOf(k));
  });

  it('gives every key to the only node of a one-node ring, and refuses an empty ring', () => {
    const one = new HashRing([5]);
    expect(uids.slice(0, 100).every((k) => one.ownerOf(k) === 5)).toBe(true);
    expect(() => new HashRing([]).ownerOf(1)).toThrow(/empty/);
  });

  for (const [count, bound] of [
    [3, 1.25],
    [10, 1.5],
  ] as const) {
    it(`spreads 100k uids and string keys over ${count} nodes within max/min ${bound}`, () => {
      const ring = new HashRing(range(count));
      for (const keys of [uids, strings]) {
        const load = loads(ring, keys);
        expect(Math.max(...load) / Math.min(...load)).toBeLessThan(bound);
      }
    });

    it(`moves about 1/${count + 1} of the keys on a join to ${count} nodes, all to the newcomer`, () => {
      const before = new HashRing(range(count));
      const after = new HashRing(range(count + 1));
      let moved = 0;
      for (const key of uids) {
        const from = before.ownerOf(key);
        const to = after.ownerOf(key);
        if (from === to) continue;
        moved++;
        expect(to).toBe(count);
      }
      const ideal = KEYS / (count + 1);
      expect(moved).toBeGreaterThan(ideal * 0.7);
      expect(moved).toBeLessThan(ideal * 1.3);
    });
  }

  it('moves only the keys of a node that leaves', () => {
    const before = new HashRing(range(5));
    const after = new HashRing([0, 1, 3, 4]);
    for (const key of uids.slice(0, 20_000)) {
      if (before.ownerOf(key) !== 2) expect(after.ownerOf(key)).toBe(before.ownerOf(key));
      else expect(after.ownerOf(key)).not.toBe(2);
    }
  });
});
