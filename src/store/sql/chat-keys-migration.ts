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
  await rebuildTable(db, table, (definition) => (/without\s+rowid\s*$/i.test(definition) ? undefined : `${definition} without rowid`));
}

/** The `messages` key that dedups a sender's cliMid, as 001 made it and as 017 makes it (SQLite). */
const SENDER_FIRST_KEY = 'constraint "messages_cli_mid_uq" unique ("sender", "cli_mid")';
const CLI_MID_FIRST_KEY = 'constraint "messages_cli_mid_uq" unique ("cli_mid", "sender")';

/**
 * 017_cli_mid_key (SQLite only): the dedup key of `messages` is stored as (cli_mid, sender) instead of
 * (sender, cli_mid): the same uniqueness, and every reader looks it up by both columns. The client SDK's
 * cliMids start with the time (src/client/cli-mid.ts), so new keys now land at the tree's right edge, a few
 * pages shared by every sender, instead of one page per sender: a commit of N messages from N senders
 * dirtied N pages of this key (1.26 WAL frames per message at 1,000,000 rows), now a handful. A cliMid of
 * another shape costs what it did (a random page either way). PostgreSQL and MySQL keep their key.
 */
export function cliMidKeyMigration(d: SqlDialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      if (d.engine !== 'sqlite') return;
      await db.transaction().execute((trx) => rebuildTable(trx, 'messages', (definition) => (definition.includes(SENDER_FIRST_KEY) ? definition.replace(SENDER_FIRST_KEY, CLI_MID_FIRST_KEY) : undefined)));
    },
  };
}

/**
 * Rebuilds `table` from the definition `change` makes of its own (nothing when it returns undefined), with
 * the same rows, indexes and triggers. A key inside CREATE TABLE (an autoindex) can only change this way.
 */
async function rebuildTable(db: Kysely<unknown>, table: string, change: (definition: string) => string | undefined): Promise<void> {
  const objects = await sql<{ type: string; sql: string }>`select type, sql from sqlite_master where tbl_name = ${table} and sql is not null`.execute(db);
  const definition = objects.rows.find((o) => o.type === 'table')?.sql;
  const changed = definition === undefined ? undefined : change(definition);
  if (changed === undefined) return;
  const rebuilt = `${table}_rebuilt`;
  await sql.raw(changed.replace(`"${table}"`, `"${rebuilt}"`)).execute(db);
  await sql.raw(`insert into "${rebuilt}" select * from "${table}"`).execute(db);
  await sql.raw(`drop table "${table}"`).execute(db);
  await sql.raw(`alter table "${rebuilt}" rename to "${table}"`).execute(db);
  for (const o of objects.rows) if (o.type !== 'table') await sql.raw(o.sql).execute(db);
}
