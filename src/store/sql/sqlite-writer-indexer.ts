// The search indexer on the chat writer thread's connection (sqlite-writer-worker.ts loads this module on
// its first index request: a writer that only commits never compiles Kysely and the indexer).
import type BetterSqlite3 from 'better-sqlite3';
import { Kysely } from 'kysely';
import type { Clock, Logger } from '../../core/index.js';
import type { SqliteSync } from '../types.js';
import { sqliteDialect } from './dialects/sqlite.js';
import { ImmediateSqliteDialect, withStatementCache, type TransactionTurns } from './dialects/sqlite-connection.js';
import { sqliteDeferredIndex } from './dialects/sqlite-search-index.js';
import { GuardedDialect } from './guarded-dialect.js';
import type { Database } from './schema.js';
import { SearchIndexer } from './search-indexer.js';

export interface WriterIndexer {
  indexer: SearchIndexer;
  /** Closes the connection too (the writer's: call it last). */
  destroy(): Promise<void>;
}

export function writerIndexer(db: BetterSqlite3.Database, file: string, sync: SqliteSync, turns: TransactionTurns, clock: Clock, log: Logger): WriterIndexer {
  // Guarded like the main store: a step SQLite rolled back itself (SQLITE_FULL) reports that error, not "cannot rollback".
  const kysely = new Kysely<Database>({ dialect: new GuardedDialect({ ...sqliteDialect(file, sync), kysely: new ImmediateSqliteDialect({ database: withStatementCache(db) }, turns) }) });
  return { indexer: new SearchIndexer({ db: kysely, clock }, sqliteDeferredIndex, log), destroy: () => kysely.destroy() };
}
