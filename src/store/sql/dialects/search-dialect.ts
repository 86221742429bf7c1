import { sql, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import type { SearchQuery } from '../../search-store.js';

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
  /**
   * An index that gives its matches in a range of mids (PostgreSQL): a search of a user who can read many
   * rows reads the matches of growing windows, newest first, and keeps the readable ones (sql-search-store.ts).
   */
  readonly newest?: NewestMatches;
  /**
   * Migration 011_search_deferred: the index is no longer written by the chat commit but by the
   * SearchIndexer (search-indexer.ts). Absent when the engine keeps its index itself (MySQL's FULLTEXT).
   */
  readonly deferred?: DeferredIndex;
  /**
   * Migration 014_search_speed: the index's rows carry the keys readability and the filters test (PostgreSQL's
   * side tables), so a window's matches are narrowed inside the index. Absent where the index has no such rows.
   */
  migrateKeys?(db: Kysely<unknown>): Promise<void>;
  /**
   * Migration 018_search_rows_only: the index keeps which rows hold a term, not where in them (SQLite's trigram
   * table: `matching` then asks for each of a term's trigrams, a superset). Absent where nothing changes.
   */
  migrateRowsOnly?(db: Kysely<unknown>): Promise<void>;
}

export interface NewestMatches {
  /**
   * Mids of `table` in [`from`, `below`) whose text holds every `q.terms`, newest first, that `q.uid` may read and
   * `q`'s filters pass as far as the index's keys tell: a superset of the rows the store's own test keeps
   * (status, type and the rest are tested on the rows), never fewer. Without `isTermLed`, the text is tested on
   * the user's rows in the window only, never through the term's index (whose cost is all the term's matches).
   */
  window(table: SearchTable, q: SearchQuery, from: number, below: number, isTermLed: boolean): RawBuilder<{ mid: number | string }>;
  /** About how many rows the index of `table` holds (statistics, no count) and its lowest and highest mid. */
  extent(table: SearchTable): RawBuilder<{ rows: number | string; first: number | string | null; last: number | string | null }>;
}

/** A stored row's text as the indexer reads it. */
export interface IndexRow {
  mid: number;
  content: string;
}

/**
 * What the deferred indexer needs from an engine. Content changes of indexed rows (recall's erase, an edit)
 * and deletes take the row out of the index at once (a trigger, in that statement's transaction) and queue
 * it in `search_pending` for the indexer to index its new text.
 */
export interface DeferredIndex {
  /** Creates `search_index_state`, `search_pending`, the triggers, and rebuilds the index over existing rows. */
  migrate(db: Kysely<unknown>): Promise<void>;
  /**
   * Indexes `rows` in the caller's transaction. With `isReplacing`, entries they may have are removed first
   * (empty content then only removes); without, they are new to the index (the common, cheaper case).
   */
  index(db: Kysely<unknown>, table: SearchTable, rows: readonly IndexRow[], isReplacing: boolean): Promise<void>;
  /** Of `mids`, those that have an entry in the index. */
  indexed(db: Kysely<unknown>, table: SearchTable, mids: readonly number[]): Promise<Set<number>>;
  /** Whether the state row is read FOR UPDATE and rows FOR SHARE (several nodes index one database; an edit waits). */
  readonly isLocking: boolean;
  /**
   * Whether a row can commit after the mark passed its mid without its insert queueing it (several
   * writers in flight at once: PostgreSQL). Only then does the indexer look for late rows.
   */
  readonly hasLateRows: boolean;
}

/** The indexer's bookkeeping, created by 011_search_deferred on every engine that has a DeferredIndex. */
export const SEARCH_STATE_TABLE = 'search_index_state';
export const SEARCH_PENDING_TABLE = 'search_pending';

const REBUILD_BATCH = 2000;

/**
 * The two bookkeeping tables (engine-neutral column types), then every existing row indexed anew (the
 * caller emptied the index) and each table's state row at its last mid.
 */
export async function createIndexState(db: Kysely<unknown>, index: DeferredIndex): Promise<void> {
  await db.schema
    .createTable(SEARCH_STATE_TABLE)
    .addColumn('name', 'varchar(32)', (c) => c.primaryKey())
    // Rows with mid <= indexed_to were indexed in mid order; those in (checked_to, indexed_to] are looked
    // for once more when they are old enough (a row committed after a higher mid: several writers).
    .addColumn('indexed_to', 'bigint', (c) => c.notNull())
    .addColumn('checked_to', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable(SEARCH_PENDING_TABLE)
    .addColumn('name', 'varchar(32)', (c) => c.notNull())
    .addColumn('mid', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('search_pending_pk', ['name', 'mid'])
    .execute();
  for (const name of ['messages', 'group_messages'] as const) {
    let cursor = 0;
    for (;;) {
      const { rows } = await sql<IndexRow>`select mid, content from ${sql.table(name)} where mid > ${cursor} order by mid limit ${REBUILD_BATCH}`.execute(db);
      if (rows.length === 0) break;
      const batch = rows.map((r) => ({ mid: Number(r.mid), content: r.content }));
      await index.index(db, name, batch.filter((r) => r.content !== ''), false);
      cursor = batch[batch.length - 1]!.mid;
    }
    await sql`insert into ${sql.table(SEARCH_STATE_TABLE)} (name, indexed_to, checked_to) values (${name}, ${cursor}, ${cursor})`.execute(db);
  }
}

/** A LIKE pattern that finds `term` anywhere, with `\` as the escape character. */
export function containsPattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
