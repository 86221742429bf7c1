import BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import type { SqliteSync } from '../../types.js';
import { sqliteSearch } from './sqlite-search.js';
import { SqliteWriterThread } from '../sqlite-writer-thread.js';
import { SqliteIndexerThread } from '../sqlite-indexer-thread.js';
import { errorCode, errorMessage, SQLITE_MEMORY, type SqlDialect } from './sql-dialect.js';
import { prepareSqliteFile } from './sqlite-access.js';
import { ImmediateSqliteDialect, withStatementCache } from './sqlite-connection.js';

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

export function sqliteDialect(file: string, sync: SqliteSync, checkpointMs?: number): SqlDialect {
  let handle: BetterSqlite3.Database | undefined;
  let writer: SqliteWriterThread | undefined;
  const writerThread = () => {
    if (file === SQLITE_MEMORY) return undefined;
    // The thread checkpoints (off the event loop) from now on, also for what this connection writes.
    handle?.pragma('wal_autocheckpoint = 0');
    return (writer ??= new SqliteWriterThread({ file, sync, checkpointMs }));
  };
  return {
    engine: 'sqlite',
    location: file,
    kysely: new ImmediateSqliteDialect({ database: async () => withStatementCache((handle = open(file, sync))) }),
    sqliteHandle: () => handle,
    sqliteWriterThread: writerThread,
    sqliteIndexerThread: (db, clock, log) => {
      // The writer thread runs the steps on its connection (sqlite-writer-worker.ts).
      const thread = writerThread();
      return thread && new SqliteIndexerThread(thread, db, clock, log);
    },
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
