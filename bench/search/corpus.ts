/**
 * A deterministic chat corpus for the search bench: pseudo-words with a Zipf frequency (rank 1 is in
 * about half of all messages, like "the"), a fifth of the messages in Chinese made of two-character
 * words, 1:1 traffic skewed towards active users, and groups of 100 members.
 */

/** mulberry32: small, fast, reproducible. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Draws ranks 0..n-1 with probability ∝ 1/(rank+1)^s (inverse CDF over a table). */
export function zipf(n: number, s: number, rand: () => number): () => number {
  const cdf = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) cdf[i] = sum += 1 / (i + 1) ** s;
  return () => {
    const x = rand() * sum;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
// 400 common Han characters (a contiguous block of the CJK Unified Ideographs is as good as any for a bench).
const HAN = Array.from({ length: 400 }, (_, i) => String.fromCodePoint(0x4e00 + i * 7));

export interface Corpus {
  latin: string[];
  cjk: string[];
  /** A message's text. */
  text(): string;
}

export function corpus(seed: number): Corpus {
  const rand = random(seed);
  const words = new Set<string>();
  while (words.size < 5000) {
    const length = 3 + Math.floor(rand() * 7);
    words.add(Array.from({ length }, () => LETTERS[Math.floor(rand() * 26)]).join(''));
  }
  const cjkWords = new Set<string>();
  while (cjkWords.size < 2000) cjkWords.add(`${HAN[Math.floor(rand() * HAN.length)]}${HAN[Math.floor(rand() * HAN.length)]}`);
  const latin = [...words];
  const cjk = [...cjkWords];
  const latinRank = zipf(latin.length, 1, rand);
  const cjkRank = zipf(cjk.length, 1, rand);
  return {
    latin,
    cjk,
    text() {
      const count = 4 + Math.floor(rand() * 9);
      if (rand() < 0.2) return Array.from({ length: count }, () => cjk[cjkRank()]).join('');
      return Array.from({ length: count }, () => latin[latinRank()]).join(' ');
    },
  };
}
