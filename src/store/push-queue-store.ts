/**
 * A stored message waiting for its push grace: the newest one per receiver and conversation that no
 * device of the receiver confirmed yet.
 */
export interface PendingPush {
  uid: number;
  /** SESSION_TYPE.chat or SESSION_TYPE.group. */
  type: number;
  /** The other user (chat) or the gid (group). */
  peer: number;
  mid: number;
  /** The group seq (0 for chat). */
  seq: number;
  sender: number;
  msgType: number;
  /** The start of the content (at most PENDING_CONTENT_CHARS characters): enough for a preview. */
  content: string;
  /** When the first message of this conversation not notified yet was queued. */
  firstAt: number;
  /** When the newest was queued. */
  lastAt: number;
  dueAt: number;
  /** A message of this conversation mentions the user: pushed even when the conversation is muted. */
  isMentioned: boolean;
}

export const PENDING_CONTENT_CHARS = 200;

/** A device of `uid` confirmed chat message `mid`. */
export interface ChatReceipt {
  uid: number;
  mid: number;
}

/** A device of `uid` confirmed group `gid` up to `seq`. */
export interface GroupReceipt {
  uid: number;
  gid: number;
  seq: number;
}

/**
 * The push grace, durable: several nodes may share it (a row handed out twice becomes one
 * notification, the outbox deduplicates per endpoint and mid). Errors as in Store.
 */
export interface PushQueueStore {
  /**
   * Queues entries, one statement per few hundred. An entry for a conversation that already has one
   * replaces its message (mid, seq, sender, content, lastAt) and keeps its firstAt and dueAt.
   */
  queue(entries: readonly PendingPush[]): Promise<void>;
  /** Removes the entries these receipts confirm (chat: that mid; group: seq up to the receipt's). */
  cancel(chat: readonly ChatReceipt[], groups: readonly GroupReceipt[]): Promise<void>;
  /** Up to `limit` entries due at `now`, oldest due first. */
  due(now: number, limit: number): Promise<PendingPush[]>;
  /** Moves an entry's due time, unless a newer message replaced it meanwhile. */
  defer(entry: PendingPush, dueAt: number): Promise<void>;
  /** Removes the entries handed on, each only while it still holds the same message. */
  remove(entries: readonly PendingPush[]): Promise<void>;
  /** Entries waiting and the queue time of the oldest (undefined when none). */
  backlog(): Promise<{ depth: number; oldestAt: number | undefined }>;
}
