import { afterEach, describe, expect, it, vi } from 'vitest';
import { FAILURE_SUMMARY_MS, runInBackground } from './background.js';
import type { Logger } from './logger-type.js';

/** A logger that keeps its warn lines. */
function recordingLogger(): { log: Logger; warns: Array<Record<string, unknown>> } {
  const warns: Array<Record<string, unknown>> = [];
  const noop = (): void => undefined;
  const log: Logger = { level: 'warn', child: () => log, trace: noop, debug: noop, info: noop, warn: (obj: object | string, msg?: string) => void warns.push({ ...(obj as object), msg }), error: noop, fatal: noop };
  return { log, warns };
}

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('runInBackground', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('logs the first failure of a burst in full, then one line per interval with how many more failed', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { log, warns } = recordingLogger();
    const failures: unknown[] = [];
    for (let i = 0; i < 100; i++) runInBackground(log, 'chat write', Promise.reject(new Error(`failed ${i}`)), (err) => failures.push(err));
    runInBackground(log, 'presence add', Promise.reject(new Error('other task')));
    await settle();
    expect(failures).toHaveLength(100);
    expect(warns.map((w) => [w.what, w.msg])).toEqual([
      ['chat write', 'background task failed'],
      ['presence add', 'background task failed'],
    ]);
    expect((warns[0]!.err as Error).message).toBe('failed 0');

    vi.advanceTimersByTime(FAILURE_SUMMARY_MS);
    expect(warns.slice(2)).toEqual([{ what: 'chat write', failed: 99, overMs: FAILURE_SUMMARY_MS, reason: 'failed 99', msg: 'background tasks failed' }]);

    // Still failing: summed again; then a quiet interval closes the burst, and the next failure is logged in full.
    runInBackground(log, 'chat write', Promise.reject(new Error('late')));
    await settle();
    vi.advanceTimersByTime(FAILURE_SUMMARY_MS);
    expect(warns.slice(3).map((w) => [w.failed, w.msg])).toEqual([[1, 'background tasks failed']]);
    vi.advanceTimersByTime(FAILURE_SUMMARY_MS);
    runInBackground(log, 'chat write', Promise.reject(new Error('after the quiet')));
    await settle();
    expect(warns.slice(4).map((w) => [(w.err as Error).message, w.msg])).toEqual([['after the quiet', 'background task failed']]);
  });
});
