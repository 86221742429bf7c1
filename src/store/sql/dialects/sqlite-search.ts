import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { isCjkOnly } from '../../search-terms.js';
import { containsPattern, type SearchDialect } from './search-dialect.js';
import { bigramTable, sqliteDeferredIndex, trigramTable } from './sqlite-search-index.js';

/** The trigram tokenizer indexes substrings of 3 characters; shorter terms cannot use it. */
const TRIGRAM = 3;

const ftsTable = trigramTable;

/** An FTS5 phrase: the term in double quotes (doubled inside), so no query syntax reaches MATCH. */
const phrase = (term: string) => `"${term.replace(/"/g, '""')}"`;

/**
 * FTS5 with the trigram tokenizer (case-insensitive substrings; finds CJK, which has no spaces).
 * Contentless (the text stays only in the table) with contentless_delete, the rowid being the mid.
 * Migration 008 kept it by triggers; since 011 the deferred indexer fills it and a second FTS5 table of
 * CJK bigrams (1- and 2-character CJK terms, which trigrams cannot hold), see sqlite-search-index.ts.
 * `contains` is LIKE (substrings, ASCII case folded): FTS5 has no per-row test.
 */
export const sqliteSearch: SearchDialect = {
  // Short terms are not in the trigram index: LIKE checks every term on the rows it gives.
  isMatchingExact: false,
  deferred: sqliteDeferredIndex,

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
    // Trigrams when a term has 3+ characters; else CJK terms of 1-2 characters, one bigram-table token each.
    const long = terms.filter((t) => [...t].length >= TRIGRAM);
    const short = long.length > 0 ? [] : terms.filter(isCjkOnly);
    const [fts, indexed] = long.length > 0 ? [ftsTable(table), long] : [bigramTable(table), short];
    if (indexed.length === 0) return undefined;
    return sql<{ mid: number }>`select rowid as mid from ${sql.table(fts)} where ${sql.table(fts)} match ${indexed.map(phrase).join(' AND ')}`;
  },
};
