import type { ContactType, Store } from '../store/index.js';

/** The stores this area reads and writes. */
export type ContactStores = Pick<Store, 'users' | 'contacts' | 'sessions'>;

/**
 * "Your contact list changed": `id` (of kind `type`) is now in the receiver's list, added by `fromId`
 * (of kind `fromType`). The same fields as the protocol's `notify.contact` payload.
 */
export interface ContactNotice {
  id: number;
  type: ContactType;
  fromId: number;
  fromType: ContactType;
}

/**
 * Tells a user's online devices about a contact change. Best effort and synchronous: a user with no
 * device online simply reads `contacts/list` later, so nothing is queued. Must not throw.
 */
export interface ContactNotifier {
  notifyContact(uid: number, notice: ContactNotice): void;
}


/** Issues per-chat tickets (the auth area's TicketService fits). */
export interface TicketIssuer {
  issue(from: number, to: number): { ticket: string; expiresAt: number };
}
