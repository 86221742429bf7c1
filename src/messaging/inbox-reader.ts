import type { ChatMessage, InboxEntry, InboxPage, MessageStore } from '../store/index.js';

/** Where each device's delivered cursor is kept (ChatDelivery). */
export interface DeviceCursors {
  /** The device's cursor, or for a new device a window of its inbox's last messages. */
  deviceCursor(uid: number, device: number): Promise<number>;
  /** Moves the cursor forward and resolves once it is stored. */
  advanceCursor(uid: number, device: number, seq: number): Promise<void>;
}

export interface InboxReaderDeps {
  messages: MessageStore;
  cursors: DeviceCursors;
}

/**
 * The 1:1 history and inbox read over HTTP (msg/chat/history, msg/chat/offline and its ack, msg/sync).
 * A device's offline list is what lies above its cursor and was not acked out of order.
 */
export class InboxReader {
  constructor(private readonly deps: InboxReaderDeps) {}

  /** A conversation's messages, newest first, before `beforeMid` when given. */
  history(uid: number, peer: number, limit: number, beforeMid?: number): Promise<ChatMessage[]> {
    return this.deps.messages.history(uid, peer, limit, beforeMid);
  }

  /** The inbox after `afterSeq` (msg/sync). */
  after(uid: number, afterSeq: number, limit: number): Promise<InboxPage> {
    return this.deps.messages.inboxAfter(uid, afterSeq, limit);
  }

  /** Up to `limit` messages the device has not acked, in inbox order. */
  async unacked(uid: number, device: number, limit: number): Promise<InboxEntry[]> {
    const { messages, cursors } = this.deps;
    const cursor = await cursors.deviceCursor(uid, device);
    const acked = new Set(await messages.deviceAcksAfter(uid, device, cursor));
    const page = await messages.inboxAfter(uid, cursor, limit + acked.size);
    return page.entries.filter((entry) => !acked.has(entry.seq)).slice(0, limit);
  }

  /**
   * Acks exactly the named mids (the Android SDK names what it has, in any order): the cursor moves over
   * the acked run just above it, the rest are kept as acked seqs above the cursor. Stored before it
   * resolves, so the next `unacked` no longer lists them.
   */
  async ack(uid: number, device: number, mids: readonly number[]): Promise<void> {
    const { messages, cursors } = this.deps;
    const cursor = await cursors.deviceCursor(uid, device);
    const [before, named] = await Promise.all([messages.deviceAcksAfter(uid, device, cursor), messages.inboxSeqsOf(uid, mids, cursor)]);
    const acked = new Set([...before, ...named]);
    let upTo = cursor;
    while (acked.has(upTo + 1)) upTo++;
    if (upTo > cursor) await cursors.advanceCursor(uid, device, upTo);
    await messages.saveDeviceAcks(uid, device, [...acked], upTo);
  }
}
