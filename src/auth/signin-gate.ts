import { GlideError } from '../core/index.js';
import { BoundedSlots } from './bounded-slots.js';

export interface SigninGateOptions {
  /** Sign-ins whose work (credential check, offline sync, group sync, presence) runs at once on this node. */
  concurrency: number;
  /** Sign-ins waiting for a slot; one more is refused with AUTH_SIGNIN_BUSY (retryable). */
  maxWaiting: number;
}

/**
 * Admission for sign-ins: a storm (every client of a dead node, a bench connecting thousands a
 * second) would otherwise start all its database reads at once and time out in the pool. At most
 * `concurrency` sign-ins run; the rest wait in order; a full line refuses at once, so the client
 * backs off and retries (elsewhere) instead of waiting for a timeout.
 */
export class SigninGate {
  private readonly slots: BoundedSlots<'signin'>;

  constructor(options: SigninGateOptions) {
    this.slots = new BoundedSlots(options, ['signin']);
  }

  /** Waits for a slot (throws AUTH_SIGNIN_BUSY when the line is full); call the returned release once the work is done. */
  enter(): Promise<() => void> {
    return this.slots.acquire('signin', (waiting) => new GlideError('AUTH_SIGNIN_BUSY', `${waiting} sign-ins waiting`));
  }

  /** Sign-ins waiting, for metrics and tests. */
  get waiting(): number {
    return this.slots.waitingIn('signin');
  }
}
