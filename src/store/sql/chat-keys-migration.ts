import { sql, type Kysely, type Migration } from 'kysely';
import type { SqlDialect } from './dialects/sql-dialect.js';

/** Tables the 1:1 chat commit upserts a row of per session line or cursor, read only by their primary key. */
const CLUSTERED = ['sessions', 'device_cursors'];

/**
 * 016_chat_keys (SQLite only): `sessions` and `device_cursors` become WITHOUT ROWID tables, stored in their
 * primary key's order. As rowid tables each kept its key in one b-tree and its rows in another, so each of
 * the chat commit's three upserts per 1:1 message (two session lines, a cursor) searched the key, then the
 * row; now the key is the row. Their readers all read by a key prefix (owner; uid). `inbox` stays a rowid
 * table: clustered, its wider leaf rows cost more WAL frames per message than the appends they save
 * (bench/RESULTS.md, issue-16w3). MySQL's InnoDB already clusters on the primary key; PostgreSQL has no
 * such table: nothing to do there.
 */
export function chatKeysMigration(d: SqlDialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      if (d.engine !== 'sqlite') return;
      await db.transaction().execute(async (trx) => {
        for (const table of CLUSTERED) await clusterOnKey(trx, table);
      });
    },
  };
}

/** Rebuilds `table` as WITHOUT ROWID with the same columns, key, rows, indexes and triggers. */
async function clusterOnKey(db: Kysely<unknown>, table: string): Promise<void> {
  const objects = await sql<{ type: string; sql: string }>`select type, sql from sqlite_master where tbl_name = ${table} and sql is not null`.execute(db);
  const definition = objects.rows.find((o) => o.type === 'table')?.sql;
  if (!definition || /without\s+rowid\s*$/i.test(definition)) return;
  const rebuilt = `${table}_016`;
  await sql.raw(`${definition.replace(`"${table}"`, `"${rebuilt}"`)} without rowid`).execute(db);
  await sql.raw(`insert into "${rebuilt}" select * from "${table}"`).execute(db);
  await sql.raw(`drop table "${table}"`).execute(db);
  await sql.raw(`alter table "${rebuilt}" rename to "${table}"`).execute(db);
  for (const o of objects.rows) if (o.type !== 'table') await sql.raw(o.sql).execute(db);
}
