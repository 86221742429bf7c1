import { CursorCoalescer, type Logger } from '../core/index.js';
import type { MessageStore } from '../store/index.js';

/**
 * A device acks every message; its cursor is written at most about once per this gap while acks keep
 * coming (the first ack after a quiet spell at once). A crash inside the gap only makes the device's next
 * sign-in push again what it had acked (the client drops repeats by mid); nothing is lost.
 */
export const DEVICE_CURSOR_ROUND_GAP_MS = 1000;

/** Persists device ack cursors, coalesced per (uid, device). */
export class CursorWriter {
  private readonly cursors: CursorCoalescer<{ uid: number; device: number }>;

  constructor(messages: MessageStore, log: Logger) {
    this.cursors = new CursorCoalescer((device, seq) => messages.advanceDeviceCursor(device.uid, device.device, seq), log, 'device cursor write', DEVICE_CURSOR_ROUND_GAP_MS);
  }

  advance(uid: number, device: number, seq: number): void {
    this.cursors.advance(`${uid}:${device}`, { uid, device }, seq);
  }

  /** The device's newest cursor not yet stored, or 0. */
  unwritten(uid: number, device: number): number {
    return this.cursors.unwritten(`${uid}:${device}`);
  }

  /** Writes the pending cursors now (a device went away: its next sign-in may be on another node). */
  hurry(): void {
    this.cursors.hurry();
  }

  flushed(): Promise<void> {
    return this.cursors.flushed();
  }
}
