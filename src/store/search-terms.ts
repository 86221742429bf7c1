/** Longest query text accepted (characters). */
export const MAX_SEARCH_CHARS = 200;
/** Most terms in one query: each costs one index probe. */
export const MAX_SEARCH_TERMS = 8;

/** Han, kana, Hangul: scripts written without spaces, indexed per character (trigram, ngram, split). */
export const CJK_CHAR = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]/u;

/**
 * The terms of a query: whitespace-separated, lower-cased, without leading and trailing punctuation,
 * deduplicated, at most MAX_SEARCH_TERMS. Empty when nothing searchable is left (the caller refuses it).
 */
export function parseSearchTerms(text: string): string[] {
  const terms = new Set<string>();
  for (const word of text.normalize('NFC').toLowerCase().split(/\s+/u)) {
    const term = word.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
    if (term !== '') terms.add(term);
    if (terms.size === MAX_SEARCH_TERMS) break;
  }
  return [...terms];
}

/** Whether a term holds CJK characters (engines with word indexes match those as substrings). */
export const hasCjk = (term: string): boolean => CJK_CHAR.test(term);
