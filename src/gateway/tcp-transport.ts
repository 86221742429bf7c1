import { createServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import type { Logger } from '../core/index.js';
import { ERROR_CATALOG, isGlideError } from '../core/index.js';
import { codecFor, DISCONNECT, FrameDecoder, PrefaceReader, prefaceLine, type CodecName, type DisconnectReason } from '../protocol/index.js';
import type { BaseConnection, SocketSink } from './connection.js';
import type { FrameBatch } from './frame-batch.js';
import type { Gateway } from './gateway.js';

/**
 * Connections the kernel completes before the node accepts them (Linux caps it at net.core.somaxconn).
 * Node's default of 511 is less than the clients a dead node hands each survivor at once: past it their
 * handshakes are dropped and the kernel retries them after 1, 3, 7… s. 2,500 connects at once to a node
 * whose loop was busy for 2 s: p50 2.2–2.6 s with 511, 0.7–1.4 s with 4,096 (bench/micro/listen-backlog.ts).
 */
export const LISTEN_BACKLOG = 4096;

const HEADER_BYTES = 4;

export interface TcpTransportOptions {
  maxFrameBytes: number;
  /** Time for the TLS handshake, and again for the preface after it. */
  prefaceTimeoutMs: number;
  log: Logger;
  /** PEM certificate and key: the port speaks TLS. */
  tls?: { cert: Buffer; key: Buffer } | undefined;
}

/**
 * Raw TCP gateway: a one-line codec preface, then 4-byte big-endian length-prefixed frames.
 * A tick's frames are copied into one buffer and written with one call (measured ~5x the frame rate
 * of a write per frame, see ../shared/deps.md). With `tls` the same protocol runs inside TLS.
 */
export class TcpTransport {
  private readonly server: Server;
  private readonly log: Logger;
  private readonly sockets = new Set<Socket>();
  /** TLS only: raw sockets still in their handshake, by peer address and port (unique while open). */
  private readonly handshaking = new Map<string, Socket>();

  constructor(
    private readonly gateway: Gateway,
    private readonly options: TcpTransportOptions,
  ) {
    this.log = options.log.child({ area: 'gateway', transport: 'tcp' });
    const onSocket = (socket: Socket): void => this.onSocket(socket);
    if (options.tls) {
      const { cert, key } = options.tls;
      this.server = createTlsServer({ cert, key, noDelay: true, handshakeTimeout: options.prefaceTimeoutMs }, onSocket);
      // tls.Server only reports a failed or timed-out handshake; the socket stays open unless dropped here.
      this.server.on('tlsClientError', (err: NodeJS.ErrnoException, socket: Socket) => {
        if (err.code === 'ERR_TLS_HANDSHAKE_TIMEOUT') gateway.countHandshakeTimeout('tls');
        this.log.debug({ err: err.message }, 'tls handshake failed');
        socket.destroy();
      });
      this.server.on('connection', (raw: Socket) => {
        const key = peerKey(raw);
        this.handshaking.set(key, raw);
        raw.once('close', () => {
          if (this.handshaking.get(key) === raw) this.handshaking.delete(key);
        });
      });
    } else {
      this.server = createServer({ noDelay: true }, onSocket);
    }
  }

  listen(port: number, host: string): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen({ port, host, backlog: LISTEN_BACKLOG }, () => {
        this.server.off('error', reject);
        const address = this.server.address();
        resolve(typeof address === 'object' && address ? address.port : port);
      });
    });
  }

  /** Stops accepting; open connections are closed by the gateway. Resolves when the listener is gone. */
  stopAccepting(): Promise<void> {
    return new Promise((resolve) => {
      if (!this.server.listening) return resolve();
      this.server.close(() => resolve());
      // Sockets still in their handshake or preface belong to no connection yet: drop them.
      for (const socket of this.sockets) socket.destroy();
      for (const raw of this.handshaking.values()) raw.destroy();
    });
  }

  private onSocket(socket: Socket): void {
    this.handshaking.delete(peerKey(socket));
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', (err) => this.log.debug({ err: err.message }, 'tcp socket error'));
    const admission = this.gateway.admit('tcp', socket.remoteAddress ?? '');
    if (!admission.isAdmitted) return sayGoodbye(socket, ERROR_CATALOG[admission.refusal.code].message);
    socket.once('close', admission.release);
    // A deadline, not an idle timeout: a preface dribbled a byte at a time must not hold the socket.
    const deadline = setTimeout(() => {
      this.gateway.countHandshakeTimeout('preface');
      socket.destroy();
    }, this.options.prefaceTimeoutMs);
    socket.once('close', () => clearTimeout(deadline));
    const preface = new PrefaceReader();
    const onPreface = (chunk: Buffer): void => {
      let result;
      try {
        result = preface.push(chunk);
      } catch (err) {
        this.gateway.countDecodeError('tcp', 'preface');
        socket.off('data', onPreface);
        sayGoodbye(socket, isGlideError(err) ? err.message : 'bad preface');
        return;
      }
      if (!result) return;
      socket.off('data', onPreface);
      clearTimeout(deadline);
      this.sockets.delete(socket);
      socket.write(prefaceLine(result.codec));
      const { conn, decoder } = this.openConnection(socket, result.codec);
      if (result.rest.byteLength > 0) this.feed(conn, decoder, result.rest);
    };
    socket.on('data', onPreface);
  }

  private openConnection(socket: Socket, codecName: CodecName): { conn: BaseConnection; decoder: FrameDecoder } {
    const codec = codecFor(codecName);
    const gateway = this.gateway;
    const sink: SocketSink = {
      writeBatch(batch: FrameBatch) {
        socket.write(concatFrames(batch));
        gateway.countWrite('tcp', batch.count, batch.bytes);
      },
      bufferedBytes: () => socket.writableLength,
      end(reason: DisconnectReason, conn: BaseConnection) {
        socket.end(lengthPrefixed(conn.goodbyeFrame(reason)));
      },
      destroy: () => socket.destroy(),
    };
    const conn = gateway.open('tcp', codec, socket.remoteAddress ?? '', sink);
    const decoder = new FrameDecoder(this.options.maxFrameBytes);
    socket.on('data', (chunk: Buffer) => this.feed(conn, decoder, chunk));
    socket.on('close', () => conn.markClosed());
    return { conn, decoder };
  }

  private feed(conn: BaseConnection, decoder: FrameDecoder, chunk: Uint8Array): void {
    let frames: Uint8Array[];
    try {
      frames = decoder.push(chunk);
    } catch (err) {
      this.gateway.countDecodeError('tcp', isGlideError(err) ? err.code : 'frame');
      conn.close(isGlideError(err) && err.code === 'PROTO_FRAME_TOO_LARGE' ? DISCONNECT.FRAME_TOO_LARGE : DISCONNECT.BAD_FRAME);
      return;
    }
    for (const frame of frames) this.gateway.receive(conn, frame);
  }
}

