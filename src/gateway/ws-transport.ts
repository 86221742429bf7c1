import { STATUS_CODES, type IncomingMessage, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type Server as WsServer, type WebSocket } from 'ws';
import { ERROR_CATALOG, type Logger } from '../core/index.js';
import { codecFor, CODEC_NAMES, type CodecName } from '../protocol/index.js';
import type { Gateway } from './gateway.js';
import { GatewaySocket } from './ws-socket.js';

export const WS_PATH = '/ws';
export const PROTOBUF_SUBPROTOCOL = 'glide.protobuf';

/** How a WebSocket client picks its codec: subprotocol `glide.protobuf` or `?codec=protobuf`. */
export function codecFromUpgrade(req: IncomingMessage, protocols: ReadonlySet<string>): CodecName {
  if (protocols.has(PROTOBUF_SUBPROTOCOL)) return CODEC_NAMES.PROTOBUF;
  const query = req.url?.indexOf('?') ?? -1;
  if (query >= 0 && new URLSearchParams(req.url!.slice(query + 1)).get('codec') === CODEC_NAMES.PROTOBUF) return CODEC_NAMES.PROTOBUF;
  return CODEC_NAMES.JSON;
}

/** WebSocket gateway at `/ws`, sharing the HTTP server's port. */
export class WsTransport {
  /** ws does the handshake only: it builds a `GatewaySocket`, which reads the frames itself. */
  private readonly wss: WsServer;
  readonly log: Logger;
  private isAccepting = true;

  constructor(
    readonly gateway: Gateway,
    options: { maxFrameBytes: number; log: Logger },
  ) {
    this.log = options.log.child({ area: 'gateway', transport: 'ws' });
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: options.maxFrameBytes,
      perMessageDeflate: false,
      clientTracking: false,
      // ws only calls `new`, sets `_protocol` and calls `setSocket` on the class it is given.
      WebSocket: GatewaySocket as unknown as typeof WebSocket,
      handleProtocols: (protocols) => (protocols.has(PROTOBUF_SUBPROTOCOL) ? PROTOBUF_SUBPROTOCOL : false),
    });
  }

  attach(server: Server): void {
    server.on('upgrade', this.onUpgrade);
  }

  /** Refuses new upgrades; open sockets are closed by the gateway. */
  stopAccepting(): void {
    this.isAccepting = false;
  }

  private readonly onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const path = req.url?.split('?', 1)[0];
    // A module function, not a closure: one here would keep this scope's `req` (headers and all, ~2 KB) for the socket's life.
    socket.on('error', destroySocket);
    if (path !== WS_PATH) return refuse(socket, 404, '');
    if (!this.isAccepting) return refuse(socket, 503, ERROR_CATALOG.GW_SHUTTING_DOWN.message);
    const admission = this.gateway.admit('ws', req.socket.remoteAddress ?? '');
    if (!admission.isAdmitted) {
      const { status, message } = ERROR_CATALOG[admission.refusal.code];
      const retryAfterS = admission.retryAfterMs === undefined ? (status === 429 ? 1 : undefined) : Math.max(1, Math.ceil(admission.retryAfterMs / 1000));
      return refuse(socket, status, message, retryAfterS === undefined ? {} : { 'Retry-After': String(retryAfterS) });
    }
    // 'close' comes whatever ends the socket: refused handshake, client, gateway.
    socket.once('close', admission.release);
    this.wss.handleUpgrade(req, socket, head, (ws) => this.onSocket(ws as unknown as GatewaySocket, req));
  };

  private onSocket(ws: GatewaySocket, req: IncomingMessage): void {
    const codec = codecFor(codecFromUpgrade(req, new Set(ws.protocol ? [ws.protocol] : [])));
    ws.transport = this;
    ws.isBinaryCodec = codec.isBinary;
    ws.conn = this.gateway.open('ws', codec, req.socket.remoteAddress ?? '', ws);
  }
}

function destroySocket(this: Duplex): void {
  this.destroy();
}

/**
 * Answers an upgrade with a plain HTTP error. The server keeps upgrade sockets half-open, so the
 * socket is destroyed once the answer is written rather than waiting for the client's FIN.
 */
function refuse(socket: Duplex, status: number, body: string, headers: Record<string, string> = {}): void {
  const extra = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`).join('');
  const head = `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nConnection: close\r\n${extra}Content-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n`;
  socket.once('finish', () => socket.destroy());
  socket.end(head + body);
}
