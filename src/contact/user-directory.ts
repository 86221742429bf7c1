import { GlideError } from '../core/index.js';
import type { User, UserStore } from '../store/index.js';

export interface UserDirectoryDeps {
  users: UserStore;
}

export interface ProfileChange {
  nickname?: string;
  avatar?: string;
}

/** Who is who: public profiles of other users, and the caller's own profile. */
export class UserDirectory {
  constructor(private readonly deps: UserDirectoryDeps) {}

  /** The users that exist among `uids`, in the order asked, each once; unknown uids are skipped. */
  async lookup(uids: readonly number[]): Promise<User[]> {
    const found = new Map((await this.deps.users.getMany([...new Set(uids)])).map((user) => [user.uid, user]));
    const ordered: User[] = [];
    for (const uid of new Set(uids)) {
      const user = found.get(uid);
      if (user) ordered.push(user);
    }
    return ordered;
  }

  /** Throws CONTACT_USER_NOT_FOUND for an unknown uid. */
  async require(uid: number): Promise<User> {
    const user = await this.deps.users.get(uid);
    if (!user) throw new GlideError('CONTACT_USER_NOT_FOUND', `uid ${uid}`);
    return user;
  }

  /** Applies the given fields and returns the stored profile (a password change is the account service's: it needs the current one). */
  async updateProfile(uid: number, change: ProfileChange): Promise<User> {
    try {
      return await this.deps.users.updateProfile(uid, {
        ...(change.nickname !== undefined ? { nickname: change.nickname } : {}),
        ...(change.avatar !== undefined ? { avatar: change.avatar } : {}),
      });
    } catch (err) {
      if (err instanceof GlideError && err.code === 'STORE_NOT_FOUND') throw new GlideError('CONTACT_USER_NOT_FOUND', `uid ${uid}`);
      throw err;
    }
  }
}
