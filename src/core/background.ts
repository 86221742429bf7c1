import type { Logger } from './logger-type.js';

/**
 * The one way to fire and forget: the failure is logged and counted, never lost silently.
 */
export function runInBackground(log: Logger, what: string, work: Promise<unknown>, onFailure?: (err: unknown) => void): void {
  work.catch((err: unknown) => {
    log.warn({ err, what }, 'background task failed');
    onFailure?.(err);
  });
}
