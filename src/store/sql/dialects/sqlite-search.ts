import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { containsPattern, type SearchDialect, type SearchTable } from './search-dialect.js';

/** The trigram tokenizer indexes substrings of 3 characters; shorter terms cannot use it. */
const TRIGRAM = 3;

const ftsTable = (table: SearchTable) => `${table}_fts`;

/** An FTS5 phrase: the term in double quotes (doubled inside), so no query syntax reaches MATCH. */
const phrase = (term: string) => `"${term.replace(/"/g, '""')}"`;

/**
 * FTS5 with the trigram tokenizer (case-insensitive substrings; finds CJK, which has no spaces).
 * Contentless (the text stays only in the table) with contentless_delete, the rowid being the mid.
 * Triggers keep it current, so every writer (the prepared chat batch included) indexes without a change:
 * an insert indexes, a change of content (recall's erase, an edit) re-indexes, a delete removes.
 * `contains` is LIKE (substrings, ASCII case folded): FTS5 has no per-row test.
 */
export const sqliteSearch: SearchDialect = {
  // Short terms are not in the trigram index: LIKE checks every term on the rows it gives.
  isMatchingExact: false,

  async migrate(db) {
    for (const table of ['messages', 'group_messages'] as const) {
      const fts = ftsTable(table);
      const statements = [
        `create virtual table ${fts} using fts5(content, content='', contentless_delete=1, tokenize='trigram')`,
        `insert into ${fts}(rowid, content) select mid, content from ${table} where content <> ''`,
        `create trigger ${fts}_insert after insert on ${table} when new.content <> '' begin
           insert into ${fts}(rowid, content) values (new.mid, new.content); end`,
        `create trigger ${fts}_update after update of content on ${table} begin
           delete from ${fts} where rowid = old.mid;
           insert into ${fts}(rowid, content) select new.mid, new.content where new.content <> ''; end`,
        `create trigger ${fts}_delete after delete on ${table} begin delete from ${fts} where rowid = old.mid; end`,
      ];
      for (const statement of statements) await sql.raw(statement).execute(db);
    }
  },

  contains(_table, alias, terms): RawBuilder<SqlBool> {
    const content = sql.ref(`${alias}.content`);
    return sql<SqlBool>`(${sql.join(
      terms.map((t) => sql`${content} like ${containsPattern(t)} escape '\\'`),
      sql` and `,
    )})`;
  },

  matching(table, terms) {
    const indexed = terms.filter((t) => [...t].length >= TRIGRAM);
    if (indexed.length === 0) return undefined;
    const fts = sql.table(ftsTable(table));
    return sql<{ mid: number }>`select rowid as mid from ${fts} where ${fts} match ${indexed.map(phrase).join(' AND ')}`;
  },
};
