/**
 * Search latency on a large store (issue 20): seeds N messages by direct bulk inserts (the text index
 * written by the deferred indexer as in production: the first search catches up and is timed apart), then times SearchStore.search
 * for a mix of queries by random users (Latin words common to rare, Chinese words, two-term queries,
 * terms that match nothing). Usage:
 *   npm run bench:search -- --engine sqlite|postgres [--messages 1000000] [--queries 100] [--keep] [--scan-max N]
 * --keep leaves the seeded database (bench/out/search-<N>.db, or database glide_bench_search_<N>) and a
 * later run with --keep reuses it instead of seeding again.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { silentLogger } from '../../src/log/index.js';
import { createStore, parseSearchTerms, type SearchQuery, type Store } from '../../src/store/index.js';
import { corpus, random } from './corpus.js';
import { FIRST_GID, seed, T0, type SeedShape } from './seed.js';

const { values } = parseArgs({
  options: {
    engine: { type: 'string', default: 'sqlite' },
    messages: { type: 'string', default: '1000000' },
    queries: { type: 'string', default: '100' },
    pg: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/test' },
    keep: { type: 'boolean', default: false },
    // The store's searchScanMaxRows (default SEARCH_SCAN_MAX_ROWS), to compare plans on one database.
    'scan-max': { type: 'string' },
  },
});
const messages = Number(values.messages);
const shape: SeedShape = { messages, users: 2000, groups: 100, groupSize: 100, groupShare: 0.3, seed: 20 };
/** createdAt of the first message of the last tenth (the seed spaces messages 10 ms apart). */
const T_LAST_TENTH = T0 + messages * 9;