function peerKey(socket: Socket): string {
  return `${socket.remoteAddress ?? ''}|${socket.remotePort ?? ''}`;
}

/**
 * Ends a socket that never became a connection with an `ERROR` line, and drops it once the line is
 * written: a refused client must not hold a socket until it closes its side. What it still sends is
 * read and dropped meanwhile, which keeps the close a FIN rather than a reset.
 */
function sayGoodbye(socket: Socket, message: string): void {
  socket.on('data', () => undefined);
  socket.once('finish', () => socket.destroy());
  socket.end(`ERROR ${message}\n`);
}

/** Length-prefixes one tick's frames, each written by its codec straight into a single buffer. */
function concatFrames(batch: FrameBatch): Buffer {
  const count = batch.count;
  const out = Buffer.allocUnsafe(batch.bytes + HEADER_BYTES * count);
  let offset = 0;
  for (let i = 0; i < count; i++) {
    out.writeUInt32BE(batch.lengthOf(i), offset);
    offset += HEADER_BYTES;
    offset += batch.writeFrame(i, out, offset);
  }
  return out;
}

/** One frame with its length prefix (the goodbye notice). */
function lengthPrefixed(frame: Uint8Array | string): Buffer {
  const payload = typeof frame === 'string' ? Buffer.from(frame, 'utf8') : frame;
  const out = Buffer.allocUnsafe(HEADER_BYTES + payload.byteLength);
  out.writeUInt32BE(payload.byteLength, 0);
  out.set(payload, HEADER_BYTES);
  return out;
}
