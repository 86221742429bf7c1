/** What a contact points at: GlideIM's contact `Type`. */
export const CONTACT_TYPE = { user: 1, group: 2 } as const;
export type ContactType = (typeof CONTACT_TYPE)[keyof typeof CONTACT_TYPE];

/** One direction of a contact: `owner` sees `id` (a uid or a gid) in the contact list. */
export interface Contact {
  owner: number;
  id: number;
  type: ContactType;
  remark: string;
  createdAt: number;
}

export const REQUEST_STATUS = { pending: 0, accepted: 1, rejected: 2 } as const;
export type RequestStatus = (typeof REQUEST_STATUS)[keyof typeof REQUEST_STATUS];

/** A contact approval request from `fromUid` to `toUid`; at most one per ordered pair. */
export interface ContactRequest {
  fromUid: number;
  toUid: number;
  comment: string;
  status: RequestStatus;
  createdAt: number;
  updatedAt: number;
}

export interface BlockedUser {
  uid: number;
  createdAt: number;
}

/**
 * Contacts, contact approval requests and the blacklist.
 * Getters return `undefined` for a missing record; writers to a missing record throw STORE_NOT_FOUND.
 */
export interface ContactStore {
  /**
   * Makes `a` and `b` contacts of each other (type user) in one statement: both rows or neither.
   * Idempotent: a direction that exists keeps its remark and createdAt. `remark` is a's remark for b.
   */
  addPair(a: number, b: number, remark?: string): Promise<void>;
  /** Adds one direction; returns false (and changes nothing) when it exists. */
  add(owner: number, id: number, type: ContactType, remark?: string): Promise<boolean>;
  get(owner: number, id: number, type: ContactType): Promise<Contact | undefined>;
  /** The owner's contacts, oldest first (ties by type, then id). */
  list(owner: number): Promise<Contact[]>;
  /** Removes owner's contacts `ids` of `type` (one direction); returns how many existed. */
  remove(owner: number, ids: readonly number[], type: ContactType): Promise<number>;
  /** Removes both directions between two users atomically; idempotent. */
  removePair(a: number, b: number): Promise<void>;
  /** Throws STORE_NOT_FOUND when owner has no such contact. */
  updateRemark(owner: number, id: number, type: ContactType, remark: string): Promise<void>;

  /** Creates the request, or resets an existing one to pending with the new comment. */
  saveRequest(fromUid: number, toUid: number, comment: string): Promise<ContactRequest>;
  getRequest(fromUid: number, toUid: number): Promise<ContactRequest | undefined>;
  /** Pending requests to `toUid`, newest first. */
  listPendingRequests(toUid: number): Promise<ContactRequest[]>;
  /** Sets the status; throws STORE_NOT_FOUND when there is no such request. */
  resolveRequest(fromUid: number, toUid: number, status: RequestStatus): Promise<void>;

  /** Puts `other` on owner's blacklist; idempotent (the first createdAt stays). */
  block(owner: number, other: number): Promise<void>;
  /** Takes `others` off owner's blacklist; returns how many were on it. */
  unblock(owner: number, others: readonly number[]): Promise<number>;
  /** Owner's blacklist, oldest first (ties by uid). */
  listBlocked(owner: number): Promise<BlockedUser[]>;
  /** True when `other` is on owner's blacklist (so owner refuses other's messages). */
  isBlocked(owner: number, other: number): Promise<boolean>;
  /** isBlocked's answer when it is in memory (a cache in front of the store), else undefined. */
  isBlockedInMemory?(owner: number, other: number): boolean | undefined;
}
