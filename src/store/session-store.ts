/** What a session's peer is: a user (1:1 chat) or a group. */
export const SESSION_TYPE = { chat: 1, group: 2 } as const;
export type SessionType = (typeof SESSION_TYPE)[keyof typeof SESSION_TYPE];

export interface SessionKey {
  owner: number;
  type: SessionType;
  /** A uid for chat sessions, a gid for group sessions. */
  peer: number;
}

/** One line of a user's conversation list. */
export interface Session extends SessionKey {
  /** mid of the newest message applied; 0 when none. */
  lastMid: number;
  unread: number;
  /** Highest mid marked read; 0 when none. (Group read seqs live on the member row.) */
  readCursor: number;
  createdAt: number;
  updatedAt: number;
}

/** One message's effect on one session line. */
export interface SessionUpdate extends SessionKey {
  mid: number;
  /** Added to `unread`: 1 for the receiver's line, 0 for the sender's own line. */
  unread: number;
  /** ms; the line's `updatedAt` becomes the greatest of the values applied. */
  at: number;
}

/**
 * The conversation list (GlideIM sessions), one row per (owner, type, peer).
 * Getters return `undefined` for a missing record.
 */
export interface SessionStore {
  /** Creates the missing lines among `keys` in one statement; existing lines are untouched (idempotent). */
  ensure(keys: readonly SessionKey[]): Promise<void>;
  get(owner: number, type: SessionType, peer: number): Promise<Session | undefined>;
  /** Owner's lines, most recently updated first (ties by peer descending); at most `limit` when given. */
  list(owner: number, limit?: number): Promise<Session[]>;
  /**
   * Applies messages to session lines in ONE statement (lines are created when missing): `lastMid`
   * becomes the greatest mid seen (it never moves back), `unread` grows by the sum of `unread`, and
   * `updatedAt` by the greatest `at`. Updates to the same line within the call are merged first.
   * For a 1:1 message pass the sender's line (unread 0) and the receiver's line (unread 1).
   */
  applyMessages(updates: readonly SessionUpdate[]): Promise<void>;
  /**
   * Marks the line read up to mid `upToMid` (omitted: everything): `readCursor` only moves forward, and
   * `unread` becomes 0 when the line's `lastMid` is covered (otherwise it is left as it is, since the
   * store cannot count what is left). Returns false when the line does not exist.
   */
  markRead(owner: number, type: SessionType, peer: number, upToMid?: number): Promise<boolean>;
  /** Deletes the line; returns false when it did not exist. */
  remove(owner: number, type: SessionType, peer: number): Promise<boolean>;
}
