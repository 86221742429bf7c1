import { describe, expect, it } from 'vitest';
import { ACTIONS, codecFor, writeApiAuthReply } from '../protocol/index.js';
import { readRetryAfterMs, retryAfterDelay } from './backoff.js';
import { GlideClient } from './client.js';
import type { TransportFactory } from './transport.js';

const RETRY_AFTER_MS = 300;

/**
 * A node whose sign-in line is full for the first `busyAttempts` connections: it answers their
 * `api.auth` with `api.failed` and a RetryAfterMs, then signs the next one in.
 */
function busyNode(busyAttempts: number): { factory: TransportFactory; openedAt: number[] } {
  const codec = codecFor('json');
  const openedAt: number[] = [];
  const factory: TransportFactory = (handlers) => {
    const attempt = openedAt.push(performance.now());
    let isClosed = false;
    const answer = (action: string, data: unknown, seq: number): void => {
      if (!isClosed) handlers.onFrame(codec.stamp(codec.prepare('g2', { action, data }), seq) as string);
    };
    setTimeout(() => handlers.onOpen(), 0);
    return {
      send: (frame) => {
        const { envelope } = codec.decode(frame);
        if (envelope.action !== ACTIONS.API_AUTH) return;
        setTimeout(() => {
          if (attempt <= busyAttempts) answer(ACTIONS.API_FAILED, { Code: 1001, Msg: '9 sign-ins waiting', RetryAfterMs: RETRY_AFTER_MS }, envelope.seq);
          else answer(ACTIONS.API_SUCCESS, writeApiAuthReply('g2', { uid: 7, token: 't', servers: [] }), envelope.seq);
        }, 0);
      },
      close: (code, reason) => {
        if (isClosed) return;
        isClosed = true;
        setTimeout(() => handlers.onClose(code, reason ?? ''), 0);
      },
    };
  };
  return { factory, openedAt };
}

describe('sign-in refused by a full line', () => {
  it('waits the RetryAfterMs the node sent (jittered, never sooner) and signs in on the next attempt', async () => {
    const node = busyNode(2);
    const client = new GlideClient({ url: 'http://127.0.0.1:1', transport: node.factory, reconnect: { initialDelayMs: 1, maxDelayMs: 2 } });
    await client.connect('token');
    expect(client.state).toBe('online');
    expect(client.uid).toBe(7);
    expect(node.openedAt).toHaveLength(3);
    for (let i = 1; i < node.openedAt.length; i++) expect(node.openedAt[i]! - node.openedAt[i - 1]!).toBeGreaterThanOrEqual(RETRY_AFTER_MS - 5);
    client.close();
  });

  it('waits as told instead of its own growing backoff, however many times the line refused it', async () => {
    const node = busyNode(4);
    // Its backoff alone would wait 30–60 s before the second attempt.
    const client = new GlideClient({ url: 'http://127.0.0.1:1', transport: node.factory, reconnect: { initialDelayMs: 60_000, maxDelayMs: 60_000 } });
    await client.connect('token');
    expect(node.openedAt).toHaveLength(5);
    for (let i = 1; i < node.openedAt.length; i++) expect(node.openedAt[i]! - node.openedAt[i - 1]!).toBeLessThan(2 * RETRY_AFTER_MS + 500);
    client.close();
  });

  it('is read from api.failed data only when it is a non-negative number', () => {
    expect(readRetryAfterMs({ Code: 1001, RetryAfterMs: 1_000 })).toBe(1_000);
    expect(readRetryAfterMs({ Code: 1001 })).toBeUndefined();
    expect(readRetryAfterMs({ RetryAfterMs: '1000' })).toBeUndefined();
    expect(readRetryAfterMs({ RetryAfterMs: -1 })).toBeUndefined();
    expect(readRetryAfterMs(null)).toBeUndefined();
    expect([0, 0.5, 1].map((r) => retryAfterDelay(1_000, () => r))).toEqual([1_000, 1_500, 2_000]);
  });
});
