import { sql, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import { isCjkOnly } from '../../search-terms.js';
import { containsPattern, SEARCH_STATE_TABLE, type SearchDialect } from './search-dialect.js';
import { bigramTable, sqliteDeferredIndex, trigramTable } from './sqlite-search-index.js';

/** The trigram tokenizer indexes substrings of 3 characters; shorter terms cannot use it. */
const TRIGRAM = 3;

const ftsTable = trigramTable;

/** An FTS5 phrase: the term in double quotes (doubled inside), so no query syntax reaches MATCH. */
const phrase = (term: string) => `"${term.replace(/"/g, '""')}"`;

/** A term's distinct trigrams (by code point, as the tokenizer cuts them). */
function trigrams(term: string): string[] {
  const chars = [...term];
  return [...new Set(chars.slice(TRIGRAM - 1).map((_, i) => chars.slice(i, i + TRIGRAM).join('')))];
}

/**
 * 018_search_rows_only: each trigram table again, with `detail=none` (which rows hold a trigram, not where),
 * filled from the rows the indexer had indexed (its mark; the rows above it, and those queued, it indexes
 * itself). Positions cost each indexed message about 3.5 times the WAL bytes (281 → 80 per 64-byte message)
 * and ~1.5 µs of the indexer thread, and no search needs them: `matching` is a superset that `contains` tests.
 */
async function migrateRowsOnly(db: Kysely<unknown>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const table of ['messages', 'group_messages'] as const) {
      const fts = ftsTable(table);
      await sql.raw(`drop table ${fts}`).execute(trx);
      await sql.raw(`create virtual table ${fts} using fts5(content, content='', contentless_delete=1, tokenize='trigram', detail=none)`).execute(trx);
      await sql
        .raw(
          `insert into ${fts}(rowid, content) select mid, content from ${table}
             where content <> '' and mid <= (select indexed_to from ${SEARCH_STATE_TABLE} where name = '${table}')`,
        )
        .execute(trx);
    }
  });
}

/**
 * FTS5 with the trigram tokenizer (case-insensitive substrings; finds CJK, which has no spaces).
 * Contentless (the text stays only in the table) with contentless_delete, the rowid being the mid, and since
 * 018 without positions (detail=none).
 * Migration 008 kept it by triggers; since 011 the deferred indexer fills it and a second FTS5 table of
 * CJK bigrams (1- and 2-character CJK terms, which trigrams cannot hold), see sqlite-search-index.ts.
 * `contains` is LIKE (substrings, ASCII case folded): FTS5 has no per-row test.
 */
export const sqliteSearch: SearchDialect = {
  // Short terms are not in the trigram index, and a term's trigrams may stand apart in a row: LIKE checks
  // every term on the rows it gives.
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
    // Every trigram of each term of 3+ characters (the table has no positions for a phrase); else CJK terms
    // of 1-2 characters, one bigram-table token each.
    const long = terms.filter((t) => [...t].length >= TRIGRAM);
    const short = long.length > 0 ? [] : terms.filter(isCjkOnly);
    const [fts, tokens] = long.length > 0 ? [ftsTable(table), [...new Set(long.flatMap(trigrams))]] : [bigramTable(table), short];
    if (tokens.length === 0) return undefined;
    return sql<{ mid: number }>`select rowid as mid from ${sql.table(fts)} where ${sql.table(fts)} match ${tokens.map(phrase).join(' AND ')}`;
  },

  migrateRowsOnly,
};
