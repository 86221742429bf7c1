import { sql, type Kysely } from 'kysely';
import { cjkBigrams, cjkChars } from '../../search-terms.js';
import { createIndexState, SEARCH_PENDING_TABLE, SEARCH_STATE_TABLE, type DeferredIndex, type IndexRow, type SearchTable } from './search-dialect.js';

/** The trigram FTS5 table of migration 008 (Latin terms, CJK terms of 3+ characters). */
export const trigramTable = (table: SearchTable) => `${table}_fts`;
/** The FTS5 table of CJK bigrams and single characters (migration 011): 1- and 2-character CJK terms. */
export const bigramTable = (table: SearchTable) => `${table}_cjk`;

/** Rows per multi-row statement: two parameters each, far below SQLite's limit. */
const CHUNK = 500;

const chunks = <T>(items: readonly T[]): T[][] => Array.from({ length: Math.ceil(items.length / CHUNK) }, (_, i) => items.slice(i * CHUNK, (i + 1) * CHUNK));

async function insert(db: Kysely<unknown>, fts: string, rows: readonly { mid: number; text: string }[]): Promise<void> {
  for (const part of chunks(rows)) {
    const values = sql.join(part.map((r) => sql`(${r.mid}, ${r.text})`));
    await sql`insert into ${sql.table(fts)} (rowid, content) values ${values}`.execute(db);
  }
}

async function remove(db: Kysely<unknown>, fts: string, mids: readonly number[]): Promise<void> {
  for (const part of chunks(mids)) await sql`delete from ${sql.table(fts)} where rowid in (${sql.join(part)})`.execute(db);
}

/**
 * 011_search_deferred on SQLite: 008's triggers go (the insert one ran the trigram tokenizer inside every
 * chat commit); a change of content or a delete removes the row from both FTS5 tables in its own
 * statement and queues a changed row for the indexer, as does an insert below the indexer's mark. The trigram table is refilled with the bigram one.
 */
async function migrate(db: Kysely<unknown>): Promise<void> {
  for (const table of ['messages', 'group_messages'] as const) {
    const [tri, bi] = [trigramTable(table), bigramTable(table)];
    for (const suffix of ['insert', 'update', 'delete']) await sql.raw(`drop trigger if exists ${tri}_${suffix}`).execute(db);
    await sql.raw(`insert into ${tri}(${tri}) values ('delete-all')`).execute(db);
    await sql.raw(`create virtual table ${bi} using fts5(content, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 0')`).execute(db);
  }
  await createIndexState(db, sqliteDeferredIndex);
  for (const table of ['messages', 'group_messages'] as const) {
    const [tri, bi] = [trigramTable(table), bigramTable(table)];
    // A row stored below the mark (an import, another writer's older mid) is queued; the usual row costs
    // one lookup of the state row here, no index work.
    await sql
      .raw(
        `create trigger ${table}_search_insert after insert on ${table}
           when new.content <> '' and new.mid <= (select indexed_to from ${SEARCH_STATE_TABLE} where name = '${table}') begin
           insert or ignore into ${SEARCH_PENDING_TABLE} (name, mid) values ('${table}', new.mid); end`,
      )
      .execute(db);
    await sql
      .raw(
        `create trigger ${table}_search_update after update of content on ${table} begin
           delete from ${tri} where rowid = old.mid; delete from ${bi} where rowid = old.mid;
           insert or ignore into ${SEARCH_PENDING_TABLE} (name, mid) select '${table}', new.mid where new.content <> ''; end`,
      )
      .execute(db);
    await sql
      .raw(
        `create trigger ${table}_search_delete after delete on ${table} begin
           delete from ${tri} where rowid = old.mid; delete from ${bi} where rowid = old.mid;
           delete from ${SEARCH_PENDING_TABLE} where name = '${table}' and mid = old.mid; end`,
      )
      .execute(db);
  }
}

export const sqliteDeferredIndex: DeferredIndex = {
  migrate,
  isLocking: false,
  // One write at a time on the file: an insert either committed before a step (found above the mark, or
  // queued by the insert trigger if below it) or after it (the trigger sees the new mark). The late-row
  // scan cost ~8 µs of thread CPU per message for nothing (bench/micro/sqlite-chat-write.ts).
  hasLateRows: false,

  async index(db, table, rows: readonly IndexRow[], isReplacing) {
    if (isReplacing) {
      const mids = rows.map((r) => r.mid);
      await remove(db, trigramTable(table), mids);
      await remove(db, bigramTable(table), mids);
    }
    const kept = rows.filter((r) => r.content !== '');
    await insert(db, trigramTable(table), kept.map((r) => ({ mid: r.mid, text: r.content })));
    const cjk = kept.map((r) => ({ mid: r.mid, text: `${cjkBigrams(r.content)} ${cjkChars(r.content)}`.trim() })).filter((r) => r.text !== '');
    await insert(db, bigramTable(table), cjk);
  },

  async indexed(db, table, mids) {
    const found = new Set<number>();
    for (const part of chunks(mids)) {
      const { rows } = await sql<{ mid: number }>`select rowid as mid from ${sql.table(trigramTable(table))} where rowid in (${sql.join(part)})`.execute(db);
      for (const row of rows) found.add(Number(row.mid));
    }
    return found;
  },
};
