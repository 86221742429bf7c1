import BetterSqlite3 from 'better-sqlite3';
import { CompiledQuery, SqliteDialect, sql, type Driver, type SqliteDatabase, type SqliteDialectConfig } from 'kysely';
import { LruCache } from '../../../core/index.js';
import type { SqliteSync } from '../../types.js';
import { sqliteSearch } from './sqlite-search.js';
import { SqliteWriterThread } from '../sqlite-writer-thread.js';
import { SqliteIndexerThread } from '../sqlite-indexer-thread.js';
import { errorCode, errorMessage, SQLITE_MEMORY, type SqlDialect } from './sql-dialect.js';
import { prepareSqliteFile } from './sqlite-access.js';
import { WriteGate } from '../write-gate.js';

/** Opens the file on first use with WAL (readers never block the writer) and the configured sync level. */
function open(file: string, sync: SqliteSync): BetterSqlite3.Database {
  if (file !== SQLITE_MEMORY) prepareSqliteFile(file);
  const db = new BetterSqlite3(file);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${sync.toUpperCase()}`);
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  return db;
}

/** Distinct SQL texts kept prepared; IN-lists and multi-row inserts vary in length, so the set is bounded. */
const STATEMENT_CACHE_SIZE = 512;

/**
 * Kysely's SQLite driver prepares every statement anew; the chat profile showed that at ~22 % of the
 * server's CPU (bench/RESULTS.md). better-sqlite3 statements are reusable, so keep them by SQL text.
 */
function withStatementCache(db: BetterSqlite3.Database): SqliteDatabase {
  const statements = new LruCache<string, BetterSqlite3.Statement>(STATEMENT_CACHE_SIZE);
  return {
    close: () => db.close(),
    prepare(text) {
      let statement = statements.get(text);
      if (!statement) statements.set(text, (statement = db.prepare(text)));
      return statement;
    },
  };
}

/**
 * Transactions BEGIN IMMEDIATE: with the chat writer thread's connection beside this one, a deferred
 * transaction that reads and then writes would fail (SQLITE_BUSY_SNAPSHOT) whenever the thread committed
 * in between; IMMEDIATE takes the write lock first (a lock held elsewhere waits in the busy timeout).
 */
class ImmediateSqliteDialect extends SqliteDialect {
  constructor(
    config: SqliteDialectConfig,
    /** The search indexer thread's connection: each transaction holds the writer's gate from BEGIN to its end. */
    private readonly gate?: WriteGate,
  ) {
    super(config);
  }

  override createDriver(): Driver {
    const driver = super.createDriver();
    const { commitTransaction, rollbackTransaction } = driver;
    let isHeld = false;
    const release = () => {
      if (!isHeld) return;
      isHeld = false;
      // A backlog runs step after step: give the chat writer that waited its turn before the next BEGIN.
      if (this.gate?.release()) Atomics.wait(PAUSE, 0, 0, HAND_OVER_MS);
    };
    driver.beginTransaction = async (connection) => {
      isHeld = this.gate?.acquire() ?? false;
      try {
        await connection.executeQuery(CompiledQuery.raw('begin immediate'));
      } catch (err) {
        release();
        throw err;
      }
    };
    driver.commitTransaction = async (connection) => {
      try {
        await commitTransaction.call(driver, connection);
      } finally {
        release();
      }
    };
    driver.rollbackTransaction = async (connection) => {
      try {
        await rollbackTransaction.call(driver, connection);
      } finally {
        release();
      }
    };
    return driver;
  }
}

/** How long the indexer thread pauses after a transaction the chat writer waited for (its thread wakes meanwhile). */
const HAND_OVER_MS = 2;
const PAUSE = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));

/**
 * The search index is derived data: a step lost in a power cut (its rows and its mark commit together) is
 * redone from the mark. So its commits need not fsync (NORMAL keeps the file consistent); the next chat
 * commit's fsync of the WAL covers them, and checkpoints still sync at the writer's level. This also takes
 * the fsync out of the time a step holds the write lock the chat commits wait for.
 */
function indexerSync(sync: SqliteSync): SqliteSync {
  return sync === 'off' ? 'off' : 'normal';
}

/** `indexerGate`: this is the search indexer thread's connection, its transactions hold that gate (write-gate.ts). */
export function sqliteDialect(file: string, sync: SqliteSync, checkpointMs?: number, indexerGate?: Int32Array): SqlDialect {
  let handle: BetterSqlite3.Database | undefined;
  let writer: SqliteWriterThread | undefined;
  // Shared by the writer and the indexer threads (write-gate.ts).
  const gate = WriteGate.createWord();
  return {
    engine: 'sqlite',
    location: file,
    kysely: new ImmediateSqliteDialect({ database: async () => withStatementCache((handle = open(file, sync))) }, indexerGate && new WriteGate(indexerGate)),
    sqliteHandle: () => handle,
    sqliteWriterThread: () => {
      if (file === SQLITE_MEMORY) return undefined;
      // The thread checkpoints (off the event loop) from now on, also for what this connection writes.
      handle?.pragma('wal_autocheckpoint = 0');
      return (writer ??= new SqliteWriterThread({ file, sync, checkpointMs, gate }));
    },
    sqliteIndexerThread: (db, clock, log) => (file === SQLITE_MEMORY ? undefined : new SqliteIndexerThread({ file, sync: indexerSync(sync), gate }, db, clock, log)),
    hasReturning: true,
    countsSkippedRows: false,
    autoIdType: 'integer',
    // AUTOINCREMENT: ids of deleted rows are never handed out again.
    autoIdColumn: (column) => column.primaryKey().autoIncrement(),
    // AUTOINCREMENT hands out max(sqlite_sequence.seq, max(rowid)) + 1; the row appears with the first insert.
    raiseAutoId: (table, _column, next) => [
      sql`insert into sqlite_sequence (name, seq) select ${sql.lit(table)}, 0 where not exists (select 1 from sqlite_sequence where name = ${sql.lit(table)})`,
      sql`update sqlite_sequence set seq = ${sql.lit(next - 1)} where name = ${sql.lit(table)} and seq < ${sql.lit(next - 1)}`,
    ],
    largeText: 'text',
    tableOptions: undefined,
    ignoreConflict: (columns) => sql`on conflict (${sql.join(columns.map((c) => sql.ref(c)))}) do nothing`,
    upsert: (columns, set) =>
      sql`on conflict (${sql.join(columns.map((c) => sql.ref(c)))}) do update set ${sql.join(
        Object.entries(set).map(([column, value]) => sql`${sql.ref(column)} = ${value}`),
      )}`,
    excluded: (column) => sql.ref(`excluded.${column}`),
    search: sqliteSearch,
    classifyError(err) {
      const code = errorCode(err) ?? '';
      if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') return 'conflict';
      if (code === 'SQLITE_FULL') return 'full';
      if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return 'unavailable';
      if (errorMessage(err).includes('database connection is not open')) return 'closed';
      return undefined;
    },
  };
}
