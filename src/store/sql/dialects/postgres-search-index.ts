import { sql, type Kysely } from 'kysely';
import { cjkChars, spliceCjkBigrams } from '../../search-terms.js';
import { createIndexState, SEARCH_PENDING_TABLE, SEARCH_STATE_TABLE, type DeferredIndex, type IndexRow, type SearchTable } from './search-dialect.js';

/** Migration 008's side table: (mid, vector) with a GIN index on vector. */
export const searchTable = (table: SearchTable) => `${table}_search`;

/**
 * A row's tsvector: its words, CJK runs as overlapping bigrams (a 2-character term is one lexeme, a longer
 * one a phrase of bigrams), then each CJK character once (1-character terms). Made here, not in SQL: one
 * definition for every engine (search-terms.ts), and PL/pgSQL has no cheap way to make bigrams.
 */
const VECTOR = `to_tsvector('simple'::regconfig, t.words) || to_tsvector('simple'::regconfig, t.chars)`;

/** Migration 014's keys of each side table: what readability and the filters test, copied from the row. */
const KEYS: Record<SearchTable, string> = { messages: 'sender, receiver, created_at', group_messages: 'gid, seq, sender, created_at' };

/** Takes the emptied rows out of the index when replacing; the rows with text are left to index. */
async function removeGone(db: Kysely<unknown>, table: SearchTable, rows: readonly IndexRow[], isReplacing: boolean): Promise<IndexRow[]> {
  if (isReplacing) {
    const gone = rows.filter((r) => r.content === '').map((r) => r.mid);
    if (gone.length > 0) await sql`delete from ${sql.table(searchTable(table))} where mid = any(${gone}::bigint[])`.execute(db);
  }
  return rows.filter((r) => r.content !== '');
}

/** 011's rebuild as it ran then, before 014 added the keys: (mid, vector) rows. */
const vectorsOnly: DeferredIndex['index'] = async (db, table, rows) => {
  const kept = rows.filter((r) => r.content !== '');
  if (kept.length === 0) return;
  await sql`insert into ${sql.table(searchTable(table))} (mid, vector)
    select t.mid, ${sql.raw(VECTOR)} from unnest(${kept.map((r) => r.mid)}::bigint[], ${kept.map((r) => spliceCjkBigrams(r.content))}::text[], ${kept.map((r) => cjkChars(r.content))}::text[]) as t(mid, words, chars)
    on conflict (mid) do update set vector = excluded.vector`.execute(db);
};

/**
 * 011_search_deferred on PostgreSQL: 008's trigger (a tsvector and a GIN insert inside every chat commit)
 * goes; a change of content or a delete removes the row from the side table in its own statement and
 * queues a changed row for the indexer, as does an insert below the indexer's mark. The side table is refilled with the new vectors.
 */
async function migrate(db: Kysely<unknown>): Promise<void> {
  for (const table of ['messages', 'group_messages'] as const) {
    const side = searchTable(table);
    await sql.raw(`drop trigger if exists ${side}_sync on ${table}`).execute(db);
    await sql.raw(`drop function if exists glide_index_${table}()`).execute(db);
    await sql.raw(`truncate ${side}`).execute(db);
  }
  await sql.raw('drop function if exists glide_search_text(text)').execute(db);
  await createIndexState(db, { ...postgresDeferredIndex, index: vectorsOnly });
  for (const table of ['messages', 'group_messages'] as const) {
    const side = searchTable(table);
    await sql
      .raw(
        `create function glide_unindex_${table}() returns trigger language plpgsql as $$
         begin
           delete from ${side} where mid = old.mid;
           if tg_op = 'UPDATE' and new.content <> '' then
             insert into ${SEARCH_PENDING_TABLE} (name, mid) values ('${table}', new.mid) on conflict do nothing;
           elsif tg_op = 'DELETE' then
             delete from ${SEARCH_PENDING_TABLE} where name = '${table}' and mid = old.mid;
           end if;
           return null;
         end $$`,
      )
      .execute(db);
    await sql.raw(`create trigger ${side}_unindex after delete or update of content on ${table} for each row execute function glide_unindex_${table}()`).execute(db);
    // Rows stored below the mark (an import, another node's older mid) are queued: one statement per insert.
    await sql
      .raw(
        `create function glide_queue_below_${table}() returns trigger language plpgsql as $$
         begin
           insert into ${SEARCH_PENDING_TABLE} (name, mid) select '${table}', n.mid from new_rows n
             where n.content <> '' and n.mid <= (select indexed_to from ${SEARCH_STATE_TABLE} where name = '${table}')
             on conflict do nothing;
           return null;
         end $$`,
      )
      .execute(db);
    await sql.raw(`create trigger ${side}_below after insert on ${table} referencing new table as new_rows for each statement execute function glide_queue_below_${table}()`).execute(db);
  }
}

