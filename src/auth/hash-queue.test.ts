import { describe, expect, it } from 'vitest';
import { HashQueue } from './hash-queue.js';

/** A job that finishes when its `finish` is called. */
function gate(): { job: () => Promise<void>; finish: () => void; hasStarted: () => boolean } {
  let finish!: () => void;
  let hasStarted = false;
  const done = new Promise<void>((resolve) => (finish = resolve));
  return {
    job: () => {
      hasStarted = true;
      return done;
    },
    finish,
    hasStarted: () => hasStarted,
  };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('HashQueue', () => {
  it('runs at most `concurrency` jobs and gives a free slot to a waiting sign-in before earlier registrations', async () => {
    const queue = new HashQueue({ concurrency: 1, maxWaiting: 4 });
    const running = gate();
    const registration = gate();
    const signin = gate();
    const order: string[] = [];
    const first = queue.run('create', running.job);
    const second = queue.run('create', registration.job).then(() => order.push('registration'));
    const third = queue.run('signin', signin.job).then(() => order.push('signin'));
    await tick();
    expect([running.hasStarted(), registration.hasStarted(), signin.hasStarted()]).toEqual([true, false, false]);
    expect(queue.waiting).toEqual({ signin: 1, create: 1 });
    running.finish();
    await first;
    await tick();
    expect([registration.hasStarted(), signin.hasStarted()]).toEqual([false, true]);
    signin.finish();
    registration.finish();
    await Promise.all([second, third]);
    expect(order).toEqual(['signin', 'registration']);
    expect(queue.waiting).toEqual({ signin: 0, create: 0 });
  });

  it('refuses with AUTH_BUSY when a line is full, and the other line still has room', async () => {
    const queue = new HashQueue({ concurrency: 1, maxWaiting: 1 });
    const running = gate();
    const waiting = gate();
    const first = queue.run('create', running.job);
    const second = queue.run('create', waiting.job);
    await expect(queue.run('create', () => Promise.resolve())).rejects.toMatchObject({ code: 'AUTH_BUSY', status: 503, retryable: true });
    const signin = queue.run('signin', () => Promise.resolve('ok'));
    running.finish();
    waiting.finish();
    await expect(signin).resolves.toBe('ok');
    await Promise.all([first, second]);
  });

  it('frees the slot when a job fails', async () => {
    const queue = new HashQueue({ concurrency: 1, maxWaiting: 1 });
    await expect(queue.run('signin', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(queue.run('signin', () => Promise.resolve(1))).resolves.toBe(1);
  });
});
