import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { SqliteSync } from '../types.js';
import type { EncodedChatBatch } from './sqlite-chat-batch.js';
import { WriteGate } from './write-gate.js';

export interface WriterSetup {
  file: string;
  sync: SqliteSync;
  /** How often the checkpointer thread checkpoints (its default when unset). */
  checkpointMs?: number | undefined;
  /** Held around each write transaction, shared with the search indexer thread (write-gate.ts). */
  gate: Int32Array;
}

/** The writer thread's checkpointer thread (sqlite-checkpoint-worker.ts): the same file and durability level. */
export interface CheckpointerSetup extends Omit<WriterSetup, 'gate'> {
  /** Element 0 counts the checkpointer's finished checkpoints (shared memory: the writer reads it between commits). */
  checkpoints: Int32Array;
}

/** One compiled statement (SQL text and its parameters) for `execute`. */
export interface WriterStatement {
  sql: string;
  parameters: readonly unknown[];
  /** When set, any other changed row count rolls the whole transaction back (it fails with `UNEXPECTED_CHANGES`). */
  expectChanges?: number;
}

/** The code of an `execute` rolled back because a statement's changed row count was not its `expectChanges`. */
export const UNEXPECTED_CHANGES = 'GLIDE_UNEXPECTED_CHANGES';

export type WriterRequest = { kind: 'commit'; id: number; batch: EncodedChatBatch } | { kind: 'execute'; id: number; statements: WriterStatement[] } | { kind: 'close' };

export type WriterReply =
  | { kind: 'ready' }
  | { kind: 'committed'; id: number; taken: number[] }
  | { kind: 'executed'; id: number; changes: number[] }
  | { kind: 'failed'; id: number; message: string; code: string | undefined }
  | { kind: 'closed' };

/** Commits an encoded chat batch; resolves with the indices of taken keys (nothing written then). */
export interface ChatBatchWriter {
  commit(batch: EncodedChatBatch): Promise<number[]>;
  /** Resolves once the commits asked so far have settled (a read after them sees their writes). */
  settled(): Promise<void>;
  /** Waits for the commits already asked, then ends the writer. */
  close(): Promise<void>;
}

/** The thread's writer: chat batches, and other small writes. */
export interface SqliteWriter extends ChatBatchWriter {
  /**
   * Runs the statements in one transaction of their own, in turn with the commits; resolves with each
   * one's changed row count. For writes that must not fsync on the event loop nor wait there for the
   * write lock (the outbox's).
   */
  execute(statements: WriterStatement[]): Promise<number[]>;
  /** Loads the thread now (once the file is migrated), so the first commit does not wait for it. */
  start(): void;
}

interface Pending {
  /** The taken key indices of a commit, the changed row counts of an execute. */
  resolve: (numbers: number[]) => void;
  reject: (err: unknown) => void;
}

/** A driver-like error (message and SQLite code) rebuilt from the thread's reply: error mapping needs the code. */
function driverError(message: string, code: string | undefined): Error {
  return Object.assign(new Error(message), code === undefined ? {} : { code });
}

/**
 * Built, the thread runs the .js beside this file. From the sources (tsx, vitest) the thread registers
 * tsx first and then imports the .ts: Node 20 does not apply an `--import` loader to a worker's entry.
 */
function workerEntry(): { entry: string | URL; isEval: boolean } {
  if (!import.meta.url.endsWith('.ts')) return { entry: new URL('./sqlite-writer-worker.js', import.meta.url), isEval: false };
  // require.resolve answers the CommonJS build; its ESM twin beside it is the one that registers in a thread.
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const entry = new URL('./sqlite-writer-worker.ts', import.meta.url).href;
  return { entry: `import(${JSON.stringify(tsx)}).then(({ register }) => (register(), import(${JSON.stringify(entry)})));`, isEval: true };
}

/**
 * The chat batch writer in a worker thread with its own connection to the file. The event loop never
 * waits on a commit's fsync: the commit settles (and the acks go out) once the thread's COMMIT returned,
 * and meanwhile the next batch grows. Commits run one after another in the order asked. If the thread
 * dies, the commits in flight fail (STORE_INTERNAL on the caller's side) and the next commit starts a new one.
 */
export class SqliteWriterThread implements SqliteWriter {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private closing: Promise<void> | undefined;
  private settledWaiters: (() => void)[] = [];

  constructor(private readonly setup: WriterSetup) {}

  start(): void {
    if (!this.closing) this.worker ??= this.startThread();
  }

  settled(): Promise<void> {
    if (this.pending.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.settledWaiters.push(resolve));
  }

  private wakeSettled(): void {
    for (const wake of this.settledWaiters.splice(0)) wake();
  }

  commit(batch: EncodedChatBatch): Promise<number[]> {
    return this.ask((id) => ({ kind: 'commit', id, batch }), [batch.numbers.buffer as ArrayBuffer]);
  }

  execute(statements: WriterStatement[]): Promise<number[]> {
    return this.ask((id) => ({ kind: 'execute', id, statements }), []);
  }

  private ask(request: (id: number) => WriterRequest, transfer: ArrayBuffer[]): Promise<number[]> {
    if (this.closing) return Promise.reject(driverError('database connection is not open', undefined));
    const worker = (this.worker ??= this.startThread());
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      // Referenced only while commits are in flight: an idle writer never keeps the process alive.
      if (this.pending.size === 0) worker.ref();
      this.pending.set(id, { resolve, reject });
      worker.postMessage(request(id), transfer);
    });
  }

  close(): Promise<void> {
    this.closing ??= this.stop();
    return this.closing;
  }

  private async stop(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    // The thread answers in order: 'closed' comes after every commit asked before it.
    await new Promise<void>((resolve) => {
      worker.once('exit', () => resolve());
      // Referenced until it exits: an unreferenced thread would let the process end before close settles.
      worker.ref();
      worker.postMessage({ kind: 'close' } satisfies WriterRequest);
    });
  }

  private startThread(): Worker {
    const { entry, isEval } = workerEntry();
    const worker = new Worker(entry, { eval: isEval, workerData: this.setup satisfies WriterSetup });
    // Referenced only while commits are in flight (ask): a thread started ahead never keeps the process alive.
    worker.unref();
    worker.on('message', (reply: WriterReply) => {
      if (reply.kind === 'ready') return;
      if (reply.kind === 'closed') {
        void worker.terminate();
        return;
      }
      const waiter = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if (reply.kind === 'committed') waiter?.resolve(reply.taken);
      else if (reply.kind === 'executed') waiter?.resolve(reply.changes);
      else waiter?.reject(driverError(reply.message, reply.code));
      if (this.pending.size === 0) {
        worker.unref();
        this.wakeSettled();
      }
    });
    const fail = (err: unknown) => {
      if (this.worker === worker) this.worker = undefined;
      for (const waiter of this.pending.values()) waiter.reject(err);
      this.pending.clear();
      this.wakeSettled();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => {
      WriteGate.reset(this.setup.gate);
      fail(driverError(`the SQLite writer thread exited (code ${code})`, undefined));
    });
    return worker;
  }
}