async function prepare(): Promise<{ url: string; isFresh: boolean; drop: () => Promise<void> }> {
  if (values.engine === 'sqlite') {
    mkdirSync('bench/out', { recursive: true });
    const file = join('bench/out', `search-${messages}.db`);
    const isFresh = !(values.keep && existsSync(file));
    const { rmSync } = await import('node:fs');
    if (isFresh) for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
    return { url: `sqlite:${file}`, isFresh, drop: async () => (values.keep ? undefined : rmSync(file, { force: true })) };
  }
  const name = `glide_bench_search_${messages}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: values.pg });
    await client.connect();
    try {
      return await client.query(statement);
    } finally {
      await client.end();
    }
  };
  const exists = (await admin(`select 1 from pg_database where datname = '${name}'`)).rowCount === 1;
  const isFresh = !(values.keep && exists);
  if (isFresh) {
    await admin(`drop database if exists ${name} with (force)`);
    await admin(`create database ${name}`);
  }
  const url = new URL(values.pg);
  url.pathname = `/${name}`;
  return { url: url.toString(), isFresh, drop: async () => (values.keep ? undefined : void (await admin(`drop database if exists ${name} with (force)`))) };
}

interface Kind {
  name: string;
  query(): string;
  /** Filters besides the text (the searcher's uid given). */
  filters?(uid: number): Partial<SearchQuery>;
}

function kinds(rand: () => number): Kind[] {
  const { latin, cjk } = corpus(shape.seed);
  const pick = (list: string[], from: number, to: number) => list[from + Math.floor(rand() * (to - from))]!;
  return [
    { name: 'Latin, common (in 5-60 % of messages)', query: () => pick(latin, 0, 10) },
    { name: 'Latin, medium (0.1-0.5 %)', query: () => pick(latin, 100, 500) },
    { name: 'Latin, rare (<0.03 %)', query: () => pick(latin, 3000, 5000) },
    { name: 'Latin, two terms', query: () => `${pick(latin, 0, 50)} ${pick(latin, 50, 500)}` },
    { name: 'Latin, no match', query: () => `${pick(latin, 0, 100)}qx` },
    { name: 'Chinese 2 chars, common', query: () => pick(cjk, 0, 10) },
    { name: 'Chinese 2 chars, rare', query: () => pick(cjk, 1000, 2000) },
    { name: 'Chinese 4 chars', query: () => `${pick(cjk, 0, 50)}${pick(cjk, 0, 50)}` },
    { name: 'Chinese 1 char', query: () => [...pick(cjk, 0, 200)][0]! },
    { name: 'Latin common, from = the searcher', query: () => pick(latin, 0, 10), filters: (uid) => ({ from: uid }) },
    { name: 'Chinese 2 chars common, last 10 % of dates', query: () => pick(cjk, 0, 10), filters: () => ({ after: T_LAST_TENTH }) },
    { name: 'Latin medium, in one group', query: () => pick(latin, 100, 500), filters: () => ({ gid: FIRST_GID + Math.floor(rand() * shape.groups) }) },
  ];
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0;
const ms = (value: number) => value.toFixed(value < 10 ? 2 : 1);

async function searchers(store: Store): Promise<number[]> {
  // Every user that can read something: all seeded uids are in the inbox or a group.
  void store;
  return Array.from({ length: shape.users }, (_, i) => i + 1);
}

async function main(): Promise<void> {
  const target = await prepare();
  const log = silentLogger();
  const started = performance.now();
  const searchScanMaxRows = values['scan-max'] === undefined ? undefined : Number(values['scan-max']);
  let store = await createStore({ url: target.url, dataDir: 'bench/out', log, sqliteSync: 'normal', poolSize: 4, searchScanMaxRows });
  if (target.isFresh) {
    await store.close();
    await seed(target.url, shape, (done) => process.stderr.write(`\rseeded ${done} / ${messages} (${((performance.now() - started) / 1000).toFixed(0)} s)`));
    process.stderr.write('\n');
    store = await createStore({ url: target.url, dataDir: 'bench/out', log, sqliteSync: 'normal', poolSize: 4, searchScanMaxRows });
  }
  const seedSeconds = (performance.now() - started) / 1000;
  // The first search brings the deferred index up to date: after a fresh seed, every row (011_search_deferred).
  const indexStart = performance.now();
  const indexCpu = process.cpuUsage();
  await store.search.search({ uid: 1, terms: ['x'], limit: 1 });
  const indexUsed = process.cpuUsage(indexCpu);
  const indexLine = `index catch-up ${((performance.now() - indexStart) / 1000).toFixed(1)} s, ${((indexUsed.user + indexUsed.system) / 1000).toFixed(0)} ms CPU in this process`;
  process.stderr.write(`${indexLine}\n`);
  const rand = random(7);
  const users = await searchers(store);
  const mix = kinds(rand);
  const count = Number(values.queries);
  const run = async (kind: Kind) => {
    const uid = users[Math.floor(rand() * users.length)]!;
    const t = performance.now();
    const cpu = process.cpuUsage();
    const page = await store.search.search({ uid, terms: parseSearchTerms(kind.query()), limit: 20, ...kind.filters?.(uid) });
    const used = process.cpuUsage(cpu);
    return { elapsed: performance.now() - t, cpu: (used.user + used.system) / 1000, hits: page.hits.length };
  };
  for (let i = 0; i < 20; i++) for (const kind of mix) await run(kind); // warm caches
  const all: number[] = [];
  // SQLite runs in this process, so its CPU per search survives a loaded machine; PostgreSQL's is elsewhere.
  const allCpu: number[] = [];
  const rows: string[] = [];
  for (const kind of mix) {
    const times: number[] = [];
    const cpus: number[] = [];
    let hits = 0;
    for (let i = 0; i < count; i++) {
      const result = await run(kind);
      times.push(result.elapsed);
      cpus.push(result.cpu);
      hits += result.hits;
    }
    times.sort((a, b) => a - b);
    cpus.sort((a, b) => a - b);
    allCpu.push(...cpus);
    all.push(...times);
    rows.push(`| ${kind.name} | ${count} | ${(hits / count).toFixed(1)} | ${ms(percentile(times, 50))} | ${ms(percentile(times, 99))} | ${ms(times[times.length - 1]!)} | ${ms(percentile(cpus, 50))} | ${ms(percentile(cpus, 99))} |`);
    process.stderr.write(`${kind.name}: p50 ${ms(percentile(times, 50))} ms, p99 ${ms(percentile(times, 99))} ms\n`);
  }
  all.sort((a, b) => a - b);
  allCpu.sort((a, b) => a - b);
  await store.close();
  await target.drop();
  console.log(`engine ${values.engine}, ${messages} messages (${shape.users} users, ${shape.groups} groups of ${shape.groupSize}, ${shape.groupShare * 100} % in groups), ` +
    `${target.isFresh ? `seeded in ${seedSeconds.toFixed(0)} s` : 'reused'}, ${indexLine}, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}\n`);
  console.log('| query | searches | hits/page | p50 ms | p99 ms | max ms | CPU p50 ms | CPU p99 ms |\n|---|---|---|---|---|---|---|---|');
  console.log(rows.join('\n'));
  console.log(`| **all** | ${all.length} | | **${ms(percentile(all, 50))}** | **${ms(percentile(all, 99))}** | ${ms(all[all.length - 1]!)} | ${ms(percentile(allCpu, 50))} | ${ms(percentile(allCpu, 99))} |`);
}

await main();
