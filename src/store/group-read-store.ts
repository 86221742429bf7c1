/** A member's read position in a group. */
export interface GroupReadPosition {
  uid: number;
  readSeq: number;
  /** The seq the member joined at: it never read what came before (its read seq starts there). */
  joinedSeq: number;
}

/** A member's read seq to move forward (never back). */
export interface GroupReadAdvance {
  gid: number;
  uid: number;
  seq: number;
}

/**
 * Group read receipts and mentions, over the member rows' read seq and the mentions stored with each
 * group post (GroupMessageStore.appendBatch writes them in the post's transaction).
 */
export interface GroupReadStore {
  /** Moves each member's read seq forward in ONE transaction; a smaller seq or a non-member is skipped. */
  advanceReads(advances: readonly GroupReadAdvance[]): Promise<void>;
  /** Every member's read seq in the group, ascending uid. */
  readPositions(gid: number): Promise<GroupReadPosition[]>;
  /**
   * For each group `uid` belongs to: the newest seq that mentions it (by uid or `@all`) above both its
   * read seq and its join, and not sent by itself. Groups with none are absent. One query.
   */
  unreadMentions(uid: number): Promise<Map<number, number>>;
}
