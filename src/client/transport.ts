/**
 * Transports move encoded frames; the codec belongs to the client. A transport is made per connection
 * attempt by a TransportFactory and reports open, frames and close through the handlers it was given.
 */
import type { CodecName } from '../protocol/index.js';

export interface TransportHandlers {
  onOpen(): void;
  onFrame(frame: string | Uint8Array): void;
  /** Called once, whoever closed. `code` is the WebSocket close code when there is one. */
  onClose(code: number | undefined, reason: string): void;
}

export interface Transport {
  send(frame: string | Uint8Array): void;
  /** Closes from this side; onClose follows. */
  close(code?: number, reason?: string): void;
}

export type TransportFactory = (handlers: TransportHandlers, codec: CodecName) => Transport;

/** Handler types checked bivariantly, so both the DOM WebSocket and the `ws` package fit. */
type Handler<E> = { bivarianceHack(event: E): void }['bivarianceHack'];

/** What the SDK needs of a WebSocket: the browser's global and the `ws` package both have it. */
export interface WebSocketLike {
  binaryType: string;
  readonly readyState: number;
  send(data: string | Uint8Array): void;
  close(code?: number, reason?: string): void;
  onopen: Handler<unknown> | null;
  onmessage: Handler<{ data: unknown }> | null;
  onclose: Handler<{ code: number; reason: string }> | null;
  onerror: Handler<unknown> | null;
}

export type WebSocketConstructor = new (url: string, protocols?: string | string[]) => WebSocketLike;

const WS_OPEN = 1;
/** Subprotocol that asks the server for protobuf frames. */
const PROTOBUF_SUBPROTOCOL = 'glide.protobuf';

/** The global WebSocket (browsers, Node 22+); Node 20 needs one injected (`import { WebSocket } from 'ws'`). */
export function globalWebSocket(): WebSocketConstructor | undefined {
  const candidate = (globalThis as { WebSocket?: unknown }).WebSocket;
  return typeof candidate === 'function' ? (candidate as WebSocketConstructor) : undefined;
}

/** A TransportFactory over WebSocket at `url` (e.g. `ws://localhost:8080/ws`). */
export function webSocketTransport(url: string, WebSocketImpl: WebSocketConstructor): TransportFactory {
  return (handlers, codec) => {
    const socket = codec === 'protobuf' ? new WebSocketImpl(url, PROTOBUF_SUBPROTOCOL) : new WebSocketImpl(url);
    socket.binaryType = 'arraybuffer';
    let isClosed = false;
    const finish = (code: number | undefined, reason: string) => {
      if (isClosed) return;
      isClosed = true;
      // onerror stays: `ws` throws an 'error' event that has no listener (e.g. closed while connecting).
      socket.onopen = socket.onmessage = socket.onclose = null;
      handlers.onClose(code, reason);
    };
    socket.onopen = () => handlers.onOpen();
    socket.onmessage = (event) => {
      const { data } = event;
      if (typeof data === 'string') handlers.onFrame(data);
      else if (data instanceof ArrayBuffer) handlers.onFrame(new Uint8Array(data));
      else if (ArrayBuffer.isView(data)) handlers.onFrame(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    };
    socket.onclose = (event) => finish(event.code, event.reason);
    // An error is always followed by close in both implementations; wait for its code.
    socket.onerror = () => undefined;
    return {
      send(frame) {
        if (socket.readyState === WS_OPEN) socket.send(frame);
      },
      close(code = 1000, reason = 'closed by client') {
        try {
          socket.close(code, reason);
        } catch {
          // Still connecting in some implementations: the close event follows anyway.
        }
        // Do not wait for a close handshake that a dead peer never answers.
        finish(code, reason);
      },
    };
  };
}

/**
 * Several transports (the nodes of a cluster): the first connection goes to a random one, and every new
 * attempt (after a drop or a failed attempt) to a random other one. So a client whose node died reaches
 * another on its next attempt, whatever the reason the last one ended, and the clients of one dead node
 * spread over all the others instead of all landing on the next in the list (which then took the whole
 * storm), as nats.js randomizes its server list.
 */
export function failoverTransport(factories: readonly TransportFactory[], random: () => number = Math.random): TransportFactory {
  if (factories.length === 0) throw new Error('failoverTransport needs at least one transport');
  const count = factories.length;
  let last = -1;
  return (handlers, codec) => {
    const pick = Math.min(count - 1, Math.floor(random() * (last < 0 ? count : count - 1)));
    last = last < 0 || count === 1 ? pick : (last + 1 + pick) % count;
    return factories[last]!(handlers, codec);
  };
}

/** The WebSocket URL of a server from its HTTP base URL: `http://h:8080` → `ws://h:8080/ws`. */
export function wsUrlFor(baseUrl: string): string {
  const url = new URL(baseUrl);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.pathname = url.pathname.replace(/\/?$/, '/ws');
  url.search = '';
  return url.toString();
}
