import { describe, expect, it, vi } from 'vitest';
import { GlideClient } from './client.js';
import { failoverTransport, type TransportFactory, type WebSocketLike } from './transport.js';

describe('failoverTransport', () => {
  it('makes each new connection with the next transport, wrapping around', () => {
    const used: string[] = [];
    const named = (name: string): TransportFactory => () => {
      used.push(name);
      return { send: () => undefined, close: () => undefined };
    };
    const factory = failoverTransport([named('a'), named('b'), named('c')]);
    const handlers = { onOpen: () => undefined, onFrame: () => undefined, onClose: () => undefined };
    for (let i = 0; i < 5; i++) factory(handlers, 'json');
    expect(used).toEqual(['a', 'b', 'c', 'a', 'b']);
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
  it('reconnects to the next URL of the list after each failed attempt', async () => {
    const urls = ['ws://127.0.0.1:1/ws', 'ws://127.0.0.1:2/ws', 'ws://127.0.0.1:3/ws'];
    const client = new GlideClient({ url: 'http://127.0.0.1:1', wsUrls: urls, WebSocket: RefusedSocket, reconnect: { initialDelayMs: 1, maxDelayMs: 2 } });
    const connecting = client.connect('token').catch((err: unknown) => err);
    await vi.waitFor(() => expect(RefusedSocket.urls.length).toBeGreaterThanOrEqual(4));
    client.close();
    expect(await connecting).toMatchObject({ code: 'CLOSED' });
    expect(RefusedSocket.urls.slice(0, 4)).toEqual([...urls, urls[0]]);
  });
});
