// Probe: the SQLite store's commit latency at a fixed rate, from an empty database, through the real path
// (ChatWriter → store → writer thread, its checkpoints, the search indexer thread), with nothing else in
// the process: no sockets, no JSON, so CPU noise moves it far less than a soak. Each message's delivery
// ack rides in a later commit as the server's does (a device cursor). Prints per interval the commits'
// duration (p50 / p99 / max, count over 100 ms), the acks' latency (submit → stored), WAL and file size
// and CPU per message of the whole process (all threads), then the run's totals.
// Run: node --import tsx bench/micro/sqlite-commit-tail.ts [msgPerS=2000] [seconds=180] [intervalS=30]
// The file goes to the OS temp directory (the soak's disk). BENCH_TEMPLATE=<file>: start from a copy of that
// database (e.g. sqlite-chat-write.ts's BENCH_PREFILL_FILE) instead of an empty one.
import { closeSync, copyFileSync, mkdtempSync, openSync, readSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import pino from 'pino';
import { MidGenerator, systemClock } from '../../src/core/index.js';
import { ChatWriter, StoreInboxSequencer, type ChatDraft } from '../../src/messaging/index.js';
import { createStore } from '../../src/store/index.js';
import { LatencyHistogram } from '../../src/bench/histogram.js';
import { bytesWritten, processCpuUs } from './chat-batch-rows.js';

const rate = Number(process.argv[2] ?? 2000);
const seconds = Number(process.argv[3] ?? 180);
const intervalS = Number(process.argv[4] ?? 30);
const USERS = 1000;
/** The chat bench's content. */
const CONTENT = 'x'.repeat(64);

const dir = mkdtempSync(join(tmpdir(), 'glide-commit-tail-'));
const file = join(dir, 'glide.db');
const log = pino({ level: 'warn' });
const template = process.env['BENCH_TEMPLATE'];
if (template) copyFileSync(template, file);
const store = await createStore({ url: `sqlite:${file}`, dataDir: dir, log });
const commits = { all: new LatencyHistogram(), part: new LatencyHistogram(), messages: 0 };
const acks = { all: new LatencyHistogram(), part: new LatencyHistogram() };
const writer = new ChatWriter({ messages: store.messages, sequencer: new StoreInboxSequencer(store.messages), log }, (size, ms) => {
  commits.all.record(ms);
  commits.part.record(ms);
  commits.messages += size;
});
const loop = monitorEventLoopDelay({ resolution: 10 });
loop.enable();
const mids = new MidGenerator(systemClock, 1);
const size = (path: string) => {
  try {
    return statSync(path).size / 1048576;
  } catch {
    return 0;
  }
};
/** The WAL header's checkpoint sequence: one more each time the writer restarts the WAL from its start. */
const walRestarts = () => {
  try {
    const fd = openSync(`${file}-wal`, 'r');
    const header = Buffer.alloc(16);
    const read = readSync(fd, header, 0, 16, 0);
    closeSync(fd);
    return read === 16 ? header.readUInt32BE(12) : 0;
  } catch {
    return 0;
  }
};
const written = bytesWritten;
const cpuUs = processCpuUs;

let sent = 0;
let stored = 0;
let failed = 0;
let walMaxMb = 0;
let seed = 1;
/** A fixed sequence (mulberry32): every run sends the same pairs. */
const random = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

function send(): void {
  const sender = 1 + Math.floor(random() * USERS);
  const receiver = sender % 2 === 1 ? sender + 1 : sender - 1;
  const at = Date.now();
  const draft: ChatDraft = { mid: mids.next(), sender, receiver, cliMid: `t.${sender}.${sent}`, cliSeq: 0, type: 1, content: CONTENT, sendAt: at, createdAt: at };
  const started = performance.now();
  sent++;
  writer.write(draft).then(
    (result) => {
      const ms = performance.now() - started;
      acks.all.record(ms);
      acks.part.record(ms);
      stored++;
      // The receiver's delivery ack: its device cursor rides in a later commit.
      writer.advance(receiver, 1, result.receiverSeq);
    },
    () => failed++,
  );
}

console.log(`rate ${rate} msg/s, ${seconds} s, load ${loadavg()[0]!.toFixed(2)}, ${process.env['GLIDE_CKPT'] ?? ''}`);
console.log('    s  load  commits p50/p99/max ms  >100  batch   acks p50/p99/max ms  >100    WAL MB (max) restarts  file MB  µs/msg KB/msg loop max ms');
let writtenAt = written();
let restartsAt = walRestarts();
const row = (at: number, cpu: number, messages: number) => {
  const bytes = written();
  const restarts = walRestarts();
  const c = commits.part;
  const a = acks.part;
  const f = (n: number) => n.toFixed(1).padStart(6);
  console.log(
    `${String(at).padStart(5)} ${loadavg()[0]!.toFixed(1).padStart(5)} ${f(c.percentile(0.5))}${f(c.percentile(0.99))}${f(c.percentile(1))} ${String(c.countAbove(100)).padStart(5)} ${(messages / Math.max(1, c.count)).toFixed(1).padStart(6)} ${f(a.percentile(0.5))}${f(a.percentile(0.99))}${f(a.percentile(1))} ${String(a.countAbove(100)).padStart(5)} ${f(size(`${file}-wal`))} (${f(walMaxMb)}) ${String(restarts - restartsAt).padStart(8)} ${f(size(file))} ${f(cpu / Math.max(1, messages))} ${f((bytes - writtenAt) / 1024 / Math.max(1, messages))} ${f(loop.max / 1e6)}`,
  );
  writtenAt = bytes;
  restartsAt = restarts;
  c.reset();
  a.reset();
  loop.reset();
  walMaxMb = 0;
};

// One message first: the threads load (tsx compiles them from the sources) before the clock starts.
send();
await writer.flushed();
commits.all.reset();
commits.part.reset();
acks.all.reset();
acks.part.reset();
commits.messages = 0;
sent = 0;
stored = 0;
const startMs = performance.now();
const cpuStart = cpuUs();
const restartsStart = walRestarts();
await new Promise<void>((resolve) => {
  let nextRow = intervalS;
  let cpuAt = cpuStart;
  let messagesAt = 0;
  const tick = () => {
    const elapsed = (performance.now() - startMs) / 1000;
    const due = Math.min(Math.floor(elapsed * rate), seconds * rate);
    while (sent < due) send();
    walMaxMb = Math.max(walMaxMb, size(`${file}-wal`));
    if (elapsed >= nextRow) {
      const cpu = cpuUs();
      row(nextRow, cpu - cpuAt, commits.messages - messagesAt);
      cpuAt = cpu;
      messagesAt = commits.messages;
      nextRow += intervalS;
    }
    if (sent >= seconds * rate) resolve();
    else setTimeout(tick, 1);
  };
  tick();
});
await writer.flushed();
const cpuAll = cpuUs() - cpuStart;
const c = commits.all;
const a = acks.all;
console.log(
  `total: ${stored} stored, ${failed} failed; commits ${c.count} (batch ${(commits.messages / c.count).toFixed(1)}) p50 ${c.percentile(0.5).toFixed(1)} p99 ${c.percentile(0.99).toFixed(1)} p999 ${c.percentile(0.999).toFixed(1)} max ${c.percentile(1).toFixed(1)} ms, >100 ms ${c.countAbove(100)}, >250 ms ${c.countAbove(250)}`,
);
console.log(`acks p50 ${a.percentile(0.5).toFixed(1)} p99 ${a.percentile(0.99).toFixed(1)} p999 ${a.percentile(0.999).toFixed(1)} max ${a.percentile(1).toFixed(1)} ms, >100 ms ${a.countAbove(100)}, >250 ms ${a.countAbove(250)}; CPU ${(cpuAll / stored).toFixed(1)} µs/msg (all threads); WAL restarts ${walRestarts() - restartsStart}, file ${size(file).toFixed(0)} MB, WAL ${size(`${file}-wal`).toFixed(0)} MB; load ${loadavg()[0]!.toFixed(2)}`);
await store.close();
rmSync(dir, { recursive: true, force: true });
