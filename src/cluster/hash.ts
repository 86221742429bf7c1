/**
 * 32-bit hashes for the ring. They must give the same answer in every process and version (every
 * node computes owners on its own), so they are written out here rather than taken from a library.
 */

/** murmur3's finaliser: every input bit flips about half the output bits. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** FNV-1a over UTF-16 code units (the ASCII keys we use hash as their bytes would). */
export function fnv1a32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const HI_SEED = 0x9e3779b9;

/**
 * The ring position of a key. Strings: FNV-1a, then fmix32 because plain FNV-1a spreads keys that
 * differ only in their last characters poorly. Integers (uids, gids up to 2^53): both 32-bit halves
 * mixed without allocating a string, one-to-one for ids below 2^32.
 */
export function hashKey(key: string | number): number {
  if (typeof key === 'string') return fmix32(fnv1a32(key));
  if (!Number.isSafeInteger(key) || key < 0) throw new Error(`ring keys are non-negative safe integers or strings, got ${key}`);
  const lo = key >>> 0;
  const hi = Math.floor(key / 0x1_0000_0000);
  return fmix32(lo ^ fmix32(hi ^ HI_SEED));
}
