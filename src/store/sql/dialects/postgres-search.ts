import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { SearchDialect, SearchTable } from './search-dialect.js';

/**
 * CJK characters spaced apart before the 'simple' parser sees them, so each is a lexeme with its
 * position and a CJK term becomes a phrase of characters (`世 <-> 界`): substrings are found without
 * an extension. Latin words are lexemes as usual (lower-cased, no stemming: language-neutral).
 */
const SPACE_CJK = `create or replace function glide_search_text(text) returns text language sql immutable parallel safe
  as $$ select regexp_replace($1, '([\\u3040-\\u30ff\\u3400-\\u4dbf\\u4e00-\\u9fff\\uac00-\\ud7af\\uf900-\\ufaff])', ' \\1 ', 'g') $$`;

/** The indexed expression; a query must spell it the same way for the planner to use the index. */
const vector = (alias: string) => sql`to_tsvector('simple'::regconfig, glide_search_text(${sql.ref(`${alias}.content`)}))`;

const indexName = (table: SearchTable) => `${table}_search_idx`;

/** tsvector expression index (GIN) per table; PostgreSQL keeps it current on every write of content. */
export const postgresSearch: SearchDialect = {
  async migrate(db) {
    await sql.raw(SPACE_CJK).execute(db);
    for (const table of ['messages', 'group_messages'] as const) {
      await sql`create index ${sql.raw(indexName(table))} on ${sql.table(table)} using gin (${vector(table)})`.execute(db);
    }
  },

  matches(_table, alias, terms): RawBuilder<SqlBool> {
    const query = sql.join(
      terms.map((t) => sql`phraseto_tsquery('simple'::regconfig, glide_search_text(${t}))`),
      sql` && `,
    );
    return sql<SqlBool>`${vector(alias)} @@ (${query})`;
  },
};
