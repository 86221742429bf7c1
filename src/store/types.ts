import type { Clock, Logger } from '../core/index.js';
import type { ContactStore } from './contact-store.js';
import type { FileStore } from './file-store.js';
import type { GroupReadStore } from './group-read-store.js';
import type { GroupMessageStore } from './group-message-store.js';
import type { GroupStore } from './group-store.js';
import type { MessageEventStore } from './message-event-store.js';
import type { MessageStore } from './message-store.js';
import type { SearchIndexUpkeep, SearchStore } from './search-store.js';
import type { OutboxStore } from './outbox-store.js';
import type { PushQueueStore } from './push-queue-store.js';
import type { PushStore } from './push-store.js';
import type { SessionStore } from './session-store.js';
import type { UserStore } from './user-store.js';

export const STORE_ENGINES = ['sqlite', 'postgres', 'mysql'] as const;
export type StoreEngine = (typeof STORE_ENGINES)[number];

/**
 * SQLite's `synchronous` level (WAL mode). full: each commit is fsync'ed before it returns, so what was
 * acked survives an OS crash or power loss. normal: synced only at checkpoints; survives a process
 * kill, but a power loss rolls back the latest commits. off: never synced; survives a process kill, a
 * power loss may also corrupt the file.
 */
export const SQLITE_SYNC_LEVELS = ['full', 'normal', 'off'] as const;
export type SqliteSync = (typeof SQLITE_SYNC_LEVELS)[number];

/** Whether the database takes writes; `reason` says why not (the driver's text and code). */
export type WriteCheck = { isWritable: true } | { isWritable: false; reason: string };

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
  readonly groupReads: GroupReadStore;
  /** What edits, reactions and pins add up to. */
  readonly messageEvents: MessageEventStore;
  readonly files: FileStore;
  readonly search: SearchStore;
  /** The search index's upkeep (the deferred indexer): `changed` for writers of searchable text. */
  readonly searchIndex: SearchIndexUpkeep;
  /** The durable queue of push notifications and webhook events. */
  readonly outbox: OutboxStore;
  readonly push: PushStore;
  /** Stored messages waiting for their push grace. */
  readonly pushQueue: PushQueueStore;
  /** One round trip to the database (health checks); throws STORE_UNAVAILABLE when it is unreachable. */
  ping(): Promise<void>;
  /**
   * Several nodes share this database: timed upkeep (the search indexer's steps) runs only while
   * `isUpkeeper()` is true, on one node of the cluster. Work a request needs (a search's flush) runs anywhere.
   */
  shareUpkeep(isUpkeeper: () => boolean): void;
  /**
   * Whether writes work (health checks): not writable while a query failed for lack of space, a
   * read-only file or server or an I/O error within `writeFaultHoldMs`, or when a probe write (made
   * only if nothing was committed for a while) fails or takes over a second. Never throws.
   */
  checkWritable(): Promise<WriteCheck>;
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
  /** SQLite only (default full). */
  sqliteSync?: SqliteSync;
  /** SQLite only: how often the checkpointer thread copies the WAL into the database file (default 1 s). */
  sqliteCheckpointMs?: number;
  /** How long a storage fault keeps checkWritable() false (default 10 s). */
  writeFaultHoldMs?: number;
  /** Readable rows up to which a search tests each row instead of walking the text index (default 20,000; tests set 0). */
  searchScanMaxRows?: number;
  /** Run pending migrations on open (default true). */
  migrate?: boolean;
}
