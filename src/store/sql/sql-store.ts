import { resolve } from 'node:path';
import { Kysely, sql } from 'kysely';
import { GlideError, isGlideError, systemClock, type Clock, type Logger } from '../../core/index.js';
import type { Store, StoreEngine, StoreOptions, WriteCheck } from '../types.js';
import type { SqlContext } from './context.js';
import { errorCode, errorMessage, SQLITE_MEMORY, type DialectOptions, type SqlDialect } from './dialects/sql-dialect.js';
import { GuardedDialect, toStoreError } from './guarded-dialect.js';
import { createMigrator, MIGRATION_LOCK_TABLE } from './migrations.js';
import type { Database } from './schema.js';
import { SqlContactStore } from './sql-contact-store.js';
import { SqlFileStore } from './sql-file-store.js';
import { SqlGroupMessageStore } from './sql-group-message-store.js';
import { SqlGroupReadStore } from './sql-group-read-store.js';
import { SqlGroupStore } from './sql-group-store.js';
import { SqlMessageEventStore } from './sql-message-event-store.js';
import { SqlMessageStore } from './sql-message-store.js';
import { SqlSearchStore } from './sql-search-store.js';
import { INDEX_IN_COMMIT, SearchIndexer } from './search-indexer.js';
import type { SearchIndexUpkeep } from '../search-store.js';
import { SqlOutboxStore } from './sql-outbox-store.js';
import { SqlPushQueueStore } from './sql-push-queue-store.js';
import { SqlPushStore } from './sql-push-store.js';
import { SqlSessionStore } from './sql-session-store.js';
import { SqlUserStore } from './sql-user-store.js';
import { storageFault, WriteHealth } from './write-health.js';

const DEFAULT_POOL_SIZE = 10;
const DEFAULT_WRITE_FAULT_HOLD_MS = 10_000;

/**
 * Picks the engine from the URL scheme; the one place that knows all three. Each engine's module (and
 * its driver: better-sqlite3, pg, mysql2) loads only when named, so a node never holds the code of the
 * other two (issue 17: ~10 MB of every PostgreSQL node's baseline RSS).
 */
