import { GlideError } from '../core/index.js';
import { CONTACT_TYPE, REQUEST_STATUS, SESSION_TYPE, isStoreNotFound, type Contact } from '../store/index.js';
import type { ContactNotifier, ContactStores } from './types.js';

export interface ContactServiceDeps {
  store: ContactStores;
  notifier: ContactNotifier;
}

/**
 * The contact list. Adding is mutual and immediate (approval is off): both users get the other in their
 * list and a 1:1 session line, and their online devices get `notify.contact`. Removing and remarks touch
 * only the caller's own direction.
 */
export class ContactService {
  constructor(private readonly deps: ContactServiceDeps) {}

  /** The owner's contacts, oldest first. */
  list(owner: number): Promise<Contact[]> {
    return this.deps.store.contacts.list(owner);
  }

  /**
   * Makes `owner` and `uid` contacts of each other. Throws CONTACT_SELF, CONTACT_USER_NOT_FOUND,
   * CONTACT_BLOCKED (owner is on uid's blacklist) or CONTACT_EXISTS (uid is already in owner's list).
   */
  async add(owner: number, uid: number, remark: string): Promise<void> {
    await this.checkPeer(owner, uid);
    if (await this.deps.store.contacts.get(owner, uid, CONTACT_TYPE.user)) throw new GlideError('CONTACT_EXISTS', `uid ${uid}`);
    await this.connect(owner, uid, remark);
  }

  /** Removes `uids` from the owner's list only (the others keep theirs); unknown uids are ignored. */
  async remove(owner: number, uids: readonly number[]): Promise<number> {
    return this.deps.store.contacts.remove(owner, uids, CONTACT_TYPE.user);
  }

  /** Throws CONTACT_NOT_FOUND when uid is not in the owner's list. */
  async updateRemark(owner: number, uid: number, remark: string): Promise<void> {
    try {
      await this.deps.store.contacts.updateRemark(owner, uid, CONTACT_TYPE.user, remark);
    } catch (err) {
      if (isStoreNotFound(err)) throw new GlideError('CONTACT_NOT_FOUND', `uid ${uid}`);
      throw err;
    }
  }

  /**
   * Answers `fromUid`'s request to become a contact of `owner`. Agreeing resolves a pending request and
   * connects the two as `add` does, but is idempotent (already being contacts is fine); with approval
   * off there is usually no request, so agreeing simply adds. Refusing marks a pending request rejected
   * and is otherwise a no-op. The comment is not stored (the store keeps only the requester's).
   */
  async approve(owner: number, fromUid: number, isAgreed: boolean): Promise<void> {
    const request = await this.deps.store.contacts.getRequest(fromUid, owner);
    const isPending = request?.status === REQUEST_STATUS.pending;
    if (!isAgreed) {
      if (isPending) await this.deps.store.contacts.resolveRequest(fromUid, owner, REQUEST_STATUS.rejected);
      return;
    }
    await this.checkPeer(owner, fromUid);
    if (isPending) await this.deps.store.contacts.resolveRequest(fromUid, owner, REQUEST_STATUS.accepted);
    await this.connect(owner, fromUid, '');
  }

  private async checkPeer(owner: number, uid: number): Promise<void> {
    if (uid === owner) throw new GlideError('CONTACT_SELF');
    if (!(await this.deps.store.users.get(uid))) throw new GlideError('CONTACT_USER_NOT_FOUND', `uid ${uid}`);
    if (await this.deps.store.contacts.isBlocked(uid, owner)) throw new GlideError('CONTACT_BLOCKED', `uid ${uid}`);
  }

  /** Both directions, both session lines, then a notice to each side (each learns its new contact's id). */
  private async connect(owner: number, uid: number, remark: string): Promise<void> {
    const { contacts, sessions } = this.deps.store;
    await contacts.addPair(owner, uid, remark);
    await sessions.ensure([
      { owner, type: SESSION_TYPE.chat, peer: uid },
      { owner: uid, type: SESSION_TYPE.chat, peer: owner },
    ]);
    const from = { fromId: owner, fromType: CONTACT_TYPE.user };
    this.deps.notifier.notifyContact(uid, { id: owner, type: CONTACT_TYPE.user, ...from });
    this.deps.notifier.notifyContact(owner, { id: uid, type: CONTACT_TYPE.user, ...from });
  }
}
