/** A registered user. `uid` is assigned by the store: a positive integer below 2^31. */
export interface User {
  uid: number;
  /** Unique, compared byte for byte on every engine ('Alice' and 'alice' are two accounts). */
  account: string;
  /** Unique when set. */
  email: string | null;
  /** Already hashed by the caller; the store never sees a plain password. */
  passwordHash: string;
  nickname: string;
  avatar: string;
  /** ms since the epoch. */
  createdAt: number;
  updatedAt: number;
}

export interface NewUser {
  account: string;
  passwordHash: string;
  nickname?: string;
  avatar?: string;
  email?: string | null;
}

/** Fields left out stay as they are. */
export interface ProfileUpdate {
  nickname?: string;
  avatar?: string;
  passwordHash?: string;
  email?: string | null;
}

/**
 * Users and the per-(uid, device) token versions that revoke older tokens.
 * Getters return `undefined` for a missing record; writers to a missing record throw STORE_NOT_FOUND.
 */
export interface UserStore {
  /** Creates the user and assigns its uid. Throws STORE_CONFLICT when the account or email is taken. */
  create(user: NewUser): Promise<User>;
  get(uid: number): Promise<User | undefined>;
  getByAccount(account: string): Promise<User | undefined>;
  getByEmail(email: string): Promise<User | undefined>;
  /** Users that exist among `uids`, each once, ordered by uid ascending; unknown uids are skipped. */
  getMany(uids: readonly number[]): Promise<User[]>;
  /** Up to `limit` users with a uid above `afterUid`, ordered by uid ascending (operators' listing, page by page). */
  list(afterUid: number, limit: number): Promise<User[]>;
  /**
   * Applies the given fields (and moves `updatedAt`), returns the user as stored.
   * Throws STORE_NOT_FOUND for an unknown uid, STORE_CONFLICT when the new email is taken.
   */
  updateProfile(uid: number, update: ProfileUpdate): Promise<User>;
  /**
   * Atomically increments the token version of (uid, device), creating it at 1, and returns the new value.
   * Concurrent calls each get a distinct value. Does not check that the user exists.
   */
  bumpTokenVersion(uid: number, device: number): Promise<number>;
  /** The current token version of (uid, device); 0 when it was never bumped. */
  getTokenVersion(uid: number, device: number): Promise<number>;
  /** Every device of `uid` that has a token version (so every device a token was ever issued for), ascending. */
  listTokenDevices(uid: number): Promise<number[]>;
  /**
   * Bulk import (operators' `glide user import`): creates every user in one transaction, in multi-row
   * inserts, and returns them as stored in input order. All or nothing: a taken account or email, or
   * one repeated within `users`, rolls the whole call back with STORE_CONFLICT. With `tokenDevice`,
   * (uid, tokenDevice) also gets token version 1, so a token signed at version 1 for it is valid and the
   * user's next sign-in on that device revokes it.
   */
  importMany(users: readonly NewUser[], options?: { tokenDevice?: number }): Promise<User[]>;
}
