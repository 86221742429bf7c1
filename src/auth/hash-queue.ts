import { GlideError } from '../core/index.js';

/** Which line a hash waits in: sign-ins (verifying) are always served before new passwords (hashing). */
export type HashPriority = 'signin' | 'create';

export interface HashQueueOptions {
  /** Jobs running at once (argon2 runs on libuv's pool; fewer than its threads leaves room for file I/O). */
  concurrency: number;
  /** Jobs waiting per priority; one more is refused with AUTH_BUSY (retryable). */
  maxWaiting: number;
}

interface Waiting {
  start: () => void;
}

/**
 * Bounds password hashing: a burst of registrations would otherwise queue unboundedly on the thread
 * pool and make every sign-in wait behind it. At most `concurrency` jobs run; the rest wait in two
 * lines, and a free slot always takes a waiting sign-in first. A full line refuses at once.
 */
export class HashQueue {
  private running = 0;
  private readonly lines: Record<HashPriority, Waiting[]> = { signin: [], create: [] };

  constructor(private readonly options: HashQueueOptions) {}

  /** Runs `job` when a slot is free. Throws AUTH_BUSY when `priority`'s line is full. */
  async run<T>(priority: HashPriority, job: () => Promise<T>): Promise<T> {
    if (this.running >= this.options.concurrency) {
      const line = this.lines[priority];
      if (line.length >= this.options.maxWaiting) throw new GlideError('AUTH_BUSY', `${line.length} ${priority === 'signin' ? 'sign-ins' : 'registrations'} waiting`);
      // The slot is handed over by the finishing job (running stays counted), so nobody can jump in between.
      await new Promise<void>((resolve) => line.push({ start: resolve }));
    } else {
      this.running++;
    }
    try {
      return await job();
    } finally {
      const next = this.lines.signin.shift() ?? this.lines.create.shift();
      if (next) next.start();
      else this.running--;
    }
  }

  /** Jobs waiting in each line, for metrics and tests. */
  get waiting(): Record<HashPriority, number> {
    return { signin: this.lines.signin.length, create: this.lines.create.length };
  }
}
