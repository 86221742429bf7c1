import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { spliceCjkBigrams } from '../../search-terms.js';
import type { SearchQuery } from '../../search-store.js';
import { migrateKeys, postgresDeferredIndex, searchTable } from './postgres-search-index.js';
import type { SearchDialect, SearchTable } from './search-dialect.js';

/**
 * CJK characters spaced apart before the 'simple' parser sees them, so each is a lexeme with its
 * position and a CJK term becomes a phrase of characters (`世 <-> 界`): substrings are found without
 * an extension. Latin words are lexemes as usual (lower-cased, no stemming: language-neutral).
 */
const SPACE_CJK = `create or replace function glide_search_text(text) returns text language sql immutable parallel safe
  as $$ select regexp_replace($1, '([\\u3040-\\u30ff\\u3400-\\u4dbf\\u4e00-\\u9fff\\uac00-\\ud7af\\uf900-\\ufaff])', ' \\1 ', 'g') $$`;

/**
 * Migration 008: each table's tsvectors in a side table (mid, vector) with a GIN index, kept by a trigger
 * (replaced by the deferred indexer in 011): reads of messages never carry the vector, and a per-row test
 * is a key lookup, not a re-parse of the text.
 */
function indexStatements(table: SearchTable): string[] {
  const side = searchTable(table);
  const fn = `glide_index_${table}`;
  const vector = (text: string) => `to_tsvector('simple'::regconfig, glide_search_text(${text}))`;
  return [
    `create table ${side} (mid bigint primary key, vector tsvector not null)`,
    `insert into ${side} (mid, vector) select mid, ${vector('content')} from ${table} where content <> ''`,
    `create index ${side}_idx on ${side} using gin (vector)`,
    `create function ${fn}() returns trigger language plpgsql as $$
     begin
       if tg_op <> 'INSERT' then delete from ${side} where mid = old.mid; end if;
       if tg_op <> 'DELETE' and new.content <> '' then
         insert into ${side} (mid, vector) values (new.mid, ${vector('new.content')});
       end if;
       return null;
     end $$`,
    `create trigger ${side}_sync after insert or delete or update of content on ${table} for each row execute function ${fn}()`,
  ];
}

/**
 * Each term as the deferred index's vectors spell it (postgres-search-index.ts): a CJK character alone, CJK
 * runs as bigrams; phraseto_tsquery parses it as text, so no query syntax of the user's reaches it.
 */
const tsquery = (terms: readonly string[]) =>
  sql`(${sql.join(
    terms.map((t) => sql`phraseto_tsquery('simple'::regconfig, ${[...t].length === 1 ? t : spliceCjkBigrams(t)})`),
    sql` && `,
  )})`;

/** A 1:1 row's readability by its keys: the user sent or received it (in the conversation with `peer`). */
const chatKeys = (q: SearchQuery) => ({
  join: sql``,
  where:
    q.peer === undefined
      ? sql`(s.sender = ${q.uid} or s.receiver = ${q.uid})`
      : sql`((s.sender = ${q.uid} and s.receiver = ${q.peer}) or (s.sender = ${q.peer} and s.receiver = ${q.uid}))`,
});

/**
 * A group row's readability by its keys: a member's group, after the join point unless history is shown. The
 * user's gids also as an array: the planner then reads the window's rows of those groups by (gid, mid) in one
 * bitmap; with the join alone it walked each group's rows by index in mid order (15× slower, measured).
 */
const groupKeys = (q: SearchQuery) => ({
  join: sql`join group_members mb on mb.gid = s.gid and mb.uid = ${q.uid} join chat_groups g on g.gid = s.gid`,
  where: sql`s.gid = any(array(select gid from group_members where uid = ${q.uid})) and (g.allow_history = 1 or s.seq > mb.joined_seq)
    and s.sender <> 0 and ${q.gid === undefined ? sql`true` : sql`s.gid = ${q.gid}`}`,
});

export const postgresSearch: SearchDialect = {
  isMatchingExact: true,
  deferred: postgresDeferredIndex,
  migrateKeys,
  async migrate(db) {
    await sql.raw(SPACE_CJK).execute(db);
    for (const table of ['messages', 'group_messages'] as const) for (const statement of indexStatements(table)) await sql.raw(statement).execute(db);
  },

  // A per-row test by key, written as a scalar subquery so the planner cannot turn it into a join from the
  // GIN index (it did, misjudging phrase queries at one row, and rescanned the inbox per match: issue 20).
  contains(table, alias, terms): RawBuilder<SqlBool> {
    const side = sql.table(searchTable(table));
    return sql<SqlBool>`coalesce((select s.vector @@ ${tsquery(terms)} from ${side} s where s.mid = ${sql.ref(`${alias}.mid`)}), false)`;
  },

  // No join source: many readable rows are searched through `newest` instead, page by page.
  matching: () => undefined,

  newest: {
    // The side table alone (014's keys), no join to the stored rows: the planner reads the window's rows of the
    // user (or sender) by the btree indexes and, when term-led, may AND them with the term's GIN bitmap. Otherwise
    // the match is written so that the GIN index cannot serve it (coalesce): the planner took the GIN bitmap of a
    // common term (most of the table, rebuilt per window) to narrow a few hundred rows of one user.
    window: (table, q, from, below, isTermLed) => {
      const side = sql.table(searchTable(table));
      const keys = table === 'messages' ? chatKeys(q) : groupKeys(q);
      const dates = [q.after === undefined ? sql`true` : sql`s.created_at > ${q.after}`, q.before === undefined ? sql`true` : sql`s.created_at < ${q.before}`];
      return sql<{ mid: number | string }>`select s.mid from ${side} s ${keys.join}
        where ${isTermLed ? sql`s.vector @@ ${tsquery(q.terms)}` : sql`coalesce(s.vector @@ ${tsquery(q.terms)}, false)`} and s.mid >= ${from} and s.mid < ${below} and ${keys.where}
          and ${q.from === undefined ? sql`true` : sql`s.sender = ${q.from}`} and ${sql.join(dates, sql` and `)}
        order by s.mid desc`;
    },
    extent: (table) => {
      const side = sql.table(searchTable(table));
      return sql<{ rows: number | string; first: number | string | null; last: number | string | null }>`select
        (select greatest(reltuples, 0)::bigint from pg_class where oid = ${searchTable(table)}::regclass) as rows,
        (select min(mid) from ${side}) as first, (select max(mid) from ${side}) as last`;
    },
  },
};
