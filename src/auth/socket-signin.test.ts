import { describe, expect, it } from 'vitest';
import type { Delivery } from '../delivery/index.js';
import type { ActionRouter, Connection } from '../gateway/index.js';
import { silentLogger } from '../log/index.js';
import type { Envelope } from '../protocol/index.js';
import type { AccountService } from './account-service.js';
import { SigninGate } from './signin-gate.js';
import { SocketSignin } from './socket-signin.js';
import { DEVICE_POLICY } from './types.js';

type Handler = (conn: Connection, envelope: Envelope) => Promise<void> | void;

/** A connection that records its replies; `isOpen` is flipped by the test. */
function fakeConnection(id: number): Connection & { replies: string[]; isOpen: boolean } {
  const replies: string[] = [];
  return {
    id,
    transport: 'ws',
    isOpen: true,
    identity: undefined,
    replies,
    reply: (_seq: number, envelope: { action: string }) => (replies.push(envelope.action), true),
    push: () => true,
    pushPrepared: () => true,
    close: () => undefined,
  } as unknown as Connection & { replies: string[]; isOpen: boolean };
}

describe('SocketSignin', () => {
  it('skips a sign-in whose connection closed while it waited for a slot (no token check, the slot goes on)', async () => {
    const verified: string[] = [];
    const accounts = {
      verifyToken: (token: string) => (verified.push(token), Promise.resolve({ uid: 7, device: 1 })),
      servers: () => [],
    } as unknown as AccountService;
    const delivery = { handle: () => undefined, deliver: () => 0, ref: () => ({ node: 0, connId: 0 }) } as unknown as Delivery;
    const gate = new SigninGate({ concurrency: 1, maxWaiting: 8, maxWaitMs: 10_000 });
    const signin = new SocketSignin({
      accounts,
      delivery,
      gate,
      directory: { bind: () => undefined, unbind: () => undefined, connectionsOf: () => new Set() },
      policy: DEVICE_POLICY.device,
      log: silentLogger(),
    });
    const routes = new Map<string, Handler>();
    signin.mount({ on: (action: string, handler: Handler) => routes.set(action, handler) } as unknown as ActionRouter);
    const auth = routes.get('api.auth')!;

    const busy = await gate.enter();
    const gaveUp = fakeConnection(1);
    const live = fakeConnection(2);
    const first = auth(gaveUp, { action: 'api.auth', seq: 1, data: { Token: 'gave-up' } } as Envelope);
    const second = auth(live, { action: 'api.auth', seq: 1, data: { Token: 'live' } } as Envelope);
    expect(gate.waiting).toBe(2);
    gaveUp.isOpen = false;
    busy();
    await Promise.all([first, second]);
    expect(verified).toEqual(['live']);
    expect(gaveUp.replies).toEqual([]);
    expect(live.replies).toEqual(['api.success']);
    // Every slot was given back: one enters at once.
    (await gate.enter())();
    expect(gate.waiting).toBe(0);
  });
});
