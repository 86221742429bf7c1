import { runInBackground, type Logger } from '../core/index.js';
import type { MessageStore } from '../store/index.js';

/**
 * Persists device ack cursors. Acks arrive per message; writes are coalesced per (uid, device) so a
 * burst of acks costs one write each round, and rounds run back to back while acks keep coming.
 */
export class CursorWriter {
  private pending = new Map<string, { uid: number; device: number; seq: number }>();
  private running: Promise<void> | undefined;

  constructor(
    private readonly messages: MessageStore,
    private readonly log: Logger,
  ) {}

  advance(uid: number, device: number, seq: number): void {
    const key = `${uid}:${device}`;
    const current = this.pending.get(key);
    if (current && current.seq >= seq) return;
    this.pending.set(key, { uid, device, seq });
    if (!this.running) {
      this.running = this.drain();
      runInBackground(this.log, 'device cursor write', this.running);
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
        for (const cursor of round) await this.messages.advanceDeviceCursor(cursor.uid, cursor.device, cursor.seq);
      }
    } finally {
      this.running = undefined;
    }
  }
}
