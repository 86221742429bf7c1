import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Logger } from '../../core/index.js';
import type { SqliteSync } from '../types.js';
import type { EncodedChatBatch } from './sqlite-chat-batch.js';

export interface WriterSetup {
  file: string;
  sync: SqliteSync;
  /** How often the checkpointer thread checkpoints (its default when unset). */
  checkpointMs?: number | undefined;
}

/** The writer thread's checkpointer thread (sqlite-checkpoint-worker.ts): the same file and durability level. */
export interface CheckpointerSetup extends WriterSetup {
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

/** `index`: search indexer steps on the thread's connection (sqlite-indexer-thread.ts); `now` is the main thread's clock. */
export type WriterRequest =
  | { kind: 'commit'; id: number; batch: EncodedChatBatch }
  | { kind: 'execute'; id: number; statements: WriterStatement[] }
  | { kind: 'index'; id: number; now: number; isFlush: boolean }
  | { kind: 'close' };

export type WriterReply =
  | { kind: 'ready' }
  | { kind: 'committed'; id: number; taken: number[] }
  | { kind: 'executed'; id: number; changes: number[] }
  /** `isBusy`: the steps indexed or checked anything. */
  | { kind: 'indexed'; id: number; isBusy: boolean }
  | { kind: 'log'; level: 'info' | 'warn'; fields: Record<string, unknown>; message: string }
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

interface Pending<T> {
  resolve: (value: T) => void;
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
  /** Commits and executes: the taken key indices of a commit, the changed row counts of an execute. */
  private readonly pending = new Map<number, Pending<number[]>>();
  /** Index requests: whether the steps did anything. */
  private readonly indexing = new Map<number, Pending<boolean>>();
  /** Where the thread's indexer logs (the last `index` caller's logger). */
  private indexLog: Logger | undefined;
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
    return this.ask(this.pending, (id) => ({ kind: 'commit', id, batch }), [batch.numbers.buffer as ArrayBuffer]);
  }

  execute(statements: WriterStatement[]): Promise<number[]> {
    return this.ask(this.pending, (id) => ({ kind: 'execute', id, statements }), []);
  }

  /**
   * Search indexer steps on the thread's connection, in turn with the commits (one step at a time, the
   * commits asked meanwhile before the next): until the backlog is indexed (`isFlush`: once anything is new).
   */
  index(now: number, isFlush: boolean, log: Logger): Promise<boolean> {
    this.indexLog = log;
    return this.ask(this.indexing, (id) => ({ kind: 'index', id, now, isFlush }), []);
  }

  private get inFlight(): number {
    return this.pending.size + this.indexing.size;
  }

  private ask<T>(into: Map<number, Pending<T>>, request: (id: number) => WriterRequest, transfer: ArrayBuffer[]): Promise<T> {
    if (this.closing) return Promise.reject(driverError('database connection is not open', undefined));
    const worker = (this.worker ??= this.startThread());
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      // Referenced only while requests are in flight: an idle writer never keeps the process alive.
      if (this.inFlight === 0) worker.ref();
      into.set(id, { resolve, reject });
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

  private settle(reply: Exclude<WriterReply, { kind: 'ready' | 'closed' | 'log' }>): void {
    if (reply.kind === 'indexed' || (reply.kind === 'failed' && this.indexing.has(reply.id))) {
      const waiter = this.indexing.get(reply.id);
      this.indexing.delete(reply.id);
      if (reply.kind === 'indexed') waiter?.resolve(reply.isBusy);
      else waiter?.reject(driverError(reply.message, reply.code));
      return;
    }
    const waiter = this.pending.get(reply.id);
    this.pending.delete(reply.id);
    if (reply.kind === 'committed') waiter?.resolve(reply.taken);
    else if (reply.kind === 'executed') waiter?.resolve(reply.changes);
    else waiter?.reject(driverError(reply.message, reply.code));
    if (this.pending.size === 0) this.wakeSettled();
  }

  private startThread(): Worker {
    const { entry, isEval } = workerEntry();
    const worker = new Worker(entry, { eval: isEval, workerData: this.setup satisfies WriterSetup });
    // Referenced only while requests are in flight (ask): a thread started ahead never keeps the process alive.
    worker.unref();
    worker.on('message', (reply: WriterReply) => {
      if (reply.kind === 'ready') return;
      if (reply.kind === 'log') {
        this.indexLog?.[reply.level](reply.fields, reply.message);
        return;
      }
      if (reply.kind === 'closed') {
        void worker.terminate();
        return;
      }
      this.settle(reply);
      if (this.inFlight === 0) worker.unref();
    });
    const fail = (err: unknown) => {
      if (this.worker === worker) this.worker = undefined;
      for (const waiter of [...this.pending.values(), ...this.indexing.values()]) waiter.reject(err);
      this.pending.clear();
      this.indexing.clear();
      this.wakeSettled();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(driverError(`the SQLite writer thread exited (code ${code})`, undefined)));
    return worker;
  }
}
