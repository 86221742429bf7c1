import { GlideError } from '../core/index.js';
import { CONTACT_TYPE, REQUEST_STATUS, SESSION_TYPE, isStoreNotFound, type Contact } from '../store/index.js';
import type { ContactNotifier, ContactStores } from './types.js';

export interface ContactServiceDeps {
  store: ContactStores;
  notifier: ContactNotifier;
}

/**
 * The contact list. Adding puts the other user in the caller's own list only (no approval step): both
 * users get a 1:1 session line and `notify.contact` on their online devices. Two users are mutual
 * contacts once both have added each other (or one approved the other's request), and only mutual
 * contacts see each other's presence: knowing a uid is not enough to watch someone come and go.
 * Removing and remarks touch only the caller's own direction.
 */
export class ContactService {
  constructor(private readonly deps: ContactServiceDeps) {}

  /** The owner's contacts, oldest first. */
  list(owner: number): Promise<Contact[]> {
    return this.deps.store.contacts.list(owner);
  }

  /**
   * The owner's contacts with whether each may be shown online: only a mutual contact's presence is
   * (`isOnline` is asked first, so offline contacts cost no store read).
   */
  async listWithPresence(owner: number, isOnline: (uid: number) => boolean): Promise<{ contact: Contact; isOnline: boolean }[]> {
    const contacts = await this.list(owner);
    return Promise.all(contacts.map(async (contact) => ({ contact, isOnline: contact.type === CONTACT_TYPE.user && isOnline(contact.id) && (await this.isMutual(owner, contact.id)) })));
  }

  /** True when `other` has `owner` in its list too (the owner's own direction is the caller's to know). */
  async isMutual(owner: number, other: number): Promise<boolean> {
    return (await this.deps.store.contacts.get(other, owner, CONTACT_TYPE.user)) !== undefined;
  }

  /**
   * Puts `uid` in the owner's list. Throws CONTACT_SELF, CONTACT_USER_NOT_FOUND, CONTACT_BLOCKED (owner
   * is on uid's blacklist) or CONTACT_EXISTS (uid is already in owner's list).
   */
  async add(owner: number, uid: number, remark: string): Promise<void> {
    await this.checkPeer(owner, uid);
    if (!(await this.deps.store.contacts.add(owner, uid, CONTACT_TYPE.user, remark))) throw new GlideError('CONTACT_EXISTS', `uid ${uid}`);
    await this.announce(owner, uid);
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
   * Answers `fromUid`'s request to become a contact of `owner`. Agreeing to a pending request connects
   * both directions (both consented); with no request (approval is off) it adds `fromUid` to the owner's
   * list like `add` but idempotently: approving never adds the owner to someone else's list, so it grants
   * no presence by itself. Refusing marks a pending request rejected and is otherwise a no-op. The
   * comment is not stored (the store keeps only the requester's).
   */
  async approve(owner: number, fromUid: number, isAgreed: boolean): Promise<void> {
    const request = await this.deps.store.contacts.getRequest(fromUid, owner);
    const isPending = request?.status === REQUEST_STATUS.pending;
    if (!isAgreed) {
      if (isPending) await this.deps.store.contacts.resolveRequest(fromUid, owner, REQUEST_STATUS.rejected);
      return;
    }
    await this.checkPeer(owner, fromUid);
    if (!isPending) {
      await this.deps.store.contacts.add(owner, fromUid, CONTACT_TYPE.user);
      await this.announce(owner, fromUid);
      return;
    }
    await this.deps.store.contacts.resolveRequest(fromUid, owner, REQUEST_STATUS.accepted);
    await this.connect(owner, fromUid, '');
  }

  private async checkPeer(owner: number, uid: number): Promise<void> {
    if (uid === owner) throw new GlideError('CONTACT_SELF');
    if (!(await this.deps.store.users.get(uid))) throw new GlideError('CONTACT_USER_NOT_FOUND', `uid ${uid}`);
    if (await this.deps.store.contacts.isBlocked(uid, owner)) throw new GlideError('CONTACT_BLOCKED', `uid ${uid}`);
  }

  /** Both directions (an approval is consent from both), then the session lines and notices. */
  private async connect(owner: number, uid: number, remark: string): Promise<void> {
    await this.deps.store.contacts.addPair(owner, uid, remark);
    await this.announce(owner, uid);
  }

  /**
   * Both session lines, then `notify.contact` to each side: the owner learns its new contact's id, `uid`
   * learns who added it (and can add back, which makes them mutual).
   */
  private async announce(owner: number, uid: number): Promise<void> {
    await this.deps.store.sessions.ensure([
      { owner, type: SESSION_TYPE.chat, peer: uid },
      { owner: uid, type: SESSION_TYPE.chat, peer: owner },
    ]);
    const from = { fromId: owner, fromType: CONTACT_TYPE.user };
    this.deps.notifier.notifyContact(uid, { id: owner, type: CONTACT_TYPE.user, ...from });
    this.deps.notifier.notifyContact(owner, { id: uid, type: CONTACT_TYPE.user, ...from });
  }
}
