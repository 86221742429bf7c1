// What the SQLite micro-benchmarks share: the 1:1 writer batches they commit (partners 2k-1 ↔ 2k, both
// inboxes, both session lines and the receiver's device cursor, as the chat writer encodes them), their
// seeded random senders, the migrated file they write to and the process counters they read.
import BetterSqlite3 from 'better-sqlite3';
import { copyFileSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino, { type Logger } from 'pino';
import { createStore, SESSION_TYPE } from '../../src/store/index.js';
/* eslint-disable-next-line no-restricted-imports -- the writer batch's encoding has no public face */
import { encodeChatBatch, type EncodedChatBatch } from '../../src/store/sql/sqlite-chat-batch.js';

type Rows = Parameters<typeof encodeChatBatch>;

export interface BatchSource {
  /** Next inbox seq per uid (index = uid). */
  seqs: Int32Array;
  /** The last mid used; advanced by each batch. */
  mid: number;
  startMs: number;
  /** The cliMid of message n from `sender` at `at` (ms); the bench's `r1234.<sender>.<n>` when unset. */
  cliMid?: (sender: number, n: number, at: number) => string;
}

/** Batch of `size` messages from `sent` on; `senderOf(i)` picks the sender of message sent + i. */
export function chatBatch(source: BatchSource, sent: number, size: number, senderOf: (n: number) => number, content: () => string): EncodedChatBatch {
  const messages: Rows[0][number][] = [];
  const placements: Rows[1][number][] = [];
  const cursors: Rows[2][number][] = [];
  const { seqs, startMs } = source;
  for (let i = 0; i < size; i++) {
    const sender = senderOf(sent + i);
    const receiver = sender % 2 === 1 ? sender + 1 : sender - 1;
    const at = startMs + sent;
    const mid = ++source.mid;
    const cliMid = source.cliMid?.(sender, sent + i, at) ?? `r1234.${sender}.${sent + i}`;
    messages.push({ mid, sender, receiver, cliMid, cliSeq: 0, type: 1, content: content(), sendAt: at, createdAt: at });
    placements.push({
      inbox: [sender, receiver].map((uid) => ({ uid, seq: ++seqs[uid]! })),
      sessions: [
        { owner: sender, type: SESSION_TYPE.chat, peer: receiver, mid, unread: 0, at },
        { owner: receiver, type: SESSION_TYPE.chat, peer: sender, mid, unread: 1, at },
      ],
    });
    cursors.push({ uid: receiver, device: 1, seq: seqs[receiver]! - 1 });
  }
  return encodeChatBatch(messages, placements, cursors, startMs + sent);
}

/** cliMids shaped as the client SDK makes them (src/client/cli-mid.ts: time, counter, random), from a fixed sequence. */
export function clientCliMids(random = seededRandom(7)): (sender: number, n: number, at: number) => string {
  let counter = 0;
  return (_sender, _n, at) => `${at.toString(36)}-${(++counter).toString(36)}-${random().toString(36).slice(2, 10)}`;
}

/** A fixed sequence (mulberry32), so runs dirty the same pages. */
export function seededRandom(start = 1): () => number {
  let seed = start;
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface BenchFile {
  dir: string;
  file: string;
  log: Logger;
  /** The writer's connection: WAL, synchronous=FULL, auto-checkpoint off (as the writer thread), then `pragmas`. */
  db: BetterSqlite3.Database;
}

/**
 * A freshly migrated database file in a temporary directory, opened as the writer thread opens it; `setup`
 * runs on it first. With `template` (an existing file), a copy of it instead, and no setup.
 */
export async function openBenchFile(prefix: string, pragmas: readonly string[] = [], setup = '', template?: string): Promise<BenchFile> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const file = join(dir, 'glide.db');
  const log = pino({ level: 'warn' });
  const copied = template !== undefined && existsSync(template);
  if (copied) copyFileSync(template, file);
  else await (await createStore({ url: `sqlite:${file}`, dataDir: dir, log })).close();
  const db = new BetterSqlite3(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('wal_autocheckpoint = 0');
  for (const p of pragmas) db.pragma(p);
  if (setup && !copied) db.exec(setup);
  return { dir, file, log, db };
}

/** CPU of this process (every thread) so far, in µs. */
export function processCpuUs(): number {
  const { user, system } = process.cpuUsage();
  return user + system;
}

/** Bytes this process (every thread) handed to write(2) and pwrite(2): WAL frames and checkpoint copies, deterministic. */
export function bytesWritten(): number {
  return Number(/wchar: (\d+)/.exec(readFileSync('/proc/self/io', 'utf8'))?.[1] ?? 0);
}
