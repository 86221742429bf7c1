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
