import type { Clock, Logger } from '../core/index.js';
import type { ContactStore } from './contact-store.js';
import type { GroupMessageStore } from './group-message-store.js';
import type { GroupStore } from './group-store.js';
import type { MessageStore } from './message-store.js';
import type { SessionStore } from './session-store.js';
import type { UserStore } from './user-store.js';

export const STORE_ENGINES = ['sqlite', 'postgres', 'mysql'] as const;
export type StoreEngine = (typeof STORE_ENGINES)[number];

/**
 * Everything Glide persists, one sub-store per area. All methods are async and safe to call
 * concurrently. Errors are GlideErrors with STORE_* codes: STORE_NOT_FOUND, STORE_CONFLICT (a unique
 * key is taken), STORE_UNAVAILABLE (connection refused or lost, lock timeout: retryable),
 * STORE_CLOSED (after close), STORE_INTERNAL (anything else). Broken invariants throw plain Error.
 * Ids, mids, seqs and times are JS numbers; flags are booleans.
 */
export interface Store {
  readonly engine: StoreEngine;
  readonly users: UserStore;
  readonly contacts: ContactStore;
  readonly sessions: SessionStore;
  readonly groups: GroupStore;
  readonly messages: MessageStore;
  readonly groupMessages: GroupMessageStore;
  /** One round trip to the database (health checks); throws STORE_UNAVAILABLE when it is unreachable. */
  ping(): Promise<void>;
  /** Applies pending schema migrations in order; returns the names applied (empty when up to date). */
  migrate(): Promise<string[]>;
  /** Releases pools and file handles; idempotent. Later calls fail with STORE_CLOSED. */
  close(): Promise<void>;
}

export interface StoreOptions {
  /**
   * `sqlite:<file>` (`sqlite::memory:` for a throwaway database), `postgres://…` / `postgresql://…`,
   * `mysql://…` / `mariadb://…`. Empty: SQLite at `<dataDir>/glide.db`.
   */
  url: string;
  /** Where the default SQLite file lives; created when missing. */
  dataDir: string;
  log: Logger;
  /** Source of createdAt/updatedAt for rows the store stamps itself. Defaults to the system clock. */
  clock?: Clock;
  /** Connections per pool for PostgreSQL and MySQL (default 10). */
  poolSize?: number;
  /** Run pending migrations on open (default true). */
  migrate?: boolean;
}
