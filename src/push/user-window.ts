import { LruCache, type Clock } from '../core/index.js';

const MAX_TRACKED_USERS = 100_000;

/** At most `limit` calls per user per `windowMs` (fixed windows; the busiest users kept in memory). */
export class UserWindow {
  private readonly windows = new LruCache<number, { startedAt: number; count: number }>(MAX_TRACKED_USERS);

  constructor(
    private readonly clock: Clock,
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Counts a call; false when the user is over the limit (the call is not counted). */
  take(uid: number): boolean {
    const now = this.clock.now();
    const window = this.windows.get(uid);
    if (!window || now - window.startedAt >= this.windowMs) {
      this.windows.set(uid, { startedAt: now, count: 1 });
      return true;
    }
    if (window.count >= this.limit) return false;
    window.count++;
    return true;
  }
}
