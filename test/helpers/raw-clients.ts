import { connect, type Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';
import WebSocket, { type ClientOptions } from 'ws';
import { waitFor } from './wait-for.js';

export type Frame = Record<string, unknown>;

/** Collects what a raw client received so tests can wait for a frame by predicate. */
abstract class FrameLog {
  readonly frames: Frame[] = [];
  closeInfo: { code: number; reason: string } | undefined;
  /** Called for each frame as it arrives (after it is recorded). */
  onFrame: ((frame: Frame) => void) | undefined;

  protected record(frame: Frame): void {
    this.frames.push(frame);
    this.onFrame?.(frame);
  }

  async next(predicate: (frame: Frame) => boolean, timeoutMs = 5_000): Promise<Frame> {
    let found: Frame | undefined;
    await waitFor(() => (found = this.frames.find(predicate)) !== undefined, timeoutMs, 'a matching frame');
    return found!;
  }

  async closed(timeoutMs = 5_000): Promise<{ code: number; reason: string }> {
    await waitFor(() => this.closeInfo !== undefined, timeoutMs, 'the connection to close');
    return this.closeInfo!;
  }

  actions(): string[] {
    return this.frames.map((frame) => String(frame.action ?? frame.Action));
  }
}

/** A bare WebSocket client speaking JSON envelopes. */
export class RawWsClient extends FrameLog {
  readonly binaryFrames: Buffer[] = [];

  private constructor(readonly ws: WebSocket) {
    super();
    ws.on('message', (data: Buffer, isBinary) => {
      if (isBinary) this.binaryFrames.push(data);
      else this.record(JSON.parse(data.toString('utf8')) as Frame);
    });
    ws.on('close', (code, reason) => (this.closeInfo = { code, reason: reason.toString() }));
    ws.on('error', () => undefined);
  }

  /** `options`: the ws client's, e.g. `ca` for wss:// or `localAddress` to connect from another loopback address. */
  static async connect(url: string, protocols?: string[], options?: ClientOptions): Promise<RawWsClient> {
    const ws = new WebSocket(url, protocols, options);
    const client = new RawWsClient(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return client;
  }

  send(frame: Frame | string | Buffer): void {
    this.ws.send(typeof frame === 'string' || Buffer.isBuffer(frame) ? frame : JSON.stringify(frame));
  }

  close(): void {
    this.ws.terminate();
  }
}

export interface RawTcpOptions {
  /** Speak TLS, trusting this certificate (PEM). */
  ca?: Buffer;
  /** Connect from this address (any 127.x.y.z works on Linux loopback). */
  localAddress?: string;
}

/** A bare TCP client: preface line, then 4-byte length-prefixed JSON frames. */
export class RawTcpClient extends FrameLog {
  prefaceAnswer = '';
  private buffer = Buffer.alloc(0);
  private isPrefaceDone = false;

  private constructor(readonly socket: Socket) {
    super();
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('close', () => (this.closeInfo ??= { code: 0, reason: 'socket closed' }));
    socket.on('error', () => undefined);
  }

  static async connect(port: number, preface: string | null = 'GLIDE/1 json\n', options: RawTcpOptions = {}): Promise<RawTcpClient> {
    const target = { port, host: '127.0.0.1', ...(options.localAddress !== undefined ? { localAddress: options.localAddress } : {}) };
    const socket = options.ca !== undefined ? connectTls({ ...target, ca: options.ca }) : connect(target);
    await new Promise<void>((resolve, reject) => {
      socket.once(options.ca !== undefined ? 'secureConnect' : 'connect', () => resolve());
      socket.once('error', reject);
    });
    const client = new RawTcpClient(socket);
    if (preface !== null) {
      socket.write(preface);
      await waitFor(() => client.isPrefaceDone || client.closeInfo !== undefined, 5_000, 'the preface answer');
    }
    return client;
  }

  send(frame: Frame | string): void {
    const body = Buffer.from(typeof frame === 'string' ? frame : JSON.stringify(frame));
    const header = Buffer.alloc(4);
    header.writeUInt32BE(body.length);
    this.socket.write(Buffer.concat([header, body]));
  }

  writeRaw(bytes: Buffer | string): void {
    this.socket.write(bytes);
  }

  close(): void {
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    if (!this.isPrefaceDone) {
      const newline = this.buffer.indexOf(10);
      if (newline < 0) return;
      this.prefaceAnswer = this.buffer.subarray(0, newline + 1).toString();
      this.buffer = this.buffer.subarray(newline + 1);
      this.isPrefaceDone = true;
    }
    while (this.buffer.length >= 4) {
      const length = this.buffer.readUInt32BE(0);
      if (this.buffer.length < 4 + length) break;
      this.record(JSON.parse(this.buffer.subarray(4, 4 + length).toString('utf8')) as Frame);
      this.buffer = this.buffer.subarray(4 + length);
    }
  }
}
