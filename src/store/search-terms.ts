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

const CJK_RUN = new RegExp(`${CJK_CHAR.source}+`, 'gu');

/** One CJK run as overlapping bigrams (`我们明天` → `我们 们明 明天`); a run of one character stays itself. */
function runBigrams(run: string): string {
  const chars = [...run];
  if (chars.length === 1) return run;
  const out: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
  return out.join(' ');
}

/**
 * The CJK runs of `text` as overlapping bigrams, space-separated, other text dropped: a word index then
 * finds a 2-character CJK term as one token and a longer one as a phrase of bigrams. Empty without CJK.
 */
export function cjkBigrams(text: string): string {
  return Array.from(text.matchAll(CJK_RUN), ([run]) => runBigrams(run)).join(' ');
}

/** `text` with each CJK run replaced by its bigrams, spaced apart from the words around it. */
export function spliceCjkBigrams(text: string): string {
  return text.replace(CJK_RUN, (run) => ` ${runBigrams(run)} `);
}

/** Each CJK character of `text` once, space-separated: the index entries for 1-character terms. */
export function cjkChars(text: string): string {
  return [...new Set(text.match(new RegExp(CJK_CHAR.source, 'gu')) ?? [])].join(' ');
}

/** Whether a term is CJK only (no other letters or digits): the bigram index can serve it alone. */
export const isCjkOnly = (term: string): boolean => [...term].every((c) => CJK_CHAR.test(c));
