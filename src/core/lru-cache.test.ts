import { describe, expect, it } from 'vitest';
import { LruCache } from './lru-cache.js';

describe('LruCache', () => {
  it('evicts the least recently used entry at the cap', () => {
    const cache = new LruCache<string, number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.get('a')).toBe(1);
    cache.set('c', 3);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe(1);
    expect(cache.get('c')).toBe(3);
    expect(cache.size).toBe(2);
  });

  it('stores nothing with a size of 0', () => {
    const cache = new LruCache<string, number>(0);
    cache.set('a', 1);
    expect(cache.get('a')).toBeUndefined();
  });

  it('peeks without making the entry the most recent', () => {
    const cache = new LruCache<string, number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.peek('a')).toBe(1);
    cache.set('c', 3);
    expect(cache.peek('a')).toBeUndefined();
    expect(cache.peek('b')).toBe(2);
  });

  it('keeps evicting the least recently used entry over many evictions, gets and deletes', () => {
    const max = 500;
    const cache = new LruCache<number, number>(max);
    const model: number[] = []; // keys, least recently used first
    let seed = 7;
    const random = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    for (let step = 0; step < 20_000; step++) {
      const key = random(1500);
      const op = random(10);
      const at = model.indexOf(key);
      if (op < 5) {
        cache.set(key, step);
        if (at >= 0) model.splice(at, 1);
        else if (model.length === max) model.shift();
        model.push(key);
      } else if (op < 8) {
        expect(cache.get(key) !== undefined).toBe(at >= 0);
        if (at >= 0) model.push(...model.splice(at, 1));
      } else if (op < 9) {
        expect(cache.peek(key) !== undefined).toBe(at >= 0);
      } else {
        cache.delete(key);
        if (at >= 0) model.splice(at, 1);
      }
      if (step % 5000 === 4999) {
        // Most entries deleted at once (the table shrinks), then filled again past the bound.
        for (const gone of model.splice(0, model.length - 50)) cache.delete(gone);
      }
      expect(cache.size).toBe(model.length);
    }
    for (let key = 0; key < 1500; key++) expect(cache.peek(key) !== undefined).toBe(model.includes(key));
  });
});
