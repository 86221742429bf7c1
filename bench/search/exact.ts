/**
 * Exactness check for search changes (issue 20): 150 fixed searches (ten kinds with sender, date, group and
 * peer filters, heavy and light users), two pages each, on a database the search bench seeded with --keep.
 * Prints one line per search (kind, uid, the mids of both pages); run it with the code before and after a
 * change and `diff` the outputs. Usage:
 *   node --import tsx bench/search/exact.ts --url postgres://postgres@127.0.0.1:5432/glide_bench_search_1000000 > out.txt
 */
import { parseArgs } from 'node:util';
import { silentLogger } from '../../src/log/index.js';
import { createStore, parseSearchTerms, type SearchQuery } from '../../src/store/index.js';
import { corpus, random } from './corpus.js';
import { FIRST_GID, T0 } from './seed.js';

const { values } = parseArgs({ options: { url: { type: 'string' }, messages: { type: 'string', default: '1000000' } } });
if (values.url === undefined) throw new Error('--url is required');
const messages = Number(values.messages);
/** The bench's shape (main.ts): 2,000 users, 100 groups, messages 10 ms apart from T0. */
const USERS = 2000;
const GROUPS = 100;
const PER_KIND = 15;

const rand = random(150);
const { latin, cjk } = corpus(20);
const pick = (list: string[], from: number, to: number) => list[from + Math.floor(rand() * (to - from))]!;
/** Half the searchers are the heaviest users (the Zipf head reads the most rows), half drawn evenly. */
const user = (i: number) => (i % 2 === 0 ? 1 + (i % 10) : 1 + Math.floor(rand() * USERS));
const tenth = (k: number) => T0 + messages * k; // createdAt k tenths into the corpus

const kinds: { name: string; query(): string; filters?(uid: number): Partial<SearchQuery> }[] = [
  { name: 'latin-common', query: () => pick(latin, 0, 10) },
  { name: 'latin-medium', query: () => pick(latin, 100, 500) },
  { name: 'latin-two', query: () => `${pick(latin, 0, 50)} ${pick(latin, 50, 500)}` },
  { name: 'cjk-2-common', query: () => pick(cjk, 0, 10) },
  { name: 'cjk-1', query: () => [...pick(cjk, 0, 200)][0]! },
  { name: 'from-self', query: () => pick(latin, 0, 10), filters: (uid) => ({ from: uid }) },
  { name: 'from-other', query: () => pick(latin, 0, 50), filters: () => ({ from: 1 + Math.floor(rand() * 20) }) },
  { name: 'after-last-tenth', query: () => pick(cjk, 0, 10), filters: () => ({ after: tenth(9) }) },
  { name: 'between-dates', query: () => pick(latin, 0, 100), filters: () => ({ after: tenth(2), before: tenth(5) }) },
  { name: 'one-group-or-peer', query: () => pick(latin, 0, 200), filters: (uid) => (rand() < 0.5 ? { gid: FIRST_GID + Math.floor(rand() * GROUPS) } : { peer: 1 + ((uid + Math.floor(rand() * 20)) % USERS) }) },
];

const store = await createStore({ url: values.url, dataDir: 'bench/out', log: silentLogger(), sqliteSync: 'normal', poolSize: 4 });
try {
  let total = [0, 0];
  for (const kind of kinds) {
    for (let i = 0; i < PER_KIND; i++) {
      const uid = user(i);
      const text = kind.query();
      const q: SearchQuery = { uid, terms: parseSearchTerms(text), limit: 20, ...kind.filters?.(uid) };
      const first = await store.search.search(q);
      const second = first.nextBeforeMid === undefined ? { hits: [] } : await store.search.search({ ...q, beforeMid: first.nextBeforeMid });
      total = [total[0]! + first.hits.length, total[1]! + second.hits.length];
      const mids = (page: typeof first) => page.hits.map((h) => `${h.kind[0]}${h.message.mid}`).join(',');
      const { terms: _, limit: __, ...filters } = q;
      console.log(`${kind.name} ${text} ${JSON.stringify(filters)} | ${mids(first)} | ${mids(second)}`);
    }
  }
  process.stderr.write(`${kinds.length * PER_KIND} searches, hits ${total[0]} + ${total[1]}\n`);
} finally {
  await store.close();
}
