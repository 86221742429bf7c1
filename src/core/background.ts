import { errorFields } from './errors.js';
import type { Logger } from './logger-type.js';

/** How long the failures of one task (per logger and name) are summed into one line after the first. */
export const FAILURE_SUMMARY_MS = 10_000;

interface Burst {
  failed: number;
  last: unknown;
}

/**
 * Open bursts by logger (an area's or a node's), then by task name. Keyed by the logger so in-process
 * nodes and tests don't share counts; a WeakMap so a dropped logger takes its bursts with it.
 */
const bursts = new WeakMap<Logger, Map<string, Burst>>();

/**
 * The one way to fire and forget: the failure is logged and counted, never lost silently.
 */
export function runInBackground(log: Logger, what: string, work: Promise<unknown>, onFailure?: (err: unknown) => void): void {
  work.catch((err: unknown) => {
    logBackgroundFailure(log, what, err);
    onFailure?.(err);
  });
}

/**
 * Logs a background task's failure: the first of a burst in full, then one line per FAILURE_SUMMARY_MS with
 * how many more failed. A cluster that falls behind fails thousands of chat writes a second, and pino's
 * synchronous write of each (with its stack) was 4 % of a node's CPU (issue 17); the counts stay in metrics.
 */
export function logBackgroundFailure(log: Logger, what: string, err: unknown): void {
  let byTask = bursts.get(log);
  if (!byTask) {
    byTask = new Map();
    bursts.set(log, byTask);
  }
  const open = byTask.get(what);
  if (open) {
    open.failed++;
    open.last = err;
    return;
  }
  log.warn({ err, what }, 'background task failed');
  const burst: Burst = { failed: 0, last: undefined };
  byTask.set(what, burst);
  const tasks = byTask;
  const summarize = (): void => {
    if (burst.failed === 0) {
      tasks.delete(what);
      return;
    }
    log.warn({ ...errorFields(burst.last), what, failed: burst.failed, overMs: FAILURE_SUMMARY_MS }, 'background tasks failed');
    burst.failed = 0;
    burst.last = undefined;
    unref(setTimeout(summarize, FAILURE_SUMMARY_MS));
  };
  unref(setTimeout(summarize, FAILURE_SUMMARY_MS));
}

/** A summary timer must not keep a closing process alive (Node's timers have unref; a browser's do not). */
function unref(timer: unknown): void {
  (timer as { unref?: () => void }).unref?.();
}
