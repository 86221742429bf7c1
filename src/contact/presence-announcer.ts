import type { Clock } from '../core/index.js';
import type { ContactStore } from '../store/index.js';
import { CONTACT_TYPE } from '../store/index.js';

/** `event.user.online` / `event.user.offline`, in our payload names. */
export interface PresenceChange {
  uid: number;
  device: number;
  online: boolean;
  onlineAt: number;
}

export interface PresenceAnnouncerDeps {
  contacts: ContactStore;
  clock: Clock;
  isOnline(uid: number): boolean;
  /** Sends the change to every open connection of `to`. */
  push(to: number, change: PresenceChange): void;
}

/**
 * Tells a user's mutual contacts when the user comes online (first connection) and goes offline (last
 * one closed): those in the user's own list who have the user in theirs too. Adding someone alone
 * never lets you watch them.
 */
export class PresenceAnnouncer {
  constructor(private readonly deps: PresenceAnnouncerDeps) {}

  async announce(uid: number, device: number, online: boolean): Promise<void> {
    const change = { uid, device, online, onlineAt: this.deps.clock.now() };
    for (const contact of await this.deps.contacts.list(uid)) {
      if (contact.type !== CONTACT_TYPE.user || !this.deps.isOnline(contact.id)) continue;
      if (await this.deps.contacts.get(contact.id, uid, CONTACT_TYPE.user)) this.deps.push(contact.id, change);
    }
  }
}