/**
 * 014_search_speed: each side table is rebuilt with its keys (1:1: sender, receiver, created_at; groups: gid,
 * seq, sender, created_at) copied from the stored rows, and btree indexes that lead with a reader's key and
 * end with mid: a search's window reads the user's rows in the window (or the term's, by the GIN index,
 * whichever the planner finds fewer), never every match of a common term. A new table filled in one
 * statement, not an UPDATE of every row (which would rewrite each row and its GIN entries in place).
 */
export async function migrateKeys(db: Kysely<unknown>): Promise<void> {
  const types: Record<string, string> = { sender: 'integer', receiver: 'integer', gid: 'integer', seq: 'bigint', created_at: 'bigint' };
  const indexes: Record<SearchTable, string[]> = { messages: ['sender, mid', 'receiver, mid'], group_messages: ['gid, mid', 'sender, mid'] };
  await sql`set local maintenance_work_mem = '256MB'`.execute(db);
  for (const table of ['messages', 'group_messages'] as const) {
    const side = searchTable(table);
    const keys = KEYS[table].split(', ');
    await sql.raw(`create table ${side}_new (mid bigint primary key, vector tsvector not null, ${keys.map((k) => `${k} ${types[k]} not null`).join(', ')})`).execute(db);
    await sql.raw(`insert into ${side}_new select s.mid, s.vector, ${keys.map((k) => `m.${k}`).join(', ')} from ${side} s join ${table} m on m.mid = s.mid`).execute(db);
    await sql.raw(`drop table ${side}`).execute(db);
    await sql.raw(`alter table ${side}_new rename to ${side}`).execute(db);
    await sql.raw(`alter index ${side}_new_pkey rename to ${side}_pkey`).execute(db);
    await sql.raw(`create index ${side}_idx on ${side} using gin (vector)`).execute(db);
    for (const columns of indexes[table]) await sql.raw(`create index ${side}_${columns.split(', ')[0]}_idx on ${side} (${columns})`).execute(db);
    await sql.raw(`analyze ${side}`).execute(db);
  }
}

export const postgresDeferredIndex: DeferredIndex = {
  migrate,
  isLocking: true,
  hasLateRows: true,

  async index(db, table, rows: readonly IndexRow[], isReplacing) {
    const side = sql.table(searchTable(table));
    const kept = await removeGone(db, table, rows, isReplacing);
    if (kept.length === 0) return;
    // The keys are read from the stored row by its primary key (they never change after the insert).
    await sql`insert into ${side} (mid, vector, ${sql.raw(KEYS[table])})
      select t.mid, ${sql.raw(VECTOR)}, ${sql.raw(KEYS[table].split(', ').map((k) => `m.${k}`).join(', '))}
      from unnest(${kept.map((r) => r.mid)}::bigint[], ${kept.map((r) => spliceCjkBigrams(r.content))}::text[], ${kept.map((r) => cjkChars(r.content))}::text[]) as t(mid, words, chars)
      join ${sql.table(table)} m on m.mid = t.mid
      on conflict (mid) do update set vector = excluded.vector`.execute(db);
  },

  async indexed(db, table, mids) {
    const { rows } = await sql<{ mid: string | number }>`select mid from ${sql.table(searchTable(table))} where mid = any(${mids}::bigint[])`.execute(db);
    return new Set(rows.map((r) => Number(r.mid)));
  },
};
