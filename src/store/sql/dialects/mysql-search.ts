import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { hasCjk } from '../../search-terms.js';
import { containsPattern, type SearchDialect, type SearchTable } from './search-dialect.js';

/** innodb_ft_min_token_size's default: shorter words are not in a FULLTEXT index. */
const MIN_TOKEN = 3;

const indexName = (table: SearchTable) => `${table}_search_idx`;

/**
 * InnoDB FULLTEXT with the built-in parser, no stopword list, over content made case-insensitive
 * (utf8mb4_unicode_ci on this one column; nothing compares content for equality). MariaDB has no ngram
 * parser (MySQL's), so CJK terms and words shorter than the index's minimum are matched with LIKE,
 * within the rows the other conditions leave. MySQL's optimizer picks the FULLTEXT index by itself,
 * so there is no separate `matching` source.
 */
export const mysqlSearch: SearchDialect = {
  async migrate(db) {
    await sql`set session innodb_ft_enable_stopword = 0`.execute(db);
    for (const table of ['messages', 'group_messages'] as const) {
      await sql`alter table ${sql.table(table)} modify content mediumtext character set utf8mb4 collate utf8mb4_unicode_ci not null`.execute(db);
      await sql`create fulltext index ${sql.raw(indexName(table))} on ${sql.table(table)} (content)`.execute(db);
    }
  },

  contains(_table, alias, terms): RawBuilder<SqlBool> {
    const content = sql.ref(`${alias}.content`);
    const isWord = (t: string) => !hasCjk(t) && [...t].length >= MIN_TOKEN;
    const words = terms.filter(isWord);
    const conditions: RawBuilder<SqlBool>[] = terms.filter((t) => !isWord(t)).map((t) => sql<SqlBool>`${content} like ${containsPattern(t)}`);
    if (words.length > 0) {
      // Each word a required phrase: no boolean-mode operator of the user's reaches the parser.
      const query = words.map((w) => `+"${w.replace(/"/g, ' ')}"`).join(' ');
      conditions.unshift(sql<SqlBool>`match(${content}) against (${query} in boolean mode)`);
    }
    return sql<SqlBool>`(${sql.join(conditions, sql` and `)})`;
  },

  matching: () => undefined,
  isMatchingExact: false,
};
