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
 * Tells a user's contacts when the user comes online (first connection) and goes offline (last one
 * closed). Contacts are two-way, so the user's own list is who wants to know.
 */
export class PresenceAnnouncer {
  constructor(private readonly deps: PresenceAnnouncerDeps) {}

  async announce(uid: number, device: number, online: boolean): Promise<void> {
    const change = { uid, device, online, onlineAt: this.deps.clock.now() };
    for (const contact of await this.deps.contacts.list(uid)) {
      if (contact.type === CONTACT_TYPE.user && this.deps.isOnline(contact.id)) this.deps.push(contact.id, change);
    }
  }
}
