import { GlideError } from '../core/index.js';
import { BoundedSlots } from './bounded-slots.js';

export interface SigninGateOptions {
  /** Sign-ins whose work (credential check, offline sync, group sync, presence) runs at once on this node. */
  concurrency: number;
  /** Sign-ins waiting for a slot; one more is refused with AUTH_SIGNIN_BUSY (retryable). */
  maxWaiting: number;
  /**
   * Once the oldest waiting sign-in has waited this long, new ones are refused (AUTH_SIGNIN_BUSY, told to
   * come back after about that long): a line that long would keep them past the gateway's auth timeout.
   */
  maxWaitMs: number;
  now?: () => number;
}

/** A full or slow line: come back after `retryAfterMs` (the client adds jitter). */
export class SigninBusyError extends GlideError {
  constructor(
    readonly retryAfterMs: number,
    detail: string,
  ) {
    super('AUTH_SIGNIN_BUSY', detail);
  }
}

/** What a refused sign-in is told to wait, at least and at most. */
const RETRY_AFTER_MIN_MS = 1_000;
const RETRY_AFTER_MAX_MS = 30_000;

/**
 * Admission for sign-ins: a storm (every client of a dead node, a bench connecting thousands a
 * second) would otherwise start all its database reads at once and time out in the pool. At most
 * `concurrency` sign-ins run; the rest wait in order. A full line, or one whose oldest has waited
 * `maxWaitMs`, refuses at once and says when to come back (about as long as the line takes now), so
 * the client waits as told instead of sitting in a line until the auth timeout closes its connection.
 */
export class SigninGate {
  private readonly slots: BoundedSlots<'signin'>;
  /** When each sign-in not yet given a slot arrived, oldest first. */
  private readonly arrivals: number[] = [];
  private readonly now: () => number;

  constructor(private readonly options: SigninGateOptions) {
    this.slots = new BoundedSlots(options, ['signin']);
    this.now = options.now ?? Date.now;
  }

  /** Waits for a slot (throws SigninBusyError when the line is full or slow); call the returned release once the work is done. */
  async enter(): Promise<() => void> {
    const backlogMs = this.backlogMs();
    if (backlogMs !== undefined) throw new SigninBusyError(backlogMs, `${this.slots.waitingIn('signin')} sign-ins waiting`);
    this.arrivals.push(this.now());
    let release: () => void;
    try {
      release = await this.slots.acquire('signin', (waiting) => new SigninBusyError(RETRY_AFTER_MIN_MS, `${waiting} sign-ins waiting`));
    } catch (err) {
      this.arrivals.pop();
      throw err;
    }
    this.arrivals.shift();
    return release;
  }

  /**
   * How long a sign-in arriving now should stay away, when the line is too slow to take it (its
   * oldest has waited `maxWaitMs` or more); undefined while it is not. The gateway refuses upgrades then too.
   */
  backlogMs(): number | undefined {
    const oldest = this.slots.waitingIn('signin') > 0 ? this.arrivals[0] : undefined;
    if (oldest === undefined) return undefined;
    const waitedMs = this.now() - oldest;
    if (waitedMs < this.options.maxWaitMs) return undefined;
    return Math.min(RETRY_AFTER_MAX_MS, Math.max(RETRY_AFTER_MIN_MS, Math.round(waitedMs)));
  }

  /** Sign-ins waiting, for metrics and tests. */
  get waiting(): number {
    return this.slots.waitingIn('signin');
  }
}
