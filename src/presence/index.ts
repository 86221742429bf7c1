export type { Presence, PresenceEntry } from './types.js';
export { MemoryPresence } from './memory-presence.js';
export { NatsPresence, DEFAULT_PRESENCE_TTL_MS, type NatsPresenceDeps, type NatsPresenceOptions } from './nats-presence.js';
