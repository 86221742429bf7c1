// The contact area's face: contacts, the conversation list, the blacklist and user profiles.
export type { ContactNotice, ContactNotifier, ContactStores, TicketIssuer } from './types.js';
export { ContactService, type ContactServiceDeps } from './contact-service.js';
export { RECENT_SESSION_LIMIT, SessionService, type BlockedEntry, type SessionServiceDeps } from './session-service.js';
export { UserDirectory, type ProfileChange, type UserDirectoryDeps } from './user-directory.js';
export { withBlocklistCache } from './blocklist-cache.js';
// The records its services return, so routes need no store import.
export { SESSION_TYPE, type Session, type User } from '../store/index.js';
export { PresenceAnnouncer, type PresenceAnnouncerDeps, type PresenceChange } from './presence-announcer.js';
