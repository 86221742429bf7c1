import type { Clock } from './clock.js';

export interface Window {
  count: number;
  resetAt: number;
}

/**
 * Counts per key in a fixed window each, bounded to `maxEntries` keys. A window is inserted when it
 * opens and never moved, so the Map's order is the order of `resetAt`: expired entries are at the front,
 * and when full the entry closest to expiry goes first.
 */
export class WindowCounter {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly clock: Clock,
    private readonly windowMs: number,
    private readonly maxEntries: number,
  ) {}

  get size(): number {
    return this.windows.size;
  }

  live(key: string): Window | undefined {
    const window = this.windows.get(key);
    if (window === undefined) return undefined;
    if (window.resetAt > this.clock.now()) return window;
    this.windows.delete(key);
    return undefined;
  }

  /** Adds one unless `key` already has `limit` in its window; false (and nothing added) then. */
  tryAdd(key: string, limit: number): boolean {
    const window = this.live(key);
    if (window && window.count >= limit) return false;
    this.add(key);
    return true;
  }

  /** Adds one and returns the window. */
  add(key: string): Window {
    const window = this.live(key);
    if (window) {
      window.count += 1;
      return window;
    }
    this.makeRoom();
    const opened = { count: 1, resetAt: this.clock.now() + this.windowMs };
    this.windows.set(key, opened);
    return opened;
  }

  clear(key: string): void {
    this.windows.delete(key);
  }

  private makeRoom(): void {
    const now = this.clock.now();
    for (const [key, window] of this.windows) {
      if (window.resetAt > now && this.windows.size < this.maxEntries) break;
      this.windows.delete(key);
    }
  }
}
