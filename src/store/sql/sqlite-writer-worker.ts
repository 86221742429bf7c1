// The SQLite chat writer thread: its own connection to the store's file (WAL: the main thread's readers
// keep working), so a commit's fsync at synchronous=FULL never holds up the event loop. The search
// indexer's steps run here too, on this connection, between commits (sqlite-indexer-thread.ts).
import BetterSqlite3 from 'better-sqlite3';
import { closeSync, openSync, readSync } from 'node:fs';
import { parentPort, Worker, workerData, type MessagePort } from 'node:worker_threads';
import type { Clock, Logger } from '../../core/index.js';
import type { TransactionTurns } from './dialects/sqlite-connection.js';
import { SqliteChatBatch } from './sqlite-chat-batch.js';
import { UNEXPECTED_CHANGES, type CheckpointerSetup, type WriterReply, type WriterRequest, type WriterSetup, type WriterStatement } from './sqlite-writer-thread.js';
import { threadEntry } from './thread-entry.js';
import type { WriterIndexer } from './sqlite-writer-indexer.js';

if (!parentPort) throw new Error('sqlite-writer-worker runs as a worker thread');
const port: MessagePort = parentPort;
const setup = workerData as WriterSetup;
const db = new BetterSqlite3(setup.file);
db.pragma('journal_mode = WAL');
db.pragma(`synchronous = ${setup.sync.toUpperCase()}`);
db.pragma('busy_timeout = 5000');
db.pragma('foreign_keys = ON');
// Checkpoints run in a thread of their own: a commit waiting behind a checkpoint's page copies and fsync
// of the database file held up every ack of its batch (and the batches behind it). Only the frames
// committed during the thread's checkpoint are copied here, after a reply (see catchUp).
db.pragma('wal_autocheckpoint = 0');
const checkpoints = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
let checkpointsSeen = 0;
/** The WAL's restart count when the thread's last checkpoint was seen, until the WAL restarts after it. */
let restartsBefore: number | undefined;
let lastCatchUpAt = 0;
const CATCH_UP_RETRY_MS = 100;
const checkpointer = startCheckpointer();
const checkpointerExited = new Promise<void>((resolve) => checkpointer.once('exit', () => resolve()));
const batch = new SqliteChatBatch(db);
/** Statements of `execute` requests by SQL text: a handful of outbox statements (IN-lists vary), bounded. */
const statements = new Map<string, BetterSqlite3.Statement>();
const MAX_STATEMENTS = 256;

function prepared(text: string): BetterSqlite3.Statement {
  let statement = statements.get(text);
  if (!statement) {
    if (statements.size >= MAX_STATEMENTS) statements.clear();
    statements.set(text, (statement = db.prepare(text)));
  }
  return statement;
}

const execute = db.transaction((list: WriterStatement[]) =>
  list.map((s) => {
    const { changes } = prepared(s.sql).run(...s.parameters);
    if (s.expectChanges !== undefined && changes !== s.expectChanges) throw Object.assign(new Error(`${changes} rows changed, ${s.expectChanges} expected`), { code: UNEXPECTED_CHANGES });
    return changes;
  }),
);

function startCheckpointer(): Worker {
  const { entry, isEval } = threadEntry('sqlite-checkpoint-worker', import.meta.url);
  const worker = new Worker(entry, { eval: isEval, workerData: { file: setup.file, sync: setup.sync, checkpointMs: setup.checkpointMs, checkpoints } satisfies CheckpointerSetup });
  // A checkpointer that died leaves the WAL growing, not the commits failing: reads stay correct.
  worker.on('error', () => undefined);
  return worker;
}

/** The WAL header's checkpoint sequence: SQLite adds one each time a commit starts the WAL over (-1: no WAL). */
function walRestarts(): number {
  try {
    const fd = openSync(`${setup.file}-wal`, 'r');
    try {
      const header = Buffer.alloc(16);
      return readSync(fd, header, 0, 16, 0) === 16 ? header.readUInt32BE(12) : -1;
    } finally {
      closeSync(fd);
    }
  } catch {
    return -1;
  }
}

/**
 * The WAL restarts from its start only at a commit that finds every frame in it copied to the file, and
 * the thread's checkpoint copies only the frames there when it began: with commits running beside it,
 * that never held (measured: no restart in 90 s at 2,000 msg/s, the WAL at 3.4 GB). So after the thread's
 * checkpoint the writer copies the rest itself (the frames committed during it), right after a reply: the
 * next commit waits for it (measured p50 24 ms at load 15), no ack does. Until the WAL has restarted, again
 * (a step of the search indexer committed in between, or a reader held an old snapshot), but at most every
 * CATCH_UP_RETRY_MS: each try that copies frames fsyncs the file, and a writer retrying after every reply
 * spent as long in those fsyncs as in its commits' (13.8 s against 15.3 s, 60 s at 2,000 msg/s, strace).
 */
