import { IdleBackoffTimer } from './idle-backoff-timer.js';
import { Worker } from 'node:worker_threads';
import type { Kysely } from 'kysely';
import { runInBackground, type Clock, type Logger } from '../../core/index.js';
import type { SearchIndexUpkeep } from '../search-store.js';
import type { SqliteSync } from '../types.js';
import type { SearchTable } from './dialects/search-dialect.js';
import { queueChanged, SEARCH_INDEXER_DEFAULTS, type SearchIndexerOptions } from './search-indexer.js';
import { threadEntry } from './thread-entry.js';
import { WriteGate } from './write-gate.js';

export interface IndexerSetup {
  file: string;
  sync: SqliteSync;
  /** Held around each write transaction, shared with the chat writer thread (write-gate.ts). */
  gate: Int32Array;
  options: SearchIndexerOptions;
}

/** `now` is the main thread's clock (tests drive it by hand): the thread has none of its own. */
export type IndexerRequest = { kind: 'step'; id: number; now: number; isFlush: boolean } | { kind: 'close' };

export type IndexerReply =
  /** `isBusy`: a timed step indexed or checked anything (the timer's interval goes back to the shortest). */
  | { kind: 'done'; id: number; isBusy: boolean }
  | { kind: 'failed'; id: number; message: string; code: string | undefined }
  | { kind: 'log'; level: 'info' | 'warn'; fields: Record<string, unknown>; message: string }
  | { kind: 'closed' };

interface Pending {
  resolve: (isBusy: boolean) => void;
  reject: (err: unknown) => void;
}

/**
 * The SQLite search indexer (search-indexer.ts) in a worker thread with its own connection to the file:
 * tokenizing, the FTS5 inserts and each step's commit (and fsync) never run on the event loop. The timer
 * stays here, on the store's clock, and asks the thread for a catch-up when none is running; a search's
 * `flush` asks it to bring the index up to what is stored and waits for that (each step in the thread is
 * one bounded transaction, so a search waits at most for the backlog, never for the event loop). If the
 * thread dies, the requests in flight fail and the next one starts a new thread.
 */
export class SqliteIndexerThread implements SearchIndexUpkeep {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private isTicking = false;
  private readonly timer: IdleBackoffTimer;
  private closing: Promise<void> | undefined;

  constructor(
    private readonly setup: Omit<IndexerSetup, 'options'>,
    private readonly db: Kysely<unknown>,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly options: SearchIndexerOptions = SEARCH_INDEXER_DEFAULTS,
  ) {
    this.timer = new IdleBackoffTimer(clock, options, () => this.tick());
  }

  start(): void {
    this.timer.start();
  }

  /** How long the timer now waits between steps (as SearchIndexer's: idle nodes barely poll). */
  get stepIntervalMs(): number {
    return this.timer.intervalMs;
  }

  async flush(): Promise<void> {
    if (!this.closing) await this.request(true);
  }

  private tick(): void {
    if (this.isTicking || this.closing) return;
    this.isTicking = true;
    const step = this.request(false).then((isBusy) => {
      if (!this.closing) this.timer.stepped(isBusy);
    });
    runInBackground(this.log, 'search index', step.finally(() => (this.isTicking = false)));
  }

  /** In the caller's transaction on the main connection, as SearchIndexer.changed. */
  changed(table: SearchTable, mids: readonly number[], db: Kysely<unknown> = this.db): Promise<void> {
    return queueChanged(db, table, mids);
  }

  close(): Promise<void> {
    this.closing ??= this.stop();
    return this.closing;
  }

  private request(isFlush: boolean): Promise<boolean> {
    const worker = (this.worker ??= this.startThread());
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      // Referenced only while a request is in flight: an idle indexer never keeps the process alive.
      if (this.pending.size === 0) worker.ref();
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ kind: 'step', id, now: this.clock.now(), isFlush } satisfies IndexerRequest);
    });
  }

  private async stop(): Promise<void> {
    this.timer.stop();
    const worker = this.worker;
    if (!worker) return;
    // The thread stops after its current step (the rest is picked up by the next start, from the mark).
    await new Promise<void>((resolve) => {
      worker.once('exit', () => resolve());
      // Referenced until it exits: an unreferenced thread would let the process end before close settles.
      worker.ref();
      worker.postMessage({ kind: 'close' } satisfies IndexerRequest);
    });
  }

  private startThread(): Worker {
    const { entry, isEval } = threadEntry('sqlite-indexer-worker', import.meta.url);
    const worker = new Worker(entry, { eval: isEval, workerData: { ...this.setup, options: this.options } satisfies IndexerSetup });
    worker.unref();
    worker.on('message', (reply: IndexerReply) => {
      if (reply.kind === 'log') {
        this.log[reply.level](reply.fields, reply.message);
        return;
      }
      if (reply.kind === 'closed') {
        void worker.terminate();
        return;
      }
      const waiter = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if (reply.kind === 'done') waiter?.resolve(reply.isBusy);
      else waiter?.reject(Object.assign(new Error(reply.message), reply.code === undefined ? {} : { code: reply.code }));
      if (this.pending.size === 0) worker.unref();
    });
    const fail = (err: unknown) => {
      if (this.worker === worker) this.worker = undefined;
      for (const waiter of this.pending.values()) waiter.reject(err);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => {
      // A thread stopped inside a step leaves the gate held: the chat writer would wait out its timeout each commit.
      WriteGate.reset(this.setup.gate);
      fail(new Error(`the SQLite search indexer thread exited (code ${code})`));
    });
    return worker;
  }
}
