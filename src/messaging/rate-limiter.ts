import type { Clock } from '../core/index.js';
import type { Connection } from '../gateway/index.js';

/** Messages per second per connection, counted in fixed one-second windows. */
export class RateLimiter {
  private readonly windows = new WeakMap<Connection, { startedAt: number; count: number }>();

  constructor(
    private readonly clock: Clock,
    private readonly perSecond: number,
  ) {}

  allow(conn: Connection): boolean {
    const now = this.clock.now();
    const window = this.windows.get(conn);
    if (!window || now - window.startedAt >= 1000) {
      this.windows.set(conn, { startedAt: now, count: 1 });
      return true;
    }
    return ++window.count <= this.perSecond;
  }
}
