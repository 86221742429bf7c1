import { GlideError } from '../core/index.js';

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
  private running = 0;
  private readonly line: (() => void)[] = [];

  constructor(private readonly options: SigninGateOptions) {}

  /** Waits for a slot (throws AUTH_SIGNIN_BUSY when the line is full); call the returned release once the work is done. */
  async enter(): Promise<() => void> {
    if (this.running >= this.options.concurrency) {
      if (this.line.length >= this.options.maxWaiting) throw new GlideError('AUTH_SIGNIN_BUSY', `${this.line.length} sign-ins waiting`);
      // The slot is handed over by the leaving sign-in (running stays counted), so nobody can jump in between.
      await new Promise<void>((resolve) => this.line.push(resolve));
    } else {
      this.running++;
    }
    let isReleased = false;
    return () => {
      if (isReleased) return;
      isReleased = true;
      const next = this.line.shift();
      if (next) next();
      else this.running--;
    };
  }

  /** Sign-ins waiting, for metrics and tests. */
  get waiting(): number {
    return this.line.length;
  }
}
