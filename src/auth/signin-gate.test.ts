import { describe, expect, it } from 'vitest';
import { GlideError } from '../core/index.js';
import { SigninBusyError, SigninGate } from './signin-gate.js';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('SigninGate', () => {
  it('admits `concurrency` sign-ins, queues the next in order and hands each freed slot to the oldest waiter', async () => {
    const gate = new SigninGate({ concurrency: 2, maxWaiting: 4, maxWaitMs: 10_000 });
    const order: number[] = [];
    const releases = await Promise.all([gate.enter(), gate.enter()]);
    const waiting = [3, 4].map((n) => gate.enter().then((release) => (order.push(n), release)));
    await tick();
    expect(gate.waiting).toBe(2);
    releases[0]!();
    releases[0]!(); // a second release of the same slot frees nothing more
    await tick();
    expect(order).toEqual([3]);
    releases[1]!();
    const later = await Promise.all(waiting);
    expect(order).toEqual([3, 4]);
    for (const release of later) release();
    // Every slot is free again: two enter at once.
    const again = await Promise.all([gate.enter(), gate.enter()]);
    expect(gate.waiting).toBe(0);
    for (const release of again) release();
  });

  it('refuses with the retryable AUTH_SIGNIN_BUSY once the line is full', async () => {
    const gate = new SigninGate({ concurrency: 1, maxWaiting: 1, maxWaitMs: 10_000 });
    const first = await gate.enter();
    const queued = gate.enter();
    const refusal = await gate.enter().catch((err: unknown) => err);
    expect(refusal).toBeInstanceOf(GlideError);
    expect((refusal as GlideError).code).toBe('AUTH_SIGNIN_BUSY');
    expect((refusal as GlideError).retryable).toBe(true);
    first();
    (await queued)();
  });

  it('refuses new sign-ins once the oldest waiting one has waited maxWaitMs, telling them to come back after about that long', async () => {
    let now = 1_000;
    const gate = new SigninGate({ concurrency: 1, maxWaiting: 100, maxWaitMs: 10_000, now: () => now });
    const running = await gate.enter();
    const queued = gate.enter();
    await tick();
    now += 9_999;
    expect(gate.backlogMs()).toBeUndefined();
    const second = gate.enter(); // still joins the line
    now += 2_001;
    expect(gate.backlogMs()).toBe(12_000);
    const refusal = await gate.enter().catch((err: unknown) => err);
    expect(refusal).toBeInstanceOf(SigninBusyError);
    expect((refusal as SigninBusyError).code).toBe('AUTH_SIGNIN_BUSY');
    expect((refusal as SigninBusyError).retryAfterMs).toBe(12_000);
    expect(gate.waiting).toBe(2);
    // The line moves: the oldest waiter now is the second, 2 s in.
    running();
    const next = await queued;
    expect(gate.backlogMs()).toBeUndefined();
    next();
    (await second)();
    // An empty line is never backed up, however long ago the last arrival was.
    now += 60_000;
    expect(gate.backlogMs()).toBeUndefined();
    (await gate.enter())();
  });
});

