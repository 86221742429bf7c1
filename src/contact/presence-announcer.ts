import { runInBackground, type Clock, type Logger } from '../core/index.js';
import type { ConnectionLookup, Delivery } from '../delivery/index.js';
import type { ActionRouter, Connection } from '../gateway/index.js';
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
  log: Logger;
  /** This node's connections: the first one of a user here announces it. */
  connections: ConnectionLookup;
  /** Whether a user is online anywhere, and the way the change reaches a contact's devices. */
  delivery: Delivery;
}

/**
 * Tells a user's mutual contacts when the user comes online (first connection) and goes offline (last
 * one closed): those in the user's own list who have the user in theirs too. Adding someone alone
 * never lets you watch them.
 */
export class PresenceAnnouncer {
  /** Offline announcements still reading contacts: a closing node waits for them before its store closes. */
  private readonly pending = new Set<Promise<void>>();

  constructor(private readonly deps: PresenceAnnouncerDeps) {}

  /** Announces a user's first connection as it signs in and its last one as it closes. */
  mount(router: ActionRouter, signins: { onSignedIn(what: string, listener: (conn: Connection) => Promise<void> | undefined): void }): void {
    const { connections, delivery, log } = this.deps;
    signins.onSignedIn('presence online', (conn) => {
      const { uid, device } = conn.identity!;
      return connections.connectionsOf(uid).size === 1 ? this.announce(uid, device, true) : undefined;
    });
    router.onDisconnect((conn) => {
      const identity = conn.identity;
      if (!identity || delivery.isOnline(identity.uid)) return;
      const work = this.announce(identity.uid, identity.device, false);
      this.pending.add(work);
      runInBackground(log, 'presence offline', work.finally(() => this.pending.delete(work)));
    });
  }

  /** Settles once every offline announcement started so far has (each one's failure is logged on its own). */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  async announce(uid: number, device: number, online: boolean): Promise<void> {
    const change = { uid, device, online, onlineAt: this.deps.clock.now() };
    for (const contact of await this.deps.contacts.list(uid)) {
      if (contact.type !== CONTACT_TYPE.user || !this.deps.delivery.isOnline(contact.id)) continue;
      if (await this.deps.contacts.get(contact.id, uid, CONTACT_TYPE.user)) this.deps.delivery.push([contact.id], { action: change.online ? 'event.user.online' : 'event.user.offline', data: change });
    }
  }
}
