import { runInBackground } from './background.js';
import type { Logger } from './logger-type.js';

/**
 * Persists forward-only cursors (acks arrive per message; the store needs only the newest per key).
 * Advances are coalesced per key: a lone advance is written at once, and a round is followed by a quiet
 * `minRoundGapMs` before the next one, so cursors that advance many times a second cost at most one round
 * per gap, not one per ack (nor one per burst of acks read in one tick). `pending` lets readers see a cursor before its write
 * lands; `hurry` (a disconnect, shutdown) ends the gap at once. A round is written in one call (one
 * transaction for the store), in order of first advance. A failed round is logged and the next advance of
 * a key retries it.
 */
export class CursorCoalescer<K> {
  private pending = new Map<string, { key: K; seq: number }>();
  /** Being written in the current round (still newer than the store until the round ends). */
  private writing = new Map<string, { key: K; seq: number }>();
  private running: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private isHurried = false;
  private flushWaiters = 0;

  constructor(
    private readonly write: (cursors: readonly { key: K; seq: number }[]) => Promise<unknown>,
    private readonly log: Logger,
    private readonly what: string,
    private readonly minRoundGapMs = 0,
  ) {}

  advance(id: string, key: K, seq: number): void {
    const current = this.pending.get(id);
    if (current && current.seq >= seq) return;
    this.pending.set(id, { key, seq });
    if (!this.running) {
      this.running = this.drain();
      runInBackground(this.log, this.what, this.running);
    }
  }

  /** The newest seq advanced for `id` and not yet known to be stored, or 0. */
  unwritten(id: string): number {
    return Math.max(this.pending.get(id)?.seq ?? 0, this.writing.get(id)?.seq ?? 0);
  }

  /** Writes what is pending without waiting for the gap (the rounds stay back to back until idle). */
  hurry(): void {
    if (!this.running) return;
    this.isHurried = true;
    this.wake?.();
  }

  /** Resolves when everything advanced so far is written. */
  async flushed(): Promise<void> {
    this.flushWaiters++;
    try {
      this.hurry();
      while (this.running) await this.running;
    } finally {
      this.flushWaiters--;
    }
  }

  private async drain(): Promise<void> {
    try {
      while (this.pending.size > 0) {
        const startedAt = performance.now();
        this.writing = this.pending;
        this.pending = new Map();
        await this.write([...this.writing.values()]);
        this.writing = new Map();
        const gap = this.minRoundGapMs - (performance.now() - startedAt);
        if (gap > 0 && !this.isHurried && this.flushWaiters === 0) await this.sleep(gap);
        this.isHurried = false;
      }
    } finally {
      this.writing = new Map();
      this.running = undefined;
      this.isHurried = false;
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => this.wake?.(), ms);
      this.wake = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
    });
  }
}
