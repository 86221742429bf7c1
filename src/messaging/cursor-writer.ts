import { CursorCoalescer, type Logger } from '../core/index.js';
import type { MessageStore } from '../store/index.js';

/** Persists device ack cursors, coalesced per (uid, device). */
export class CursorWriter {
  private readonly cursors: CursorCoalescer<{ uid: number; device: number }>;

  constructor(messages: MessageStore, log: Logger) {
    this.cursors = new CursorCoalescer((device, seq) => messages.advanceDeviceCursor(device.uid, device.device, seq), log, 'device cursor write');
  }

  advance(uid: number, device: number, seq: number): void {
    this.cursors.advance(`${uid}:${device}`, { uid, device }, seq);
  }

  flushed(): Promise<void> {
    return this.cursors.flushed();
  }
}
