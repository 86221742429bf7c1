import type { MessageLinks } from './message-links.js';
import type { MessageStatus } from './message-store.js';

/** A message (or a stored notification) in a group's sequence. */
export interface GroupMessage {
  gid: number;
  /** Position in the group's sequence; (gid, seq) is unique and seqs have no gaps. */
  seq: number;
  /** Unique across all messages, below 2^53. */
  mid: number;
  /** 0 for notifications the server writes into the sequence. */
  sender: number;
  /** The sender's idempotency key; (gid, sender, cliMid) is unique. null: never deduplicated. */
  cliMid: string | null;
  type: number;
  content: string;
  sendAt: number;
  createdAt: number;
  status: MessageStatus;
  recallBy: number;
  /** Reply, forward and mention links; absent when it has none. The store keeps its mentions searchable by member. */
  links?: MessageLinks;
  /** When the sender last edited it (ms); absent when never edited. `content` is then the edited text. */
  editedAt?: number;
}

export type NewGroupMessage = Omit<GroupMessage, 'status' | 'recallBy'>;

export interface GroupAppendResult {
  /** For a duplicate: the mid and seq stored first. */
  mid: number;
  seq: number;
  isDuplicate: boolean;
}

/**
 * Group messages by (gid, seq). Seqs are allocated by the group's owner node; the store keeps
 * `Group.lastSeq` in step. Getters return `undefined` for a missing record.
 */
export interface GroupMessageStore {
  /**
   * Stores a batch in ONE transaction with multi-row inserts, and raises each group's `lastSeq` to the
   * highest new seq. An input whose (gid, sender, cliMid) is already stored, or appears earlier in the
   * batch, is a duplicate: not written, result carries the stored mid and seq (its own seq stays
   * unused). Throws STORE_CONFLICT (and writes nothing) when a new message's (gid, seq) or mid is taken.
   */
  appendBatch(messages: readonly NewGroupMessage[]): Promise<GroupAppendResult[]>;
  get(gid: number, seq: number): Promise<GroupMessage | undefined>;
  getByMid(mid: number): Promise<GroupMessage | undefined>;
  getByCliMid(gid: number, sender: number, cliMid: string): Promise<GroupMessage | undefined>;
  /** The stored messages among (gid, sender, cliMid) `keys`, in no particular order, in one call. */
  findSent(keys: readonly { gid: number; sender: number; cliMid: string }[]): Promise<GroupMessage[]>;
  /** Messages with fromSeq <= seq <= toSeq, ascending, at most `limit`. */
  range(gid: number, fromSeq: number, toSeq: number, limit: number): Promise<GroupMessage[]>;
  /** Messages with seq < `beforeSeq` (no bound when omitted), newest first, at most `limit`. */
  history(gid: number, limit: number, beforeSeq?: number): Promise<GroupMessage[]>;
  /** Highest stored seq of the group; 0 when none. The owner resumes its counter from it. */
  lastSeq(gid: number): Promise<number>;
  /** Sets status recalled and recallBy and erases the content (every read returns ""), in one write; idempotent. Returns false when (gid, seq) is unknown. */
  setRecalled(gid: number, seq: number, recallBy: number): Promise<boolean>;
}
