import type { Kysely, RawBuilder, SqlBool } from 'kysely';

/** The two tables that hold message text; each has its own full-text index. */
export type SearchTable = 'messages' | 'group_messages';

/**
 * What differs between the engines' full-text search: the index (migration 008_search) and the two
 * ways a query uses it. The queries around them (readability, filters, paging) are written once.
 * `terms` are parsed (lower-case, non-empty, see search-terms.ts).
 */
export interface SearchDialect {
  /** Creates the index over `content` of both tables (existing rows included) and whatever keeps it current. */
  migrate(db: Kysely<unknown>): Promise<void>;
  /** True when `<alias>.content` holds every term: the test for rows that are already few (a user's readable ones). */
  contains(table: SearchTable, alias: string, terms: readonly string[]): RawBuilder<SqlBool>;
  /**
   * A subquery of one column, `mid`: the rows of `table` the index says may match (a superset when
   * `isMatchingExact` is false: `contains` is applied as well), which the engine can walk newest first and
   * stop early. Undefined when no term can use the index.
   */
  matching(table: SearchTable, terms: readonly string[]): RawBuilder<{ mid: number }> | undefined;
  /** Whether `matching` holds exactly the rows `contains` would accept (then it is not tested twice). */
  readonly isMatchingExact: boolean;
}

/** A LIKE pattern that finds `term` anywhere, with `\` as the escape character. */
export function containsPattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
