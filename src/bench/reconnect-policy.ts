/** How the bench's clients come back after a lost connection: as the SDK does, and how failures are tallied. */
import { backoffDelay, retryAfterDelay, type BackoffOptions } from '../client/index.js';
import { RetryLaterError } from './bench-socket.js';

export const RECONNECT_BACKOFF: BackoffOptions = { initialDelayMs: 500, maxDelayMs: 30_000 };

/** The wait before the next attempt: one the node asked for (jittered) replaces the backoff and does not grow it. */
export function reconnectDelay(err: unknown, failures: number): number {
  return err instanceof RetryLaterError ? retryAfterDelay(err.retryAfterMs) : backoffDelay(failures, RECONNECT_BACKOFF);
}

/**
 * A failed attempt's error as a tally key: digits out ("no reply in 59876 ms" and the like count as one
 * kind), but an HTTP status or a close code stays, since it names the limit or the reason.
 */
export function failureKind(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).replace(/(?<!(?:HTTP|closed) \d*)\d+/g, 'N').slice(0, 80);
}
