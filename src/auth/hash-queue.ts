import { GlideError } from '../core/index.js';
import { BoundedSlots } from './bounded-slots.js';

/** Which line a hash waits in: sign-ins (verifying) are always served before new passwords (hashing). */
export type HashPriority = 'signin' | 'create';

export interface HashQueueOptions {
  /** Jobs running at once (argon2 runs on libuv's pool; fewer than its threads leaves room for file I/O). */
  concurrency: number;
  /** Jobs waiting per priority; one more is refused with AUTH_BUSY (retryable). */
  maxWaiting: number;
}

/**
 * Bounds password hashing: a burst of registrations would otherwise queue unboundedly on the thread
 * pool and make every sign-in wait behind it. At most `concurrency` jobs run; the rest wait in two
 * lines, and a free slot always takes a waiting sign-in first. A full line refuses at once.
 */
export class HashQueue {
  private readonly slots: BoundedSlots<HashPriority>;

  constructor(options: HashQueueOptions) {
    this.slots = new BoundedSlots(options, ['signin', 'create']);
  }

  /** Runs `job` when a slot is free. Throws AUTH_BUSY when `priority`'s line is full. */
  async run<T>(priority: HashPriority, job: () => Promise<T>): Promise<T> {
    const release = await this.slots.acquire(priority, (waiting) => new GlideError('AUTH_BUSY', `${waiting} ${priority === 'signin' ? 'sign-ins' : 'registrations'} waiting`));
    try {
      return await job();
    } finally {
      release();
    }
  }

  /** Jobs waiting in each line, for metrics and tests. */
  get waiting(): Record<HashPriority, number> {
    return { signin: this.slots.waitingIn('signin'), create: this.slots.waitingIn('create') };
  }
}
