// The SQLite WAL checkpointer: a thread of its own (started by the chat writer thread) with its own
// connection, so a checkpoint's page copies and fsync of the database file never hold up a commit: the
// writer thread keeps appending to the WAL meanwhile (PASSIVE takes no lock a writer needs), and copies
// the frames appended meanwhile itself once this checkpoint is done (its catchUp: the WAL can restart).
import BetterSqlite3 from 'better-sqlite3';
import { isMainThread, workerData } from 'node:worker_threads';
import type { CheckpointerSetup } from './sqlite-writer-thread.js';

/**
 * Once a second rather than four times: a page dirtied by many commits is copied to the file once per
 * checkpoint (measured on the writer thread: 7 → 3 µs of thread CPU per message). Both other connections
 * have SQLite's auto-checkpoint off, so this is the only one; PASSIVE never waits for readers or the writer.
 */
const CHECKPOINT_INTERVAL_MS = 1000;

// The writer thread stops it with terminate(): it has nothing to say and listens for nothing.
if (isMainThread) throw new Error('sqlite-checkpoint-worker runs as a worker thread');
const setup = workerData as CheckpointerSetup;
const db = new BetterSqlite3(setup.file);
// The database file is synced before the WAL may restart over what was copied: at the writer's level.
db.pragma(`synchronous = ${setup.sync.toUpperCase()}`);
db.pragma('wal_autocheckpoint = 0');

setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // A failed checkpoint is retried by the next one; commits report storage faults themselves.
  }
  // The writer copies what was committed meanwhile (sqlite-writer-worker.ts): the WAL can then restart.
  Atomics.add(setup.checkpoints, 0, 1);
}, setup.checkpointMs ?? CHECKPOINT_INTERVAL_MS);