export async function dialectFor(url: string, dataDir: string, options: DialectOptions): Promise<SqlDialect> {
  const trimmed = url.trim();
  if (trimmed === '') return (await import('./dialects/sqlite.js')).sqliteDialect(resolve(dataDir, 'glide.db'), options.sqliteSync, options.sqliteCheckpointMs);
  if (trimmed.startsWith('sqlite:')) {
    const file = trimmed.slice('sqlite:'.length).replace(/^\/\//, '');
    if (file === '') throw new GlideError('STORE_BAD_URL', 'sqlite: needs a file name');
    return (await import('./dialects/sqlite.js')).sqliteDialect(file === SQLITE_MEMORY ? file : resolve(file), options.sqliteSync, options.sqliteCheckpointMs);
  }
  if (/^postgres(ql)?:\/\//.test(trimmed)) return (await import('./dialects/postgres.js')).postgresDialect(trimmed, options);
  if (/^(mysql|mariadb):\/\//.test(trimmed)) return (await import('./dialects/mysql.js')).mysqlDialect(trimmed, options);
  throw new GlideError('STORE_BAD_URL', `expected sqlite:, postgres:// or mysql://, got ${trimmed.split(':')[0] ?? ''}:`);
}

/** The Store on one Kysely instance; sub-stores share its context. */
export class SqlStore implements Store {
  readonly engine: StoreEngine;
  readonly users: SqlUserStore;
  readonly contacts: SqlContactStore;
  readonly sessions: SqlSessionStore;
  readonly groups: SqlGroupStore;
  readonly messages: SqlMessageStore;
  readonly groupMessages: SqlGroupMessageStore;
  readonly groupReads: SqlGroupReadStore;
  readonly messageEvents: SqlMessageEventStore;
  readonly files: SqlFileStore;
  readonly search: SqlSearchStore;
  readonly outbox: SqlOutboxStore;
  readonly push: SqlPushStore;
  readonly pushQueue: SqlPushQueueStore;
  /** The full-text index's upkeep (the deferred indexer where the engine has one). */
  readonly searchIndex: SearchIndexUpkeep;
  private readonly indexer: (SearchIndexUpkeep & { start(): void; timeStepsOnlyWhile?(isHere: () => boolean): void }) | undefined;
  private readonly guarded: GuardedDialect;
  private readonly db: Kysely<Database>;
  private readonly writes: WriteHealth;

  constructor(
    private readonly dialect: SqlDialect,
    private readonly log: Logger,
    clock: Clock = systemClock,
    writeFaultHoldMs = DEFAULT_WRITE_FAULT_HOLD_MS,
    searchScanMaxRows?: number,
  ) {
    this.engine = dialect.engine;
    this.writes = new WriteHealth({ engine: dialect.engine, clock, faultHoldMs: writeFaultHoldMs, probe: () => this.probeWrite() });
    this.guarded = new GuardedDialect(dialect, this.writes);
    this.db = new Kysely<Database>({ dialect: this.guarded });
    const ctx: SqlContext = { db: this.db, dialect, clock, writes: this.writes };
    this.users = new SqlUserStore(ctx);
    this.contacts = new SqlContactStore(ctx);
    this.sessions = new SqlSessionStore(ctx);
    this.groups = new SqlGroupStore(ctx);
    this.messages = new SqlMessageStore(ctx);
    this.groupMessages = new SqlGroupMessageStore(ctx);
    this.groupReads = new SqlGroupReadStore(ctx);
    this.messageEvents = new SqlMessageEventStore(ctx);
    this.files = new SqlFileStore(ctx);
    const deferred = dialect.search.deferred;
    const indexLog = log.child({ part: 'search-index' });
    // SQLite on a file indexes in its own thread; the others on the pool.
    this.indexer = deferred && (dialect.sqliteIndexerThread?.(this.db as unknown as Kysely<unknown>, clock, indexLog) ?? new SearchIndexer(ctx, deferred, indexLog));
    this.searchIndex = this.indexer ?? INDEX_IN_COMMIT;
    this.search = new SqlSearchStore(ctx, this.searchIndex, searchScanMaxRows);
    this.outbox = new SqlOutboxStore(ctx);
    this.push = new SqlPushStore(ctx);
    this.pushQueue = new SqlPushQueueStore(ctx);
  }

  async ping(): Promise<void> {
    await sql`select 1`.execute(this.db);
  }

  checkWritable(): Promise<WriteCheck> {
    return this.writes.check();
  }

  /** Refuses a database that cannot store anything (read-only file or server, full disk), naming it. */
  async assertWritable(): Promise<void> {
    try {
      await this.probeWrite();
    } catch (err) {
      throw this.notWritable(err) ?? err;
    }
  }

  private notWritable(err: unknown): GlideError | undefined {
    const fault = storageFault(this.engine, err);
    return fault === undefined ? undefined : new GlideError('STORE_NOT_WRITABLE', `${this.dialect.location}: ${fault}`, { cause: err });
  }

  /**
   * One small write that really reaches the disk on every engine, with no net change: the migration
   * lock row (Kysely takes its lock elsewhere: an advisory lock, GET_LOCK, or the SQLite connection).
   */
  private async probeWrite(): Promise<void> {
    const row = sql`${sql.table(MIGRATION_LOCK_TABLE)}`;
    await this.db.transaction().execute(async (trx) => {
      await sql`update ${row} set is_locked = is_locked + 1 where id = ${'migration_lock'}`.execute(trx);
      await sql`update ${row} set is_locked = is_locked - 1 where id = ${'migration_lock'}`.execute(trx);
    });
  }

  async migrate(): Promise<string[]> {
    // Kysely<unknown>: migrations see the schema as it is, not as this version of the code types it.
    const { error, results = [] } = await createMigrator(this.db as Kysely<unknown>, this.dialect).migrateToLatest();
    const applied = results.filter((r) => r.status === 'Success').map((r) => r.migrationName);
    if (error !== undefined) {
      // A database that cannot be written is the operator's to fix, and the caller says so in one line.
      const refused = isGlideError(error) && error.code === 'STORE_NOT_WRITABLE' ? error : this.notWritable(error);
      if (refused !== undefined) throw refused;
      const failed = results.find((r) => r.status === 'Error')?.migrationName;
      this.log.error({ err: error, failed, applied }, 'store migration failed');
      throw toStoreError(error, this.dialect);
    }
    if (applied.length > 0) this.log.info({ applied }, 'store migrated');
    return applied;
  }

  /** Starts the deferred indexer's timer (after migrating: it needs 011_search_deferred's tables). */
  startIndexing(): void {
    this.indexer?.start();
  }

  shareUpkeep(isUpkeeper: () => boolean): void {
    this.indexer?.timeStepsOnlyWhile?.(isUpkeeper);
  }

  async close(): Promise<void> {
    await this.searchIndex.close();
    await this.messages.close();
    await this.outbox.close();
    await this.guarded.close();
  }
}

/**
 * Opens the store named by `options.url` and, unless told otherwise, brings its schema up to date.
 * Throws STORE_BAD_URL for an unknown scheme, STORE_UNAVAILABLE when the database cannot be reached,
 * STORE_NOT_WRITABLE (naming the file or server) when it cannot be written: a read-only file, directory
 * or server, a full disk.
 */
export async function createStore(options: StoreOptions): Promise<Store> {
  const log = options.log.child({ area: 'store' });
  const dialect = await dialectFor(options.url, options.dataDir, {
    poolSize: options.poolSize ?? DEFAULT_POOL_SIZE,
    sqliteSync: options.sqliteSync ?? 'full',
    sqliteCheckpointMs: options.sqliteCheckpointMs,
    // Only code and message: pg hangs the whole client object on its errors.
    onIdleError: (err) => log.warn({ code: errorCode(err), reason: errorMessage(err) }, 'database connection lost'),
  });
  const store = new SqlStore(dialect, log, options.clock, options.writeFaultHoldMs, options.searchScanMaxRows);
  if (options.migrate ?? true) {
    try {
      await store.migrate();
      await store.assertWritable();
    } catch (err) {
      await store.close();
      throw err;
    }
  }
  store.startIndexing();
  // The SQLite writer thread loads now, not at the first commit: that commit (and every message behind it)
  // waited for the thread to load, open the file and prepare its statements (measured: ~0.2 s; seconds on
  // a busy machine), a stall at the start of every run.
  dialect.sqliteWriterThread?.()?.start();
  log.info({ engine: store.engine }, 'store ready');
  return store;
}
