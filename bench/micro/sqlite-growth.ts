// Micro-bench: how the SQLite store threads' CPU per 1:1 message changes as the database grows. Writer
// commits (batch of `batch`), the indexer's step every 500 messages (100 ms at 5,000 msg/s), a PASSIVE
// checkpoint every 5,000 messages (1 s at 5,000 msg/s), all on one thread; CPU of each per chunk of the run.
// Run: node --import tsx bench/micro/sqlite-growth.ts [messages] [batch] [chunk]
// Connections set up as the server's threads are (auto-checkpoint off on both). Variants: BENCH_PRAGMAS="a=1;b=2"
// on both connections, BENCH_INDEXER_PRAGMAS on the indexer's only (wal_autocheckpoint=1000: before 237227a),
// BENCH_CONTENT=varied (distinct words per message instead of the chat bench's 'x' × 64).
// BENCH_CHECKPOINT_EVERY (messages between checkpoints, 5,000), BENCH_SETUP="<sql>" run on the file first.
import { Kysely, sql } from 'kysely';
import { rmSync, statSync } from 'node:fs';
import { firstMidAt } from '../../src/core/index.js';
/* eslint-disable no-restricted-imports -- this weighs the store's internals (writer batch, indexer), which have no public face */
import { sqliteDialect } from '../../src/store/sql/dialects/sqlite.js';
import { sqliteDeferredIndex } from '../../src/store/sql/dialects/sqlite-search-index.js';
import type { Database } from '../../src/store/sql/schema.js';
import { SearchIndexer, SEARCH_INDEXER_DEFAULTS } from '../../src/store/sql/search-indexer.js';
import { SqliteChatBatch } from '../../src/store/sql/sqlite-chat-batch.js';
/* eslint-enable no-restricted-imports */
import { bytesWritten, chatBatch, openBenchFile, processCpuUs, seededRandom, type BatchSource } from './chat-batch-rows.js';

const total = Number(process.argv[2] ?? 400_000);
const batchSize = Number(process.argv[3] ?? 40);
const chunk = Number(process.argv[4] ?? 50_000);
const USERS = 1000;
const INDEX_EVERY = 500;
/** The writer thread's timed checkpoint: once a second at 5,000 msg/s. */
const CHECKPOINT_EVERY = Number(process.env['BENCH_CHECKPOINT_EVERY'] ?? 5000);
const list = (name: string) => (process.env[name] ?? '').split(';').filter(Boolean);
const pragmas = list('BENCH_PRAGMAS');
const indexerPragmas = ['wal_autocheckpoint=0', ...pragmas, ...list('BENCH_INDEXER_PRAGMAS')];
const isVaried = process.env['BENCH_CONTENT'] === 'varied';
const random = seededRandom();
const WORDS = Array.from({ length: 5000 }, (_, i) => `w${(i * 7919).toString(36)}`);
const content = () => (isVaried ? Array.from({ length: 8 }, () => WORDS[Math.floor(random() * WORDS.length)]).join(' ') : 'x'.repeat(64));

const { dir, file, log, db } = await openBenchFile('glide-sqlite-growth-', pragmas, process.env['BENCH_SETUP']);
const batch = new SqliteChatBatch(db);
const dialect = sqliteDialect(file, 'full');
const kysely = new Kysely<Database>({ dialect: dialect.kysely });
for (const p of indexerPragmas) await sql.raw(`pragma ${p}`).execute(kysely);
let now = Date.now();
const indexer = new SearchIndexer({ db: kysely, clock: { now: () => now, every: () => () => undefined } }, sqliteDeferredIndex, log, SEARCH_INDEXER_DEFAULTS);
const cpu = processCpuUs;
const written = bytesWritten;
let writtenBefore = written();
const spent = { writer: 0, indexer: 0, checkpoint: 0, frames: 0 };
const rows: string[] = [];
const startMs = Date.now();
const source: BatchSource = { seqs: new Int32Array(USERS + 1), mid: firstMidAt(startMs), startMs };
for (let sent = 0; sent < total; sent += batchSize) {
  const encoded = chatBatch(source, sent, batchSize, () => 1 + Math.floor(random() * USERS), content);
  let at = cpu();
  batch.commit(encoded);
  spent.writer += cpu() - at;
  const done = sent + batchSize;
  if (done % INDEX_EVERY < batchSize) {
    now += 100;
    at = cpu();
    await indexer.catchUp();
    spent.indexer += cpu() - at;
  }
  if (done % CHECKPOINT_EVERY < batchSize) {
    at = cpu();
    const [result] = db.pragma('wal_checkpoint(PASSIVE)') as { log: number }[];
    spent.checkpoint += cpu() - at;
    spent.frames += result?.log ?? 0;
  }
  if (done % chunk < batchSize) {
    const per = (us: number) => (us / chunk).toFixed(1).padStart(6);
    rows.push(`${String(done).padStart(8)} ${per(spent.writer)} ${per(spent.indexer)} ${per(spent.checkpoint)} ${(spent.frames / chunk).toFixed(2).padStart(6)} ${((written() - writtenBefore) / 1024 / chunk).toFixed(1).padStart(6)} ${(statSync(file).size / 1048576).toFixed(0).padStart(5)}`);
    writtenBefore = written();
    console.log(rows[rows.length - 1]);
    Object.assign(spent, { writer: 0, indexer: 0, checkpoint: 0, frames: 0 });
  }
}
await indexer.close();
await kysely.destroy();
db.close();
console.log(`columns: messages so far, µs/msg writer / indexer / checkpoint, WAL frames/msg at the timed checkpoints, KB written/msg, file MB`);
console.log(`(batch ${batchSize}, writer ${pragmas.join(';') || 'default pragmas'}, indexer ${indexerPragmas.join(';')}, content ${isVaried ? 'varied' : 'x*64'})`);
rmSync(dir, { recursive: true, force: true });
