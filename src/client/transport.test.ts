import { describe, expect, it, vi } from 'vitest';
import { GlideClient } from './client.js';
import { failoverTransport, type TransportFactory, type WebSocketLike } from './transport.js';

describe('failoverTransport', () => {
  it('starts on a random transport and makes each new connection with a random other one', () => {
    const used: string[] = [];
    const named = (name: string): TransportFactory => () => {
      used.push(name);
      return { send: () => undefined, close: () => undefined };
    };
    const draws = [0.99, 0, 0.5, 0.99, 0];
    const factory = failoverTransport([named('a'), named('b'), named('c')], () => draws.shift()!);
    const handlers = { onOpen: () => undefined, onFrame: () => undefined, onClose: () => undefined };
    for (let i = 0; i < 5; i++) factory(handlers, 'json');
    expect(used).toEqual(['c', 'a', 'c', 'b', 'c']);
  });

  it("spreads the clients of one node over all the others on their next attempt, not onto the next in the list", () => {
    const next = new Map<string, number>();
    const handlers = { onOpen: () => undefined, onFrame: () => undefined, onClose: () => undefined };
    for (let client = 0; client < 400; client++) {
      let first: string | undefined;
      const named = (name: string): TransportFactory => () => {
        if (first === undefined) first = name;
        else if (first === 'a') next.set(name, (next.get(name) ?? 0) + 1);
        return { send: () => undefined, close: () => undefined };
      };
      const factory = failoverTransport(['a', 'b', 'c', 'd'].map(named));
      factory(handlers, 'json');
      factory(handlers, 'json');
    }
    // About 100 clients started on 'a'; each of the three others takes a share of them, 'a' none.
    expect(next.has('a')).toBe(false);
    for (const name of ['b', 'c', 'd']) expect(next.get(name) ?? 0).toBeGreaterThan(10);
  });

  it('refuses an empty list', () => {
    expect(() => failoverTransport([])).toThrow();
  });
});

/** A WebSocket whose every connection is refused (closed with 1006 right after it is made). */
class RefusedSocket implements WebSocketLike {
  static readonly urls: string[] = [];
  binaryType = 'arraybuffer';
  readonly readyState = 3;
  onopen: WebSocketLike['onopen'] = null;
  onmessage: WebSocketLike['onmessage'] = null;
  onclose: WebSocketLike['onclose'] = null;
  onerror: WebSocketLike['onerror'] = null;

  constructor(url: string) {
    RefusedSocket.urls.push(url);
    setTimeout(() => this.onclose?.({ code: 1006, reason: 'connection refused' }), 0);
  }

  send(): void {}
  close(): void {}
}

describe('GlideClient wsUrls', () => {
  it('reconnects to another URL of the list after each failed attempt', async () => {
    const urls = ['ws://127.0.0.1:1/ws', 'ws://127.0.0.1:2/ws', 'ws://127.0.0.1:3/ws'];
    const client = new GlideClient({ url: 'http://127.0.0.1:1', wsUrls: urls, WebSocket: RefusedSocket, reconnect: { initialDelayMs: 1, maxDelayMs: 2 } });
    const connecting = client.connect('token').catch((err: unknown) => err);
    await vi.waitFor(() => expect(RefusedSocket.urls.length).toBeGreaterThanOrEqual(6));
    client.close();
    expect(await connecting).toMatchObject({ code: 'CLOSED' });
    const tried = RefusedSocket.urls.slice(0, 6);
    for (let i = 1; i < tried.length; i++) expect(tried[i]).not.toBe(tried[i - 1]);
    expect(tried.every((url) => urls.includes(url))).toBe(true);
  });
});
