import type { Kysely, RawBuilder, SqlBool } from 'kysely';

/** The two tables that hold message text; each has its own full-text index. */
export type SearchTable = 'messages' | 'group_messages';

/**
 * What differs between the engines' full-text search: the index (migration 008_search) and the
 * condition that uses it. Queries around it (readability, filters, paging) are written once.
 */
export interface SearchDialect {
  /** Creates the index over `content` of both tables (existing rows included) and whatever keeps it current. */
  migrate(db: Kysely<unknown>): Promise<void>;
  /** True when `<alias>.content` of `table` holds every one of `terms` (parsed: lower-case, non-empty). */
  matches(table: SearchTable, alias: string, terms: readonly string[]): RawBuilder<SqlBool>;
}

/** A LIKE pattern that finds `term` anywhere, with `\` as the escape character. */
export function containsPattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
