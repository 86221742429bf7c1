import type { Clock } from './clock.js';

/** Events per second per key (a connection), counted in fixed one-second windows; keys are held weakly. */
export class RateLimiter<K extends object> {
  private readonly windows = new WeakMap<K, { startedAt: number; count: number }>();

  constructor(
    private readonly clock: Clock,
    private readonly perSecond: number,
  ) {}

  allow(key: K): boolean {
    const now = this.clock.now();
    const window = this.windows.get(key);
    if (!window || now - window.startedAt >= 1000) {
      this.windows.set(key, { startedAt: now, count: 1 });
      return true;
    }
    return ++window.count <= this.perSecond;
  }
}
