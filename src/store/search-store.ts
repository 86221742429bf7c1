import type { ChatMessage } from './message-store.js';
import type { GroupMessage } from './group-message-store.js';

/**
 * One search: messages `uid` can read whose text holds every term, newest first. Terms come from
 * `parseSearchTerms` (the route validates the raw text); filters narrow, they never widen what is readable.
 */
export interface SearchQuery {
  uid: number;
  terms: readonly string[];
  /** Only the 1:1 conversation with this user (groups excluded). */
  peer?: number;
  /** Only this group (1:1 conversations excluded); the caller still has to be a member. */
  gid?: number;
  /** Only messages sent by this user. */
  from?: number;
  /** createdAt bounds (ms): after < createdAt < before. */
  after?: number;
  before?: number;
  /** Paging: only messages with mid < `beforeMid` (the `nextBeforeMid` of the previous page). */
  beforeMid?: number;
  limit: number;
}

export type SearchHit = { kind: 'chat'; message: ChatMessage } | { kind: 'group'; message: GroupMessage };

export interface SearchPage {
  /** Newest first (mid descending: mids grow with time on every node). */
  hits: SearchHit[];
  /** Pass as `beforeMid` for the next page; absent on the last page. */
  nextBeforeMid?: number;
}

/**
 * Full-text search over stored message text, one interface on every engine. The index follows the
 * `content` column (a deferred indexer on SQLite and PostgreSQL, brought up to date before each search;
 * InnoDB on MySQL): any write of `content` (append, recall's erase, a later edit) is reflected by the next
 * search, with no extra call.
 *
 * Readable means: a 1:1 message the user sent or received; a group message (not a server notification)
 * of a group the user is a member of, with seq after the join unless the group shows history to new
 * members. Recalled messages never match. Matching is case-insensitive; a message matches when each term
 * occurs in it (CJK terms as substrings; Latin terms as words on PostgreSQL and MySQL, as substrings on
 * SQLite). Read-only; errors are the store's (STORE_UNAVAILABLE, STORE_CLOSED, STORE_INTERNAL).
 */
export interface SearchStore {
  search(query: SearchQuery): Promise<SearchPage>;
}

/**
 * The full-text index's upkeep. On SQLite and PostgreSQL the index is written off the chat commit by a
 * deferred indexer (migration 011_search_deferred); on MySQL InnoDB keeps FULLTEXT in the commit and these
 * do nothing.
 */
export interface SearchIndexUpkeep {
  /** Brings the index up to the rows stored so far; a search calls it first. */
  flush(): Promise<void>;
  /**
   * Queues rows whose searchable text changed for indexing anew. A change of `content` does this by itself
   * (a trigger, which also takes the old text out of the index at once); call it for any other change.
   */
  changed(table: 'messages' | 'group_messages', mids: readonly number[]): Promise<void>;
  close(): Promise<void>;
}