function catchUp(): void {
  const done = Atomics.load(checkpoints, 0);
  if (done !== checkpointsSeen) {
    checkpointsSeen = done;
    restartsBefore = walRestarts();
  } else if (restartsBefore === undefined || performance.now() - lastCatchUpAt < CATCH_UP_RETRY_MS) {
    return;
  } else if (walRestarts() !== restartsBefore) {
    restartsBefore = undefined;
    return;
  }
  lastCatchUpAt = performance.now();
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // Retried after the next reply; commits report storage faults themselves.
  }
}

/**
 * The search index is derived data: a step lost in a power cut (its rows and its mark commit together) is
 * redone from the mark. So its commits need not fsync (NORMAL keeps the file consistent); the next chat
 * commit's fsync of the WAL covers them. Chat commits never run at this level: they wait for the step's end.
 */
const INDEX_SYNC = setup.sync === 'off' ? 'OFF' : 'NORMAL';
const CHAT_SYNC = setup.sync.toUpperCase();
/** Requests that arrived while a step's transaction was open: run at its end, before the next step begins. */
const held: WriterRequest[] = [];
let isStepping = false;
const turns: TransactionTurns = {
  async begin() {
    // A backlog's steps are one chain of promises that never gives the port a turn: yield, so the commits
    // asked meanwhile run first (a step holds the connection ~5 ms; they wait that, as for a commit).
    await new Promise((resolve) => setImmediate(resolve));
    isStepping = true;
    db.pragma(`synchronous = ${INDEX_SYNC}`);
  },
  end() {
    db.pragma(`synchronous = ${CHAT_SYNC}`);
    isStepping = false;
    for (const request of held.splice(0)) handle(request);
  },
};
// The wal_autocheckpoint above holds for the steps too: the checkpointer thread and catchUp copy the WAL.
/** The main thread's time as of the last index request (lateMs is measured on the store's clock). */
let now = 0;
const clock: Clock = { now: () => now, every: () => () => undefined };
const forward =
  (level: 'info' | 'warn') =>
  (fields: unknown, message?: string): void => {
    const reply: WriterReply = { kind: 'log', level, fields: typeof fields === 'object' && fields !== null ? { ...fields } : {}, message: message ?? '' };
    port.postMessage(reply);
  };
const silent = () => undefined;
const log: Logger = { level: 'info', child: () => log, trace: silent, debug: silent, info: forward('info'), warn: forward('warn'), error: forward('warn'), fatal: forward('warn') };
let indexing: Promise<WriterIndexer> | undefined;

function index(request: Extract<WriterRequest, { kind: 'index' }>): void {
  now = Math.max(now, request.now);
  indexing ??= import('./sqlite-writer-indexer.js').then(({ writerIndexer }) => writerIndexer(db, setup.file, setup.sync, turns, clock, log));
  const work = indexing.then(({ indexer }) => (request.isFlush ? indexer.flush().then(() => true) : indexer.catchUp()));
  work.then(
    (isBusy) => port.postMessage({ kind: 'indexed', id: request.id, isBusy } satisfies WriterReply),
    (err: unknown) => port.postMessage(failure(request.id, err)),
  );
}

function failure(id: number, err: unknown): WriterReply {
  const { message, code } = err as { message?: unknown; code?: unknown };
  return { kind: 'failed', id, message: String(message ?? err), code: typeof code === 'string' ? code : undefined };
}

function close(): void {
  // Stopped, not asked: a checkpoint cut short is safe (the WAL keeps every frame until one completes), and
  // the last connection to close checkpoints anyway. A step under way ends first (the rest is redone from the mark).
  void checkpointer.terminate();
  const indexerClosed = indexing?.then(async (loaded) => (await loaded.indexer.close(), loaded)).catch(() => undefined);
  void Promise.all([checkpointerExited, indexerClosed])
    .then(async ([, loaded]) => {
      if (loaded) await loaded.destroy();
      else db.close();
    })
    .finally(() => {
      port.postMessage({ kind: 'closed' } satisfies WriterReply);
      port.close();
    });
}

function handle(request: WriterRequest): void {
  if (request.kind === 'close') return close();
  if (request.kind === 'index') return index(request);
  let reply: WriterReply;
  try {
    reply = request.kind === 'commit' ? { kind: 'committed', id: request.id, taken: batch.commit(request.batch) } : { kind: 'executed', id: request.id, changes: execute.immediate(request.statements) };
  } catch (err) {
    reply = failure(request.id, err);
  }
  port.postMessage(reply);
  catchUp();
}

port.on('message', (request: WriterRequest) => (isStepping ? held.push(request) : handle(request)));
port.postMessage({ kind: 'ready' } satisfies WriterReply);
