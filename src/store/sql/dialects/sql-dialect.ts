import type BetterSqlite3 from 'better-sqlite3';
import type { ColumnDefinitionBuilder, Dialect, Expression, Kysely, RawBuilder } from 'kysely';
import type { Clock, Logger } from '../../../core/index.js';
import type { SqliteSync, StoreEngine } from '../../types.js';
import type { SearchDialect } from './search-dialect.js';
import type { SqliteWriter } from '../sqlite-writer-thread.js';
import type { SqliteIndexerThread } from '../sqlite-indexer-thread.js';

/** sqlite:'s in-memory database (tests): no file, so no writer or indexer thread. */
export const SQLITE_MEMORY = ':memory:';

/** How a driver error is classified; anything else becomes STORE_INTERNAL. */
export type DriverErrorKind = 'conflict' | 'unavailable' | 'closed' | 'full';

/**
 * What really differs between the engines. Everything else (all queries, the migrations) is
 * written once against Kysely.
 */
export interface SqlDialect {
  readonly engine: StoreEngine;
  /** What to name in messages: the SQLite file, or the server URL without its password. */
  readonly location: string;
  /** The Kysely dialect holding the pool (or the SQLite file), opened lazily on first use. */
  readonly kysely: Dialect;
  /** Whether INSERT … RETURNING works; otherwise the generated id comes from insertId. */
  readonly hasReturning: boolean;
  /** Whether a conflicting row skipped by `ignoreConflict` still counts as affected (MySQL FOUND_ROWS). */
  readonly countsSkippedRows: boolean;
  /** Column type of auto-increment integer ids (int4 range everywhere). */
  readonly autoIdType: 'serial' | 'integer';
  autoIdColumn(column: ColumnDefinitionBuilder): ColumnDefinitionBuilder;
  /** Statements that make the next auto id of `table` at least `next` (never lower; rows keep their ids). */
  raiseAutoId(table: string, column: string, next: number): RawBuilder<unknown>[];
  /** Column type for message content (TEXT is only 64 KiB on MySQL). */
  readonly largeText: 'text' | RawBuilder<unknown>;
  /** Appended to every CREATE TABLE (MySQL: InnoDB, utf8mb4, byte-wise comparison like the others). */
  readonly tableOptions: RawBuilder<unknown> | undefined;
  /** Tail of an INSERT that skips rows conflicting on the unique key `columns` (only that key). */
  ignoreConflict(columns: readonly string[]): RawBuilder<unknown>;
  /** Tail of an INSERT that, on conflict on the unique key `columns`, assigns `set` to the stored row. */
  upsert(columns: readonly string[], set: Readonly<Record<string, Expression<unknown>>>): RawBuilder<unknown>;
  /** Inside `upsert`: the value the INSERT tried to write into `column`. */
  excluded(column: string): RawBuilder<unknown>;
  /**
   * SQLite only: the open connection (once Kysely opened it), for the hot path's statements prepared once
   * (see sqlite-chat-batch.ts). Use it only while holding Kysely's connection.
   */
  sqliteHandle?(): BetterSqlite3.Database | undefined;
  /** Full-text search: its index (migration 008_search) and the condition that uses it. */
  readonly search: SearchDialect;
  /**
   * SQLite on a file: the writer in a worker thread with its own connection (see sqlite-writer-thread.ts),
   * one per store (the chat commits and the outbox share it); undefined for an in-memory database, which
   * has one connection only.
   */
  sqliteWriterThread?(): SqliteWriter | undefined;
  /**
   * SQLite on a file: the deferred search indexer in a worker thread with its own connection (see
   * sqlite-indexer-thread.ts); `db` is the main connection (changed rows are queued there).
   */
  sqliteIndexerThread?(db: Kysely<unknown>, clock: Clock, log: Logger): SqliteIndexerThread | undefined;
  /** Engine-specific error codes; network-level errors are classified in one place for all engines. */
  classifyError(err: unknown): DriverErrorKind | undefined;
}

export interface DialectOptions {
  poolSize: number;
  sqliteSync: SqliteSync;
  /** The SQLite checkpointer's period; its own default when unset. */
  sqliteCheckpointMs?: number;
  /** For idle-connection errors the pool reports outside any query. */
  onIdleError: (err: unknown) => void;
}

/** A database URL safe to print: the password replaced. */
export function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return url.split(':')[0] ?? '';
  }
}

/** Reads `err.code` (string or number) when there is one. */
export function errorCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null || !('code' in err)) return undefined;
  const code = (err as { code: unknown }).code;
  return typeof code === 'string' || typeof code === 'number' ? String(code) : undefined;
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
