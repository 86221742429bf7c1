import type { MessageLinks } from './message-links.js';
import type { SessionUpdate } from './session-store.js';

export const MESSAGE_STATUS = { normal: 0, recalled: 1 } as const;
export type MessageStatus = (typeof MESSAGE_STATUS)[keyof typeof MESSAGE_STATUS];

/** A stored 1:1 message. Content and type are the client's and opaque here. */
export interface ChatMessage {
  /** Server-assigned, unique, below 2^53. */
  mid: number;
  sender: number;
  receiver: number;
  /** The sender's idempotency key; (sender, cliMid) is unique. */
  cliMid: string;
  cliSeq: number;
  type: number;
  content: string;
  /** The client's send time. */
  sendAt: number;
  /** When the server accepted it (ms). */
  createdAt: number;
  status: MessageStatus;
  /** uid that recalled it; 0 when not recalled. */
  recallBy: number;
  /** Reply and forward links; absent when it has none. */
  links?: MessageLinks;
  /** When the sender last edited it (ms); absent when never edited. `content` is then the edited text. */
  editedAt?: number;
}

/**
 * A message as stored by its write (normal, not recalled). Field by field: it runs per message, and on Node 20
 * an object spread followed by more fields (`{ ...m, status, recallBy }`) takes V8's slow path, ~3.7 µs a call
 * against ~0.06 µs (bench/micro/object-spread.ts).
 */
export function storedChatMessage(m: Omit<NewChatMessage, 'inbox'>): ChatMessage {
  const message: ChatMessage = { mid: m.mid, sender: m.sender, receiver: m.receiver, cliMid: m.cliMid, cliSeq: m.cliSeq, type: m.type, content: m.content, sendAt: m.sendAt, createdAt: m.createdAt, status: MESSAGE_STATUS.normal, recallBy: 0 };
  if (m.links) message.links = m.links;
  if (m.editedAt !== undefined) message.editedAt = m.editedAt;
  return message;
}

/** A slot in a user's inbox sequence, allocated by the caller (the inbox owner). */
export interface InboxSlot {
  uid: number;
  seq: number;
}

export interface NewChatMessage extends Omit<ChatMessage, 'status' | 'recallBy'> {
  /** Usually the receiver's and the sender's slots (one slot when they are the same user). */
  inbox: readonly InboxSlot[];
}

/** Outcome for one input of an append, in input order. */
export interface AppendResult {
  /** The stored mid: the input's own, or for a duplicate the mid stored first. */
  mid: number;
  isDuplicate: boolean;
}

export interface AppendOptions {
  /**
   * Any duplicate fails the batch with STORE_CONFLICT, writing nothing. The chat writer dedups before it
   * allocates seqs, so a duplicate here means another node stored the message in between: accepting it
   * would leave the seqs allocated for it unused, a gap in the inbox.
   */
  isStrict?: boolean;
}

/** Where a newly stored message goes besides its row: its inbox slots and the session lines it moves. */
export interface ChatPlacement {
  inbox: readonly InboxSlot[];
  sessions: readonly SessionUpdate[];
}

/** A device's ack cursor to move forward (never back). */
export interface DeviceCursorAdvance {
  uid: number;
  device: number;
  seq: number;
}

/** What one group commit of 1:1 chat writes, in ONE transaction. */
export interface ChatBatch {
  messages: readonly Omit<NewChatMessage, 'inbox'>[];
  /**
   * Called inside the transaction for each message the batch stores (its (sender, cliMid) was free), in
   * input order, and only for those: the caller allocates inbox seqs here, so a duplicate never burns one.
   */
  place(message: Omit<NewChatMessage, 'inbox'>): ChatPlacement;
  /** Device cursors advanced in the same transaction (one entry per (uid, device)). */
  cursors?: readonly DeviceCursorAdvance[];
}

/** The outcome of one message of a ChatBatch, in input order. */
export type ChatBatchResult = { isDuplicate: false } | { isDuplicate: true; stored: SentMessage };

/** A stored message found by its sender's idempotency key, with the sender's own inbox seq for it. */
export interface SentMessage {
  message: ChatMessage;
  /** The seq of the message in the sender's inbox; 0 if the sender has no slot for it. */
  senderSeq: number;
  /** The seq in the receiver's inbox (equal to senderSeq for a note to self); 0 if none. */
  receiverSeq: number;
}

export interface InboxEntry {
  seq: number;
  message: ChatMessage;
}

