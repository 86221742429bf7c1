import { runInBackground } from './background.js';
import type { Logger } from './logger-type.js';

/**
 * Persists forward-only cursors (acks arrive per message; the store needs only the newest per key).
 * Advances are coalesced per key, so a burst costs one write per key per round, and rounds run back to
 * back while advances keep coming. A failed write is logged and the next advance of that key retries it.
 */
export class CursorCoalescer<K> {
  private pending = new Map<string, { key: K; seq: number }>();
  private running: Promise<void> | undefined;

  constructor(
    private readonly write: (key: K, seq: number) => Promise<unknown>,
    private readonly log: Logger,
    private readonly what: string,
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

  /** Resolves when everything advanced so far is written. */
  async flushed(): Promise<void> {
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    try {
      while (this.pending.size > 0) {
        const round = [...this.pending.values()];
        this.pending = new Map();
        for (const { key, seq } of round) await this.write(key, seq);
      }
    } finally {
      this.running = undefined;
    }
  }
}
