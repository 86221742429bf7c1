import { MysqlDialect, sql } from 'kysely';
import { createPool } from 'mysql2';
import { mysqlSearch } from './mysql-search.js';
import { errorCode, errorMessage, redactedUrl, type DialectOptions, type SqlDialect } from './sql-dialect.js';

const RETRYABLE_CODES = new Set([
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'ER_CON_COUNT_ERROR',
  'ER_LOCK_DEADLOCK',
  'ER_LOCK_WAIT_TIMEOUT',
  'ER_SERVER_SHUTDOWN',
  'ER_CONNECTION_KILLED',
  'ER_QUERY_INTERRUPTED',
  'ER_CLIENT_INTERACTION_TIMEOUT',
]);

/** MySQL 5.7+/8 and MariaDB 10.5+. */
export function mysqlDialect(url: string, options: DialectOptions): SqlDialect {
  const pool = createPool({
    uri: url.replace(/^mariadb:/, 'mysql:'),
    connectionLimit: options.poolSize,
    // BIGINT and DECIMAL (SUM, …) as numbers; exact, since every value Glide stores is below 2^53.
    supportBigNumbers: true,
    bigNumberStrings: false,
    decimalNumbers: true,
    connectTimeout: 10_000,
    // The chat batch sends its transaction as one query (mysql-chat-batch.ts); every value is still a
    // placeholder the driver escapes, never text joined into SQL.
    multipleStatements: true,
  });
  return {
    engine: 'mysql',
    location: redactedUrl(url),
    kysely: new MysqlDialect({ pool }),
    // MariaDB has INSERT … RETURNING, MySQL does not: use insertId on both.
    hasReturning: false,
    // mysql2 sets CLIENT_FOUND_ROWS, so a row kept by ON DUPLICATE KEY still counts as affected.
    countsSkippedRows: true,
    autoIdType: 'integer',
    autoIdColumn: (column) => column.primaryKey().autoIncrement(),
    // InnoDB raises a value below max(id) + 1 to it, so existing rows are never clashed with.
    raiseAutoId: (table, _column, next) => [sql`alter table ${sql.table(table)} auto_increment = ${sql.lit(next)}`],
    largeText: sql`mediumtext`,
    // utf8mb4_bin compares bytes like PostgreSQL and SQLite do: 'Alice' and 'alice' stay two accounts.
    tableOptions: sql`engine=InnoDB default charset=utf8mb4 collate=utf8mb4_bin`,
    // MySQL has no per-key conflict target; a no-op assignment keeps the stored row. Unlike INSERT
    // IGNORE it does not turn other errors (NOT NULL, truncation) into warnings.
    ignoreConflict: (columns) => sql`on duplicate key update ${sql.ref(columns[0] ?? '')} = ${sql.ref(columns[0] ?? '')}`,
    upsert: (_columns, set) =>
      sql`on duplicate key update ${sql.join(Object.entries(set).map(([column, value]) => sql`${sql.ref(column)} = ${value}`))}`,
    // VALUES() is deprecated in MySQL 8.0.20+ (still works); MariaDB knows only this form.
    excluded: (column) => sql`values(${sql.ref(column)})`,
    search: mysqlSearch,
    classifyError(err) {
      const code = errorCode(err) ?? '';
      if (code === 'ER_DUP_ENTRY') return 'conflict';
      if (code === 'ER_RECORD_FILE_FULL' || code === 'ER_DISK_FULL') return 'full';
      if (RETRYABLE_CODES.has(code)) return 'unavailable';
      const message = errorMessage(err);
      if (message.includes('Pool is closed')) return 'closed';
      if (message.includes("Can't add new command when connection is in closed state")) return 'unavailable';
      return undefined;
    },
  };
}
