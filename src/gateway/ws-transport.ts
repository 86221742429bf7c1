import { STATUS_CODES, type IncomingMessage, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import { ERROR_CATALOG, type Logger } from '../core/index.js';
import { codecFor, CODEC_NAMES, type CodecName } from '../protocol/index.js';
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

/** WebSocket gateway at `/ws`, sharing the HTTP server's port. */
export class WsTransport {
  private readonly wss: WebSocketServer;
  private readonly log: Logger;
  private isAccepting = true;

  constructor(
    private readonly gateway: Gateway,
    options: { maxFrameBytes: number; log: Logger },
  ) {
    this.log = options.log.child({ area: 'gateway', transport: 'ws' });
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: options.maxFrameBytes,
      perMessageDeflate: false,
      clientTracking: false,
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
      return refuse(socket, status, message, status === 429 || admission.refusal.code === 'GW_NODE_RATE' ? { 'Retry-After': '1' } : {});
    }
    // 'close' comes whatever ends the socket: refused handshake, client, gateway.
    socket.once('close', admission.release);
    this.wss.handleUpgrade(req, socket, head, (ws) => this.onSocket(ws, req, socket));
  };

  private onSocket(ws: WebSocket, req: IncomingMessage, socket: Duplex): void {
    const protocols = new Set(ws.protocol ? [ws.protocol] : []);
    const codec = codecFor(codecFromUpgrade(req, protocols));
    const isBinary = codec.isBinary;
    const sink: SocketSink = {
      writeBatch: (batch: FrameBatch) => {
        // ws.send drops frames after a close frame too; nothing else of ws's sender queues here
        // (no compression, no blobs), so writing beside it keeps the order.
        if (ws.readyState !== WebSocket.OPEN) return;
        socket.write(encodeWsFrames(batch, isBinary));
        this.gateway.countWrite('ws', batch.count, batch.bytes);
      },
      // Every frame goes straight to the socket (ws's sender never queues here): its queue is the whole backlog.
      bufferedBytes: () => socket.writableLength,
      end: (reason) => ws.close(reason.code, reason.reason),
      destroy: () => ws.terminate(),
    };
    const conn: BaseConnection = this.gateway.open('ws', codec, req.socket.remoteAddress ?? '', sink);
    const gateway = this.gateway;
    ws.on('message', (data: Buffer, isBinaryFrame: boolean) => {
      gateway.receive(conn, isBinaryFrame ? data : data.toString('utf8'));
    });
    ws.on('ping', () => gateway.touch(conn));
    ws.on('pong', () => gateway.touch(conn));
    ws.on('error', (err) => {
      if ((err as { code?: string }).code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') gateway.countDecodeError('ws', 'too_large');
      this.log.debug({ conn: conn.id, err: err.message }, 'websocket error');
    });
    ws.on('close', () => conn.markClosed());
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
