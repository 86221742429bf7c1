/**
 * The Node-only TCP transport: Glide's `GLIDE/1 <codec>` preface, then 4-byte length-prefixed
 * frames (protocol/tcp-framing). TCP has no close frame, so the server's last `notify.error`
 * says why it closes; the client reads that, this transport reports only the socket's end.
 */
import { connect, type Socket } from 'node:net';
import { encodeFrame, FrameDecoder, PrefaceReader, prefaceLine } from '../../protocol/index.js';
import type { TransportFactory } from '../transport.js';

export interface TcpTransportOptions {
  host: string;
  port: number;
  /** Largest frame accepted from the server (sync pages can be large). */
  maxFrameBytes?: number;
}

const DEFAULT_MAX_INBOUND_FRAME_BYTES = 16 * 1024 * 1024;

export function tcpTransport(options: TcpTransportOptions): TransportFactory {
  return (handlers, codec) => {
    const socket: Socket = connect({ host: options.host, port: options.port, noDelay: true });
    const preface = new PrefaceReader();
    const decoder = new FrameDecoder(options.maxFrameBytes ?? DEFAULT_MAX_INBOUND_FRAME_BYTES);
    let isOpen = false;
    let isClosed = false;
    let closeReason = 'connection ended';
    const finish = () => {
      if (isClosed) return;
      isClosed = true;
      handlers.onClose(undefined, closeReason);
    };
    const frames = (chunk: Uint8Array) => {
      for (const frame of decoder.push(chunk)) handlers.onFrame(frame);
    };
    socket.on('connect', () => socket.write(prefaceLine(codec)));
    socket.on('data', (chunk: Buffer) => {
      try {
        if (isOpen) return frames(chunk);
        const answer = preface.push(chunk);
        if (!answer) return;
        isOpen = true;
        handlers.onOpen();
        if (answer.rest.length > 0) frames(answer.rest);
      } catch (err) {
        closeReason = err instanceof Error ? err.message : String(err);
        socket.destroy();
      }
    });
    socket.on('error', (err) => (closeReason = err.message));
    socket.on('close', finish);
    return {
      send(frame) {
        if (isOpen && !isClosed) socket.write(encodeFrame(frame));
      },
      close(_code, reason = 'closed by client') {
        closeReason = reason;
        socket.destroy();
        finish();
      },
    };
  };
}
