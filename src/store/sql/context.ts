import type { Kysely } from 'kysely';
import type { Clock } from '../../core/index.js';
import type { SqlDialect } from './dialects/sql-dialect.js';
import type { DriverObserver } from './guarded-dialect.js';
import type { Database } from './schema.js';

/** What every SQL sub-store shares. */
export interface SqlContext {
  readonly db: Kysely<Database>;
  readonly dialect: SqlDialect;
  readonly clock: Clock;
  /** Write health: statements run outside Kysely (the prepared SQLite batch) report here themselves. */
  readonly writes: DriverObserver;
}

/** Rows per multi-row INSERT: far below every engine's bound-parameter limit (SQLite 32766). */
export const MAX_ROWS_PER_INSERT = 500;
/** Members one cursor UPDATE names (`uid in (…)`): well inside every engine's bound-parameter limit. */
export const MAX_UIDS_PER_UPDATE = 1000;
