// The SQLite chat writer thread: its own connection to the store's file (WAL: the main thread's readers
// keep working), so a commit's fsync at synchronous=FULL never holds up the event loop.
import BetterSqlite3 from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { SqliteChatBatch } from './sqlite-chat-batch.js';
import { UNEXPECTED_CHANGES, type WriterReply, type WriterRequest, type WriterSetup, type WriterStatement } from './sqlite-writer-thread.js';

/**
 * Checkpoints run here on a timer, between commits, never inside one (a commit's ack would wait for it)
 * and never on the event loop: both connections have SQLite's auto-checkpoint off. PASSIVE never waits
 * for readers or the writer; it also covers what the main connection writes. Once a second rather than
 * four times: a page dirtied by many commits is copied to the file once per checkpoint, and each
 * checkpoint's fsync competes with the commits' (measured: 7 → 3 µs of thread CPU per message).
 */
const CHECKPOINT_INTERVAL_MS = 1000;

const port = parentPort;
if (!port) throw new Error('sqlite-writer-worker runs as a worker thread');
const setup = workerData as WriterSetup;
const db = new BetterSqlite3(setup.file);
db.pragma('journal_mode = WAL');
db.pragma(`synchronous = ${setup.sync.toUpperCase()}`);
db.pragma('busy_timeout = 5000');
db.pragma('foreign_keys = ON');
db.pragma('wal_autocheckpoint = 0');
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

const checkpoints = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // A failed checkpoint is retried by the next one; commits report storage faults themselves.
  }
}, CHECKPOINT_INTERVAL_MS);
checkpoints.unref();

port.on('message', (request: WriterRequest) => {
  if (request.kind === 'close') {
    clearInterval(checkpoints);
    db.close();
    port.postMessage({ kind: 'closed' } satisfies WriterReply);
    port.close();
    return;
  }
  let reply: WriterReply;
  try {
    reply = request.kind === 'commit' ? { kind: 'committed', id: request.id, taken: batch.commit(request.batch) } : { kind: 'executed', id: request.id, changes: execute.immediate(request.statements) };
  } catch (err) {
    const { message, code } = err as { message?: unknown; code?: unknown };
    reply = { kind: 'failed', id: request.id, message: String(message ?? err), code: typeof code === 'string' ? code : undefined };
  }
  port.postMessage(reply);
});
port.postMessage({ kind: 'ready' } satisfies WriterReply);
