export interface BackoffOptions {
  /** Cap of the first wait; each attempt doubles the cap up to maxDelayMs. */
  initialDelayMs: number;
  maxDelayMs: number;
}

/**
 * "Full jitter" exponential backoff: a uniform wait in [cap/2, cap], so a server restart does not see
 * every client come back in the same instant, and no client waits 0 ms in a tight loop.
 */
export function backoffDelay(attempt: number, options: BackoffOptions, random: () => number = Math.random): number {
  const cap = Math.min(options.maxDelayMs, options.initialDelayMs * 2 ** Math.min(attempt, 30));
  return Math.round(cap / 2 + (random() * cap) / 2);
}

/**
 * The wait a server asked for (`RetryAfterMs` of a refused sign-in), jittered within [1, 2] × it: never
 * sooner than told, and the clients a full line refused in one instant do not all return in another.
 */
export function retryAfterDelay(retryAfterMs: number, random: () => number = Math.random): number {
  return Math.round(retryAfterMs * (1 + random()));
}

/** `RetryAfterMs` of an `api.failed` reply's data, when the server sent one. */
export function readRetryAfterMs(data: unknown): number | undefined {
  const value = typeof data === 'object' && data !== null ? (data as { RetryAfterMs?: unknown }).RetryAfterMs : undefined;
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}
