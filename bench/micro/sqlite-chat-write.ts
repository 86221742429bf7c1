// Micro-bench: what the SQLite store's threads spend per 1:1 message, on a real file at synchronous=FULL
// (WAL): the chat writer's batch commit (SqliteChatBatch, 2 inbox slots, 2 session lines and a receipt
// cursor per message), its once-a-second checkpoint, and the search indexer's steps. CPU (user + system)
// of this single-threaded process per message.
// Run: node --import tsx bench/micro/sqlite-chat-write.ts [messages] [batch]
// Variants: BENCH_PRAGMAS="a=1;b=2" on the writer's connection, BENCH_SETUP="<sql>" run on the file first
// (e.g. drop an index to weigh it), BENCH_INDEXER_ROWS (rows per step), BENCH_INDEXER_SYNC=normal,
// BENCH_ORDER=sequential (senders in uid order: they share index pages, far fewer WAL frames than a server writes),
// BENCH_FRAMES=1 (WAL frames per message by table or index, read from the WAL before each checkpoint),
// BENCH_PREFILL=<messages> committed first, unmeasured (batches of 1,000, synchronous=OFF, then indexed and
// checkpointed): the costs of a large file, BENCH_PREFILL_FILE=<path> keeps that prefilled file there and
// starts from a copy of it when it exists (the same rows: one prefill for many runs), BENCH_STATEMENTS=1 (wall time per statement kind; the rest of a
// commit is COMMIT: WAL frames and fsync), BENCH_CLIMID=client (cliMids shaped as the client SDK's: time first).
import type BetterSqlite3 from 'better-sqlite3';
import { Kysely } from 'kysely';
import { copyFileSync, existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { firstMidAt } from '../../src/core/index.js';
/* eslint-disable no-restricted-imports -- this weighs the store's internals (writer batch, indexer), which have no public face */
import { sqliteDialect } from '../../src/store/sql/dialects/sqlite.js';
import { sqliteDeferredIndex } from '../../src/store/sql/dialects/sqlite-search-index.js';
import type { Database } from '../../src/store/sql/schema.js';
import { SearchIndexer, SEARCH_INDEXER_DEFAULTS } from '../../src/store/sql/search-indexer.js';
import { SqliteChatBatch } from '../../src/store/sql/sqlite-chat-batch.js';
/* eslint-enable no-restricted-imports */
import { bytesWritten, chatBatch, clientCliMids, openBenchFile, processCpuUs, seededRandom, type BatchSource } from './chat-batch-rows.js';

const total = Number(process.argv[2] ?? 50_000);
const batchSize = Number(process.argv[3] ?? 50);
const USERS = 1000;
const COMMITS_PER_S = 100;
/** Senders in random order, as a server's batch holds them (consecutive ones share index pages). */
const isRandomOrder = process.env['BENCH_ORDER'] !== 'sequential';
const random = seededRandom();
const prefill = Number(process.env['BENCH_PREFILL'] ?? 0);
const pragmas = (process.env['BENCH_PRAGMAS'] ?? '').split(';').filter(Boolean);
const template = prefill > 0 ? process.env['BENCH_PREFILL_FILE'] : undefined;
const fromTemplate = template !== undefined && existsSync(template);
const { dir, file, log, db } = await openBenchFile('glide-sqlite-bench-', pragmas, process.env['BENCH_SETUP'], template);
/** With BENCH_STATEMENTS: ns of wall time per statement kind (first words of its SQL). */
const statementNs = process.env['BENCH_STATEMENTS'] ? new Map<string, bigint>() : undefined;
if (statementNs) timeStatements(db, statementNs);
const batch = new SqliteChatBatch(db);
const cpu = processCpuUs;

let writerUs = 0;
let checkpointUs = 0;
/** WAL frames (dirtied pages) written by the commits: deterministic, unlike CPU on a shared machine. */
let frames = 0;
/** With BENCH_FRAMES: frames per page number, named by b-tree at the end. */
const framesByPage = process.env['BENCH_FRAMES'] ? new Map<number, number>() : undefined;
const WAL_HEADER_BYTES = 32;
const FRAME_HEADER_BYTES = 24;

function countFrames(counts: Map<number, number>): void {
  const wal = readFileSync(`${file}-wal`);
  const pageSize = wal.readUInt32BE(8);
  for (let at = WAL_HEADER_BYTES; at + FRAME_HEADER_BYTES + pageSize <= wal.length; at += FRAME_HEADER_BYTES + pageSize) {
    const page = wal.readUInt32BE(at);
    counts.set(page, (counts.get(page) ?? 0) + 1);
  }
}
/** CPU per message of each commit: the median is steadier than the mean on a shared machine. */
const samples: number[] = [];
const startMs = Date.now();
const source: BatchSource = { seqs: new Int32Array(USERS + 1), mid: firstMidAt(startMs), startMs, cliMid: process.env['BENCH_CLIMID'] === 'client' ? clientCliMids() : undefined };
const senderOf = (n: number) => 1 + (isRandomOrder ? Math.floor(random() * USERS) : n % USERS);
const content = () => 'x'.repeat(64);
if (fromTemplate) {
  // The copy holds the prefill's rows: take up its seqs, mids and random senders where it ended.
  for (const { uid, seq } of db.prepare('select uid, max(seq) as seq from inbox group by uid').all() as { uid: number; seq: number }[]) source.seqs[uid] = seq;
  source.mid = (db.prepare('select max(mid) as mid from messages').get() as { mid: number }).mid;
  for (let i = 0; i < prefill; i++) random();
} else if (prefill > 0) {
  db.pragma('synchronous = OFF');
  for (let sent = 0; sent < prefill; sent += 1000) batch.commit(chatBatch(source, sent - prefill, 1000, senderOf, content));
  db.pragma('wal_checkpoint(TRUNCATE)');
  await indexAll();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.pragma('synchronous = FULL');
  statementNs?.clear();
  if (template) copyFileSync(file, template);
}
const measured = { usage: process.cpuUsage(), written: bytesWritten() };
for (let sent = 0, commits = 0; sent < total; sent += batchSize, commits++) {
  const encoded = chatBatch(source, sent, batchSize, senderOf, content);
  const before = cpu();
  batch.commit(encoded);
  const spent = cpu() - before;
  writerUs += spent;
  samples.push(spent / batchSize);
  if (commits % COMMITS_PER_S === COMMITS_PER_S - 1) {
    if (framesByPage) countFrames(framesByPage);
    const at = cpu();
    const [result] = db.pragma('wal_checkpoint(PASSIVE)') as { log: number }[];
    checkpointUs += cpu() - at;
    frames += result?.log ?? 0;
  }
}
const usage = process.cpuUsage(measured.usage);
const written = bytesWritten() - measured.written;
const framesByTree = new Map<string, number>();
if (framesByPage) {
  // Pages are only added (no deletes here), so each page's b-tree at the end is the one it had throughout.
  const owner = new Map((db.prepare('select pageno, name from dbstat').all() as { pageno: number; name: string }[]).map((r) => [r.pageno, r.name]));
  for (const [page, n] of framesByPage) {
    const name = owner.get(page) ?? `page ${page}`;
    framesByTree.set(name, (framesByTree.get(name) ?? 0) + n);
  }
}
db.close();

// The indexer thread's work for the same rows, in its usual steps (batchRows per table per step).
const [indexerUs, lateUs] = await indexAll();

const per = (us: number) => (us / total).toFixed(1);
console.log(`${total} messages, ${batchSize} per commit, ${USERS} users, after ${prefill} prefilled`);
const median = (list: number[]) => [...list].sort((a, b) => a - b)[list.length >> 1] ?? 0;
console.log(`writer commit: ${per(writerUs)} µs/msg (median commit ${median(samples).toFixed(1)}), checkpoint: ${per(checkpointUs)} µs/msg`);
// The database grows through the run: a cost that grows with it shows as a rising median.
const tenth = Math.max(1, Math.floor(samples.length / 10));
const tenths = Array.from({ length: Math.floor(samples.length / tenth) }, (_, i) => median(samples.slice(i * tenth, (i + 1) * tenth)).toFixed(1));
console.log(`commits and checkpoints: user ${per(usage.user)} + system ${per(usage.system)} µs/msg, ${(written / 1024 / total).toFixed(2)} KB/msg written`);
console.log(`writer median µs/msg by tenth of the run: ${tenths.join(' ')}`);
for (const [kind, ns] of statementNs ?? []) console.log(`  ${kind}: ${(Number(ns) / 1000 / total).toFixed(1)} µs/msg wall`);
console.log(`indexer: ${per(indexerUs)} µs/msg fresh rows, ${per(lateUs)} µs/msg late-row check`);
/** Messages whose commits were followed by a checkpoint (frames are counted there). */
const checkpointed = total - (total % (batchSize * COMMITS_PER_S));
console.log(`WAL frames: ${(frames / checkpointed).toFixed(2)} per message`);
for (const [name, n] of [...framesByTree].sort((a, b) => b[1] - a[1])) console.log(`  ${name}: ${(n / checkpointed).toFixed(2)} frames/msg`);
console.log(`file ${(statSync(file).size / 1024 / total).toFixed(2)} KB/msg`);
rmSync(dir, { recursive: true, force: true });

/** The indexer's steps over every unindexed row, then its late-row check 60 s later: CPU of each. */
async function indexAll(): Promise<[number, number]> {
  const kysely = new Kysely<Database>({ dialect: sqliteDialect(file, process.env['BENCH_INDEXER_SYNC'] === 'normal' ? 'normal' : 'full').kysely });
  let now = Date.now();
  const rows = Number(process.env['BENCH_INDEXER_ROWS'] ?? SEARCH_INDEXER_DEFAULTS.batchRows);
  const indexer = new SearchIndexer({ db: kysely, clock: { now: () => now, every: () => () => undefined } }, sqliteDeferredIndex, log, { ...SEARCH_INDEXER_DEFAULTS, batchRows: rows });
  const before = cpu();
  await indexer.catchUp();
  const fresh = cpu() - before;
  now += 60_000;
  const lateBefore = cpu();
  await indexer.catchUp();
  const late = cpu() - lateBefore;
  await indexer.close();
  await kysely.destroy();
  return [fresh, late];
}

/** Wraps `db.prepare` so each statement's runs add their wall time to `into` (the writer batch prepares its statements once). */
function timeStatements(target: BetterSqlite3.Database, into: Map<string, bigint>): void {
  const prepare = target.prepare.bind(target);
  target.prepare = ((source: string) => {
    const statement = prepare(source);
    const kind = source.trim().split(/\s+/).slice(0, 3).join(' ');
    const run = statement.run.bind(statement);
    statement.run = ((...params: unknown[]) => {
      const at = process.hrtime.bigint();
      const result = run(...params);
      into.set(kind, (into.get(kind) ?? 0n) + process.hrtime.bigint() - at);
      return result;
    }) as typeof statement.run;
    return statement;
  }) as typeof target.prepare;
}
