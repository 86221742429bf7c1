/** GlideClient's options and their defaults. */
import type { BackoffOptions } from './backoff.js';
import type { LocalCache } from './cache.js';
import type { FetchLike } from './http-api.js';
import type { TransportFactory, WebSocketConstructor } from './transport.js';
import type { CodecName } from '../protocol/index.js';

export interface ClientOptions {
  /** The server's HTTP base URL, e.g. `http://localhost:8080`; the WebSocket is `<url>/ws` unless wsUrl says otherwise. */
  url: string;
  wsUrl?: string;
  /** WebSocket URLs of several nodes of one cluster: the first connection goes to a random one, each new attempt to a random other one (overrides wsUrl). */
  wsUrls?: readonly string[];
  /** WebSocket implementation; defaults to the global one. On Node 20 pass `WebSocket` from `ws`. */
  WebSocket?: WebSocketConstructor;
  /** Another transport instead of WebSocket (e.g. `tcpTransport` from `glide-im/client/node`). */
  transport?: TransportFactory;
  codec?: CodecName;
  /** Device kind used by the sign-in helpers: 1 Android, 2 web (default), 3 guest, 4 iOS, 5 desktop, 6 bot. */
  device?: number;
  cache?: LocalCache;
  fetch?: FetchLike;
  heartbeatIntervalMs?: number;
  requestTimeoutMs?: number;
  ackTimeoutMs?: number;
  /** A send still unacked after this long fails with SEND_TIMEOUT; 0 waits for ever. */
  sendTimeoutMs?: number;
  receiptTimeoutMs?: number;
  maxResends?: number;
  reconnect?: Partial<BackoffOptions>;
  syncPageSize?: number;
  gapWaitMs?: number;
}

export const DEFAULTS = {
  device: 2,
  heartbeatIntervalMs: 25_000,
  requestTimeoutMs: 10_000,
  ackTimeoutMs: 5_000,
  sendTimeoutMs: 60_000,
  receiptTimeoutMs: 15_000,
  maxResends: 2,
  syncPageSize: 100,
  gapWaitMs: 1_000,
  reconnect: { initialDelayMs: 500, maxDelayMs: 30_000 },
};