/** Where a device's sign-in sync starts. */
export interface SyncStart {
  /** The inbox seq the device has acked up to (0: never acked). */
  cursor: number;
  /** The inbox's highest seq (0: empty). */
  lastSeq: number;
}

export interface InboxPage {
  /** Ordered by seq ascending. */
  entries: InboxEntry[];
  /** True when entries after the last returned one exist. */
  hasMore: boolean;
}

/**
 * 1:1 messages, each user's inbox sequence, and each device's ack cursor into it.
 * Getters return `undefined` for a missing record.
 */
export interface MessageStore {
  /**
   * Stores a batch in ONE transaction: the messages (multi-row inserts) and the inbox slots of those
   * that are new. An input whose (sender, cliMid) is already stored, or appears earlier in the same
   * batch, is a duplicate: nothing of it is written (its inbox slots stay unused) and its result
   * carries the mid stored first. Throws STORE_CONFLICT (and writes nothing) when a new message's mid
   * or an inbox slot is already taken: the caller's allocation is broken.
   */
  appendBatch(messages: readonly NewChatMessage[], options?: AppendOptions): Promise<AppendResult[]>;
  /**
   * The chat writer's group commit: inserts each message unless its (sender, cliMid) is stored (also by an
   * earlier message of the same batch), writes the placement of each one stored, and advances the
   * cursors, all in ONE transaction: on any error nothing of the batch is stored. No read per message:
   * the unique key decides, and only a taken key is looked up (its result carries the stored message).
   * Throws STORE_CONFLICT when a placement's inbox slot or a new mid is already taken (the caller's
   * allocation is stale), STORE_FULL when the storage is full. SQLite places before it commits (its writer
   * runs on another thread): a key stored before the store remembers (e.g. before a restart) is placed,
   * fails the batch with STORE_CONFLICT, and the retry answers it as a duplicate, unplaced.
   */
  commitChatBatch(batch: ChatBatch): Promise<ChatBatchResult[]>;
  get(mid: number): Promise<ChatMessage | undefined>;
  getByCliMid(sender: number, cliMid: string): Promise<ChatMessage | undefined>;
  /**
   * The stored messages among (sender, cliMid) `keys`, in no particular order; keys not stored are
   * absent. One query per call: the writer asks this for a whole batch before allocating seqs.
   */
  findSent(keys: readonly { sender: number; cliMid: string }[]): Promise<SentMessage[]>;
  /** Up to `limit` inbox entries of `uid` with seq > `afterSeq`, oldest first. */
  inboxAfter(uid: number, afterSeq: number, limit: number): Promise<InboxPage>;
  /** Highest inbox seq of `uid`; 0 when the inbox is empty. The owner resumes its counter from it. */
  lastInboxSeq(uid: number): Promise<number>;
  /** lastInboxSeq of each of `uids` in one query (0 for an empty inbox): a batch's counters at once. */
  lastInboxSeqs(uids: readonly number[]): Promise<Map<number, number>>;
  /**
   * Messages between `a` and `b` (either direction) with mid < `beforeMid` (no bound when omitted),
   * newest first, at most `limit`.
   */
  history(a: number, b: number, limit: number, beforeMid?: number): Promise<ChatMessage[]>;
  /** Sets status recalled and recallBy and erases the content (every read returns ""), in one write; idempotent. Returns false when the mid is unknown. */
  setRecalled(mid: number, recallBy: number): Promise<boolean>;
  /**
   * getDeviceCursor and lastInboxSeq of a device, read in one query (batched across callers): every
   * sign-in's sync starts from both.
   */
  getSyncStart(uid: number, device: number): Promise<SyncStart>;
  /** The inbox seq this device has acked up to; 0 when it never acked. */
  getDeviceCursor(uid: number, device: number): Promise<number>;
  /** Moves the device's cursor to `seq` if that is forward (never back); creates it when missing. */
  advanceDeviceCursor(uid: number, device: number, seq: number): Promise<void>;
  /** The inbox seqs of those of `mids` in `uid`'s inbox above `afterSeq`. */
  inboxSeqsOf(uid: number, mids: readonly number[], afterSeq: number): Promise<number[]>;
  /** Inbox seqs this device acked above `afterSeq` (beyond its cursor), ascending. */
  deviceAcksAfter(uid: number, device: number, afterSeq: number): Promise<number[]>;
  /** Records acked seqs above the device's cursor (idempotent) and forgets those up to `cursor`, which it covers. */
  saveDeviceAcks(uid: number, device: number, seqs: readonly number[], cursor: number): Promise<void>;
}
