// The SQLite search indexer's thread: its own connection to the store's file (WAL: the main thread's
// readers and the chat writer thread keep working; steps take the write lock with BEGIN IMMEDIATE).
import { Kysely, sql } from 'kysely';
import { parentPort, workerData } from 'node:worker_threads';
import type { Clock, Logger } from '../../core/index.js';
import { sqliteDialect } from './dialects/sqlite.js';
import { GuardedDialect } from './guarded-dialect.js';
import { sqliteDeferredIndex } from './dialects/sqlite-search-index.js';
import type { IndexerReply, IndexerRequest, IndexerSetup } from './sqlite-indexer-thread.js';
import { SearchIndexer } from './search-indexer.js';
import type { Database } from './schema.js';

const port = parentPort;
if (!port) throw new Error('sqlite-indexer-worker runs as a worker thread');
const setup = workerData as IndexerSetup;
// Guarded like the main store: a step SQLite rolled back itself (SQLITE_FULL) reports that error, not "cannot rollback".
const db = new Kysely<Database>({ dialect: new GuardedDialect(sqliteDialect(setup.file, setup.sync, undefined, setup.gate)) });
// The chat writer thread checkpoints once a second, for every connection. SQLite's default (a checkpoint
// in the commit that finds 1,000 pages in the WAL) made nearly every step of this thread copy the WAL at
// high rates: ten checkpoints a second, each dearer as the file grows (bench/micro/sqlite-growth.ts).
// Messages wait in the port until the listener below is added.
await sql`pragma wal_autocheckpoint = 0`.execute(db);

/** The main thread's time as of the last request (lateMs is measured on the store's clock). */
let now = 0;
const clock: Clock = { now: () => now, every: () => () => undefined };

const forward =
  (level: 'info' | 'warn') =>
  (fields: unknown, message?: string): void => {
    const reply: IndexerReply = { kind: 'log', level, fields: typeof fields === 'object' && fields !== null ? { ...fields } : {}, message: message ?? '' };
    port.postMessage(reply);
  };
const silent = () => undefined;
const log: Logger = { level: 'info', child: () => log, trace: silent, debug: silent, info: forward('info'), warn: forward('warn'), error: forward('warn'), fatal: forward('warn') };

const indexer = new SearchIndexer({ db, clock }, sqliteDeferredIndex, log, setup.options);

port.on('message', (request: IndexerRequest) => {
  if (request.kind === 'close') {
    void indexer
      .close()
      .then(() => db.destroy())
      .finally(() => {
        port.postMessage({ kind: 'closed' } satisfies IndexerReply);
        port.close();
      });
    return;
  }
  now = Math.max(now, request.now);
  const work = request.isFlush ? indexer.flush().then(() => true) : indexer.catchUp();
  work.then(
    (isBusy) => port.postMessage({ kind: 'done', id: request.id, isBusy } satisfies IndexerReply),
    (err: unknown) => {
      const { message, code } = err as { message?: unknown; code?: unknown };
      port.postMessage({ kind: 'failed', id: request.id, message: String(message ?? err), code: typeof code === 'string' ? code : undefined } satisfies IndexerReply);
    },
  );
});
