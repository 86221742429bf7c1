import { GlideError } from '../core/index.js';
import { parseSearchTerms, type SearchPage, type SearchQuery, type SearchStore } from '../store/index.js';

export { MAX_SEARCH_CHARS } from '../store/index.js';
export type { SearchHit, SearchPage } from '../store/index.js';

/** What a search names besides its text: the filters of `SearchQuery`. */
export type SearchFilters = Omit<SearchQuery, 'uid' | 'terms'>;

/** Full-text search over what a user can read; the store decides what is readable. */
export class MessageSearch {
  constructor(private readonly store: SearchStore) {}

  /** The terms of a query's text; API_BAD_REQUEST when it has nothing to search for (no letters or digits). */
  termsOf(text: string): readonly string[] {
    const terms = parseSearchTerms(text);
    if (terms.length === 0) throw new GlideError('API_BAD_REQUEST', 'Query has no letters or digits to search for');
    return terms;
  }

  search(uid: number, terms: readonly string[], filters: SearchFilters): Promise<SearchPage> {
    return this.store.search({ uid, terms, ...filters });
  }
}
