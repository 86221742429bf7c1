// The SQLite chat writer thread: its own connection to the store's file (WAL: the main thread's readers
// keep working), so a commit's fsync at synchronous=FULL never holds up the event loop.
import BetterSqlite3 from 'better-sqlite3';
import { closeSync, openSync, readSync } from 'node:fs';
import { parentPort, Worker, workerData } from 'node:worker_threads';
import { SqliteChatBatch } from './sqlite-chat-batch.js';
import { UNEXPECTED_CHANGES, type CheckpointerSetup, type WriterReply, type WriterRequest, type WriterSetup, type WriterStatement } from './sqlite-writer-thread.js';
import { threadEntry } from './thread-entry.js';
import { WriteGate } from './write-gate.js';

const port = parentPort;
if (!port) throw new Error('sqlite-writer-worker runs as a worker thread');
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
/** Taken around each transaction: the search indexer thread's steps and these commits wait for each other here, not in SQLite's busy handler. */
const gate = new WriteGate(setup.gate);
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

port.on('message', (request: WriterRequest) => {
  if (request.kind === 'close') {
    // Stopped, not asked: a checkpoint cut short is safe (the WAL keeps every frame until one completes), and
    // the last connection to close checkpoints anyway.
    void checkpointer.terminate();
    void checkpointerExited.then(() => {
      db.close();
      port.postMessage({ kind: 'closed' } satisfies WriterReply);
      port.close();
    });
    return;
  }
  let reply: WriterReply;
  const isHeld = gate.acquire();
  try {
    reply = request.kind === 'commit' ? { kind: 'committed', id: request.id, taken: batch.commit(request.batch) } : { kind: 'executed', id: request.id, changes: execute.immediate(request.statements) };
  } catch (err) {
    const { message, code } = err as { message?: unknown; code?: unknown };
    reply = { kind: 'failed', id: request.id, message: String(message ?? err), code: typeof code === 'string' ? code : undefined };
  } finally {
    if (isHeld) gate.release();
  }
  port.postMessage(reply);
  catchUp();
});
port.postMessage({ kind: 'ready' } satisfies WriterReply);
