import type { Clock } from './clock.js';
import { LruCache } from './lru-cache.js';

/** Keys remembered at once; the least recently used one forgets its debt first. */
const MAX_KEYS = 100_000;

/**
 * A token bucket per key (a uid): `perSecond` refilled continuously, at most one second's worth held.
 * For limits of one route per user that must hold across HTTP and every connection of the user.
 */
export class KeyRate {
  private readonly buckets = new LruCache<number, { tokens: number; at: number }>(MAX_KEYS);

  constructor(
    private readonly clock: Clock,
    private readonly perSecond: number,
  ) {}

  /** Takes one token of `key`; false (and nothing taken) when its bucket is empty. */
  take(key: number): boolean {
    const now = this.clock.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.perSecond, at: now };
    bucket.tokens = Math.min(this.perSecond, bucket.tokens + ((now - bucket.at) * this.perSecond) / 1000);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}
