/**
 * Who hears an item's outcome (`submitTo`): the caller's own object, so a submit costs no promise and no
 * closures (the 1:1 send path, per message). `resolve` and `reject` must not throw.
 */
export interface BatchWaiter<T, R> {
  readonly item: T;
  resolve(result: R): void;
  reject(err: unknown): void;
}

/**
 * Group commit: items queue while one batch is being written; when it finishes, everything that
 * arrived meanwhile goes as the next batch (up to `maxBatch`). A lone item is written at once (no
 * timer, no added latency); under load batches grow by themselves. With `gatherMs`, a batch starts no
 * sooner than that after the previous one started: when writes are quick (a fast disk, a thread that
 * commits), batches would otherwise stay at one or two items, each paying a whole commit. Each item's
 * promise settles when its batch does; a failed batch rejects all its items.
 */
export class Batcher<T, R> {
  private queue: BatchWaiter<T, R>[] = [];
  private isWriting = false;
  private idleWaiters: (() => void)[] = [];
  private lastStart = -Infinity;

  constructor(
    private readonly write: (items: T[]) => Promise<R[]>,
    private readonly maxBatch: number,
    private readonly onBatch?: (size: number, ms: number) => void,
    /** Awaited between batches while more are queued (Node: setImmediate), see drain. */
    private readonly pause?: () => Promise<void>,
    /** Work the writer keeps aside (e.g. cursors) that is due: a batch runs for it even with nothing queued. */
    private readonly isSideWorkDue?: () => boolean,
    /** Least time between the starts of two batches (0: none); a batch after a quiet spell starts at once. */
    private readonly gatherMs = 0,
  ) {}

  get pending(): number {
    return this.queue.length;
  }

  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => this.submitTo({ item, resolve, reject }));
  }

  /** Like submit, with the outcome told to `waiter` instead of a promise. */
  submitTo(waiter: BatchWaiter<T, R>): void {
    this.queue.push(waiter);
    if (!this.isWriting) void this.drain();
  }

  /** Starts a batch for side work when none is running (a running one takes it along, or the next does). */
  kick(): void {
    if (!this.isWriting) void this.drain();
  }

  /** Until `gatherMs` after the last batch started; undefined when that has passed. */
  private gathering(): Promise<void> | undefined {
    const waitMs = this.lastStart + this.gatherMs - performance.now();
    return waitMs >= 1 ? new Promise((resolve) => setTimeout(resolve, waitMs)) : undefined;
  }

  /** Resolves when nothing is queued or being written. */
  idle(): Promise<void> {
    if (!this.isWriting && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private async drain(): Promise<void> {
    this.isWriting = true;
    const gathering = this.gathering();
    if (gathering) await gathering;
    while (this.queue.length > 0 || this.isSideWorkDue?.()) {
      // Under a backlog the head is cut off in place (splice) rather than the rest copied per batch.
      const batch = this.queue.length <= this.maxBatch ? this.queue : this.queue.splice(0, this.maxBatch);
      if (batch === this.queue) this.queue = [];
      const started = performance.now();
      this.lastStart = started;
      let results: R[] | undefined;
      try {
        results = await this.write(batch.map((entry) => entry.item));
      } catch (err) {
        for (const entry of batch) entry.reject(err);
      }
      // Outside the try: each item is told its batch's outcome once.
      if (results) {
        if (batch.length > 0) this.onBatch?.(batch.length, performance.now() - started);
        for (let i = 0; i < batch.length; i++) batch[i]!.resolve(results[i] as R);
      }
      // With a synchronous driver (SQLite) a write resolves in microtasks only: give the event loop a turn
      // before the next batch so socket writes and reads are not starved under backlog (it also lets the
      // next batch grow).
      if (this.queue.length > 0 || this.isSideWorkDue?.()) await (this.gathering() ?? this.pause?.());
    }
    this.isWriting = false;
    for (const wake of this.idleWaiters.splice(0)) wake();
  }
}

const nodeSetImmediate = (globalThis as { setImmediate?: (callback: () => void) => unknown }).setImmediate;

/** Resolves after pending I/O callbacks had their turn (setImmediate in Node, a zero timeout elsewhere). */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => (nodeSetImmediate ? nodeSetImmediate(() => resolve()) : setTimeout(resolve, 0)));
}
