import { STATUS_CODES, type IncomingMessage, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type Server as WsServer } from 'ws';
import { ERROR_CATALOG, type Logger } from '../core/index.js';
import { codecFor, CODEC_NAMES, type CodecName, type DisconnectReason } from '../protocol/index.js';
import type { BaseConnection, SocketSink } from './connection.js';
import type { FrameBatch } from './frame-batch.js';
import type { Gateway } from './gateway.js';
import { encodeWsFrames } from './ws-frames.js';

export const WS_PATH = '/ws';
export const PROTOBUF_SUBPROTOCOL = 'glide.protobuf';

/** How a WebSocket client picks its codec: subprotocol `glide.protobuf` or `?codec=protobuf`. */
export function codecFromUpgrade(req: IncomingMessage, protocols: ReadonlySet<string>): CodecName {
  if (protocols.has(PROTOBUF_SUBPROTOCOL)) return CODEC_NAMES.PROTOBUF;
  const query = req.url?.indexOf('?') ?? -1;
  if (query >= 0 && new URLSearchParams(req.url!.slice(query + 1)).get('codec') === CODEC_NAMES.PROTOBUF) return CODEC_NAMES.PROTOBUF;
  return CODEC_NAMES.JSON;
}

/**
 * ws's socket for one gateway connection, carrying the connection and acting as its sink, with
 * module-level listeners: one object per connection instead of a sink object, its four closures, five
 * listener closures and their scopes (~0.6 KB of every idle connection's heap, issue 17).
 */
class GatewaySocket extends WebSocket implements SocketSink {
  conn!: BaseConnection;
  transport!: WsTransport;
  /** The upgraded TCP socket: batches are written straight to it. */
  raw!: Duplex;
  isBinaryCodec = false;

  writeBatch(batch: FrameBatch): void {
    // ws.send drops frames after a close frame too; nothing else of ws's sender queues here
    // (no compression, no blobs), so writing beside it keeps the order.
    if (this.readyState !== WebSocket.OPEN) return;
    this.raw.write(encodeWsFrames(batch, this.isBinaryCodec));
    this.transport.gateway.countWrite('ws', batch.count, batch.bytes);
  }

  /** Every frame goes straight to the socket (ws's sender never queues here): its queue is the whole backlog. */
  bufferedBytes(): number {
    return this.raw.writableLength;
  }

  end(reason: DisconnectReason): void {
    this.close(reason.code, reason.reason);
  }

  destroy(): void {
    this.terminate();
  }
}

function onMessage(this: WebSocket, data: Buffer, isBinaryFrame: boolean): void {
  const socket = this as GatewaySocket;
  socket.transport.gateway.receive(socket.conn, isBinaryFrame ? data : data.toString('utf8'));
}

/** Pings and pongs count as life. */
function onControl(this: WebSocket): void {
  const socket = this as GatewaySocket;
  socket.transport.gateway.touch(socket.conn);
}

function onError(this: WebSocket, err: Error): void {
  const socket = this as GatewaySocket;
  if ((err as { code?: string }).code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') socket.transport.gateway.countDecodeError('ws', 'too_large');
  socket.transport.log.debug({ conn: socket.conn.id, err: err.message }, 'websocket error');
}

function onClose(this: WebSocket): void {
  (this as GatewaySocket).conn.markClosed();
}

/** WebSocket gateway at `/ws`, sharing the HTTP server's port. */
export class WsTransport {
  private readonly wss: WsServer<typeof GatewaySocket>;
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
      WebSocket: GatewaySocket,
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
    this.wss.handleUpgrade(req, socket, head, (ws) => this.onSocket(ws, req, socket));
  };

  private onSocket(ws: GatewaySocket, req: IncomingMessage, socket: Duplex): void {
    const codec = codecFor(codecFromUpgrade(req, new Set(ws.protocol ? [ws.protocol] : [])));
    ws.transport = this;
    ws.raw = socket;
    ws.isBinaryCodec = codec.isBinary;
    ws.conn = this.gateway.open('ws', codec, req.socket.remoteAddress ?? '', ws);
    ws.on('message', onMessage);
    ws.on('ping', onControl);
    ws.on('pong', onControl);
    ws.on('error', onError);
    ws.on('close', onClose);
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
