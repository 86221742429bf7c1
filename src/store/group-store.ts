export const GROUP_ROLE = { owner: 1, admin: 2, member: 3 } as const;
export type GroupRole = (typeof GROUP_ROLE)[keyof typeof GROUP_ROLE];

/** A group. `gid` is assigned by the store: a positive integer below 2^31. */
export interface Group {
  gid: number;
  name: string;
  avatar: string;
  ownerUid: number;
  /** Whole-group mute: only owner and admins may send. */
  isMuted: boolean;
  isDissolved: boolean;
  /** Whether members may read messages from before they joined. */
  allowHistory: boolean;
  /** Highest group seq stored (kept by GroupMessageStore.appendBatch); 0 when none. */
  lastSeq: number;
  createdAt: number;
  updatedAt: number;
}

export interface GroupMember {
  gid: number;
  uid: number;
  role: GroupRole;
  isMuted: boolean;
  remark: string;
  /** Group seq at the moment of joining; the member sees messages after it. */
  joinedSeq: number;
  /** Highest seq delivered to / read by the member; both only move forward. */
  deliveredSeq: number;
  readSeq: number;
  joinedAt: number;
}

export interface NewGroup {
  name: string;
  avatar?: string;
  ownerUid: number;
  /** Other members, joined with role member; the owner is added with role owner in any case. */
  memberUids?: readonly number[];
  allowHistory?: boolean;
}

/** Fields left out stay as they are. */
export interface GroupUpdate {
  name?: string;
  avatar?: string;
  isMuted?: boolean;
  allowHistory?: boolean;
  /** The new owner (ownership transfer); member roles are set separately with setRole. */
  ownerUid?: number;
}

/** A member's delivered cursor, to be moved forward to `seq`. */
export interface DeliveredCursor {
  gid: number;
  uid: number;
  seq: number;
}

export interface NewMembership {
  role?: GroupRole;
  /** Defaults to the group's current lastSeq. */
  joinedSeq?: number;
}

/**
 * Groups and their members. Getters return `undefined` for a missing record; writers to a missing
 * group or member throw STORE_NOT_FOUND. A dissolved group keeps its rows (history stays readable).
 */
export interface GroupStore {
  /** Creates the group and its members in one transaction and returns both (members as listMembers orders them). */
  create(group: NewGroup): Promise<{ group: Group; members: GroupMember[] }>;
  get(gid: number): Promise<Group | undefined>;
  /** Groups that exist among `gids`, each once, ordered by gid ascending. */
  getMany(gids: readonly number[]): Promise<Group[]>;
  /** Up to `limit` groups (dissolved ones too) with a gid above `afterGid`, ordered by gid ascending. */
  list(afterGid: number, limit: number): Promise<Group[]>;
  /** Applies the given fields and returns the group as stored; STORE_NOT_FOUND for an unknown gid. */
  update(gid: number, update: GroupUpdate): Promise<Group>;
  /** Marks the group dissolved; returns false when it already was. STORE_NOT_FOUND for an unknown gid. */
  dissolve(gid: number): Promise<boolean>;

  getMember(gid: number, uid: number): Promise<GroupMember | undefined>;
  /** Members ordered by role (owner first), then join time, then uid. */
  listMembers(gid: number): Promise<GroupMember[]>;
  /** gids of the groups `uid` is a member of, ascending. */
  listGroupsOf(uid: number): Promise<number[]>;
  /**
   * Adds the uids that are not yet members, in one transaction; existing members are untouched.
   * Returns the uids actually added (ascending). STORE_NOT_FOUND for an unknown gid.
   */
  addMembers(gid: number, uids: readonly number[], membership?: NewMembership): Promise<number[]>;
  /** Removes the given members; returns the uids that were members (ascending). */
  removeMembers(gid: number, uids: readonly number[]): Promise<number[]>;
  /** STORE_NOT_FOUND when uid is not a member. Does not change `ownerUid` of the group. */
  setRole(gid: number, uid: number, role: GroupRole): Promise<void>;
  setMemberMute(gid: number, uid: number, isMuted: boolean): Promise<void>;
  setMemberRemark(gid: number, uid: number, remark: string): Promise<void>;
  /** Moves the member's cursors forward (never back); returns false when uid is not a member. */
  advanceCursors(gid: number, uid: number, cursors: { deliveredSeq?: number; readSeq?: number }): Promise<boolean>;
  /** Moves many members' delivered cursors forward (never back) in one transaction; non-members are skipped. */
  advanceDelivered(cursors: readonly DeliveredCursor[]): Promise<void>;
}
