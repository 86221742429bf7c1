/**
 * A lock in shared memory that the SQLite chat writer thread and the search indexer thread take around
 * each write transaction, so they never meet on SQLite's own write lock. There, the one that waits sleeps
 * in SQLite's busy handler (1, 2, 5, 10, 15, 20, 25… ms between tries) and wakes up to twice the other's
 * hold late; here it wakes when the lock is let go. SQLite's lock still guards the file: the gate only
 * orders the two threads (a wait gives up after `waitMs` and leaves it to SQLite's busy timeout).
 * Word: 0 free, 1 held, 2 held with a thread waiting (a futex mutex).
 */
export class WriteGate {
  constructor(
    private readonly word: Int32Array,
    private readonly waitMs = 5000,
  ) {}

  /** The shared word for both threads (transferable in workerData). */
  static createWord(): Int32Array {
    return new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
  }

  /** Blocks the calling thread until the gate is held (true), or `waitMs` passed (false: not held). */
  acquire(): boolean {
    let state = Atomics.compareExchange(this.word, 0, 0, 1);
    if (state === 0) return true;
    const deadline = performance.now() + this.waitMs;
    do {
      if (state === 2 || Atomics.compareExchange(this.word, 0, 1, 2) !== 0) {
        const left = deadline - performance.now();
        if (left <= 0) return false;
        Atomics.wait(this.word, 0, 2, left);
      }
      state = Atomics.compareExchange(this.word, 0, 0, 2);
    } while (state !== 0);
    return true;
  }

  /** Lets the gate go; true when another thread was waiting for it. */
  release(): boolean {
    if (Atomics.sub(this.word, 0, 1) === 1) return false;
    Atomics.store(this.word, 0, 0);
    Atomics.notify(this.word, 0, 1);
    return true;
  }

  /** After a holder died: nothing holds it any more. */
  static reset(word: Int32Array): void {
    Atomics.store(word, 0, 0);
    Atomics.notify(word, 0);
  }
}
