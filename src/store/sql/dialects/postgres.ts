import { PostgresDialect, sql, type PostgresPool, type PostgresPoolClient } from 'kysely';
import pg from 'pg';
import { postgresSearch } from './postgres-search.js';
import { PG_CHAT_STATEMENTS } from '../pg-chat-batch.js';
import { PG_SIGNIN_STATEMENTS } from '../pg-signin-reads.js';
import { PG_GROUP_STATEMENTS } from '../pg-group-append.js';
import { errorCode, errorMessage, redactedUrl, type DialectOptions, type SqlDialect } from './sql-dialect.js';

const INT8_OID = 20;
const NUMERIC_OID = 1700;

// Per-pool parsers (not pg's global registry): BIGINT and NUMERIC come back as numbers. Every value
// Glide stores is below 2^53, so this is exact.
const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID || oid === NUMERIC_OID ? Number : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig['getTypeParser'],
};

// SQLSTATE classes and codes a retry can get past: connection exceptions (08), shutdown and
// "cannot connect now" (57P0x), too many connections, serialization failure, deadlock, lock timeout.
const RETRYABLE_CODES = new Set(['57P01', '57P02', '57P03', '53300', '40001', '40P01', '55P03']);
const RETRYABLE_MESSAGES = /Connection terminated|timeout expired|connection error|Client was closed/i;

/** Names of the hot statements by their text: pg parses and plans a named statement once per connection. */
const NAMED = new Map<string, string>(Object.entries({ ...PG_CHAT_STATEMENTS, ...PG_GROUP_STATEMENTS, ...PG_SIGNIN_STATEMENTS }).map(([name, text]) => [text, name]));

/** Kysely's view of the pool, running the hot statements as named ones (Kysely itself never names any). */
function namingPool(pool: pg.Pool): PostgresPool {
  const clients = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  const wrap = (client: pg.PoolClient): PostgresPoolClient => ({
    // The second form (a cursor, for Kysely's streaming) passes through unchanged.
    query: ((query: string | pg.Submittable, values?: readonly unknown[]) => {
      if (typeof query !== 'string') return client.query(query);
      const name = NAMED.get(query);
      return client.query({ text: query, values: values === undefined ? undefined : [...values], ...(name === undefined ? {} : { name }) });
    }) as unknown as PostgresPoolClient['query'],
    release: (destroy) => client.release(destroy),
  });
  return {
    // Kysely keeps one connection object per client, so each client keeps one wrapper.
    connect: async () => {
      const client = await pool.connect();
      let wrapped = clients.get(client);
      if (!wrapped) clients.set(client, (wrapped = wrap(client)));
      return wrapped;
    },
    end: () => pool.end(),
  };
}

export function postgresDialect(url: string, options: DialectOptions): SqlDialect {
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize, types, connectionTimeoutMillis: 10_000 });
  // A client that loses its server emits 'error' (while idle in the pool, or again after a failed
  // query has handed it back); without a listener that would crash the process.
  pool.on('error', options.onIdleError);
  pool.on('connect', (client) => client.on('error', options.onIdleError));
  const onColumns = (columns: readonly string[]) => sql.join(columns.map((c) => sql.ref(c)));
  return {
    engine: 'postgres',
    location: redactedUrl(url),
    kysely: new PostgresDialect({ pool: namingPool(pool) }),
    hasReturning: true,
    countsSkippedRows: false,
    autoIdType: 'serial',
    autoIdColumn: (column) => column.primaryKey(),
    raiseAutoId: (table, column, next) => [
      sql`select setval(pg_get_serial_sequence(${sql.lit(table)}, ${sql.lit(column)}), greatest(${sql.lit(next - 1)}, (select coalesce(max(${sql.ref(column)}), 0) from ${sql.table(table)})))`,
    ],
    largeText: 'text',
    tableOptions: undefined,
    ignoreConflict: (columns) => sql`on conflict (${onColumns(columns)}) do nothing`,
    upsert: (columns, set) =>
      sql`on conflict (${onColumns(columns)}) do update set ${sql.join(
        Object.entries(set).map(([column, value]) => sql`${sql.ref(column)} = ${value}`),
      )}`,
    excluded: (column) => sql.ref(`excluded.${column}`),
    search: postgresSearch,
    classifyError(err) {
      const code = errorCode(err) ?? '';
      if (code === '23505') return 'conflict';
      if (code === '53100') return 'full';
      if (code.startsWith('08') || RETRYABLE_CODES.has(code)) return 'unavailable';
      const message = errorMessage(err);
      if (message.includes('after calling end on the pool')) return 'closed';
      if (RETRYABLE_MESSAGES.test(message)) return 'unavailable';
      return undefined;
    },
  };
}
