import { isUtf8 } from 'node:buffer';
import { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { DisconnectReason } from '../protocol/index.js';
import type { BaseConnection, SocketSink } from './connection.js';
import type { FrameBatch } from './frame-batch.js';
import { readIntoSharedBuffer } from './shared-read-buffer.js';
import { encodeWsFrames } from './ws-frames.js';
import type { WsTransport } from './ws-transport.js';

const OP_CONTINUATION = 0x0;
const OP_TEXT = 0x1;
const OP_BINARY = 0x2;
const OP_CLOSE = 0x8;
const OP_PING = 0x9;
const OP_PONG = 0xa;

/** RFC 6455 close codes this side sends on a bad frame. */
const PROTOCOL_ERROR = 1002;
const INVALID_PAYLOAD = 1007;
const MESSAGE_TOO_BIG = 1009;
/** After sending a close frame, how long the client has to answer before the socket is dropped (ws's closeTimeout). */
const CLOSE_TIMEOUT_MS = 30_000;
/** A close frame's payload is at most 125 bytes: the code and 123 bytes of reason. */
const MAX_CLOSE_REASON_BYTES = 123;

const OPEN = 0;
const CLOSING = 1;
const CLOSED = 2;

const OWNER = Symbol('gatewaySocket');
type OwnedDuplex = Duplex & { [OWNER]?: GatewaySocket };

/**
 * The server side of one gateway WebSocket after ws's handshake: ws builds it as its `WebSocket` class
 * and hands it the upgraded socket (`setSocket`), and from there it reads client frames itself.
 * Why not ws's own socket: its receiver (a Writable per socket, then parse and emit) was ~28 % of the
 * JS an idle connection's heartbeat costs, and with its sender ~1.5 KB of every connection (issue 17).
 * What it keeps of RFC 6455 is what ws enforced: masked client frames, no RSV bits (no extensions are
 * negotiated), control frames whole and ≤ 125 bytes, fragments in order, `maxPayload` per message (1009),
 * UTF-8 text (1007); pings answered with pongs; a close frame answered with one, then the socket ended.
 * Reads arrive in the process's shared read buffer (`readIntoSharedBuffer`), or as `data` events where Node
 * does not allow that: either way the bytes are lent, so what outlives a read (a partial frame, fragments,
 * a binary message) is copied.
 */
export class GatewaySocket implements SocketSink {
  conn!: BaseConnection;
  transport!: WsTransport;
  isBinaryCodec = false;
  /** Set by ws's handshake when a subprotocol was chosen. */
  _protocol = '';
  private raw!: Duplex;
  private maxPayload = 0;
  private state = OPEN;
  /** Set once a close frame came, a frame was bad or the client ended: later bytes are dropped. */
  private isReadDone = false;
  private isCloseSent = false;
  /** Copies of the reads since the start of a frame whose bytes are not all here yet, joined once `restNeed` bytes are (not once per read). */
  private rest: Buffer[] | undefined;
  private restBytes = 0;
  /** Bytes the waiting frame needs, header included; 0 while its header is not whole. */
  private restNeed = 0;
  private fragments: Buffer[] | undefined;
  private fragmentsBinary = false;
  private fragmentBytes = 0;
  private closeTimer: NodeJS.Timeout | undefined;

  get protocol(): string {
    return this._protocol;
  }

  /** Called by ws's `WebSocketServer` once the 101 answer is written. */
  setSocket(socket: Duplex, head: Buffer, options: { maxPayload: number }): void {
    this.raw = socket;
    this.maxPayload = options.maxPayload;
    (socket as OwnedDuplex)[OWNER] = this;
    if (socket instanceof Socket) {
      socket.setTimeout(0);
      socket.setNoDelay(true);
    }
    // Bytes the client sent after its upgrade request come first, on a later tick (after the transport opened the connection).
    if (socket instanceof Socket && readIntoSharedBuffer(socket, onSharedRead)) {
      if (head.length > 0) process.nextTick(readHead, this, Buffer.from(head));
    } else {
      if (head.length > 0) socket.unshift(head);
      socket.on('data', onData);
    }
    socket.on('end', onEnd);
    socket.on('close', onClose);
  }

  writeBatch(batch: FrameBatch): void {
    if (this.state !== OPEN) return;
    this.raw.write(encodeWsFrames(batch, this.isBinaryCodec));
    this.transport.gateway.countWrite('ws', batch.count, batch.bytes);
  }

  /** Every frame goes straight to the socket: its queue is the whole backlog. */
  bufferedBytes(): number {
    return this.raw.writableLength;
  }

  end(reason: DisconnectReason): void {
    if (this.state !== OPEN) return;
    this.sendClose(reason.code, reason.reason);
  }

  destroy(): void {
    if (this.state === CLOSED) return;
    this.state = CLOSING;
    this.raw.destroy();
  }

  /** A read: `data`'s first `length` bytes, lent until this returns. */
  read(data: Buffer, length: number): void {
    if (this.isReadDone) return;
    let buf = data;
    let limit = length;
    if (this.rest !== undefined) {
      this.rest.push(Buffer.from(data.subarray(0, length)));
      this.restBytes += length;
      if (this.restBytes < this.restNeed) return;
      buf = Buffer.concat(this.rest, this.restBytes);
      limit = this.restBytes;
      this.rest = undefined;
    }
    this.restNeed = 0;
    let at = 0;
    while (at < limit) {
      const end = this.frameAt(buf, at, limit);
      if (end < 0) break;
      at = end;
    }
    if (this.isReadDone || at === limit) return;
    this.rest = [Buffer.from(buf.subarray(at, limit))];
    this.restBytes = limit - at;
  }

  readEnded(): void {
    this.isReadDone = true;
    this.rest = undefined;
    if (this.state === OPEN) this.state = CLOSING;
    this.raw.end();
  }

  closed(): void {
    this.state = CLOSED;
    clearTimeout(this.closeTimer);
    this.conn.markClosed();
  }

  /** Reads the frame at `at` (bytes up to `limit` are read): where it ends, or -1 when it is not all here yet or was bad. */
  private frameAt(buf: Buffer, at: number, limit: number): number {
    const available = limit - at;
    if (available < 2) return -1;
    const first = buf[at]!;
    const second = buf[at + 1]!;
    const isFin = (first & 0x80) !== 0;
    const opcode = first & 0x0f;
    if ((first & 0x70) !== 0) return this.fail(PROTOCOL_ERROR, 'RSV bits set');
    if ((second & 0x80) === 0) return this.fail(PROTOCOL_ERROR, 'client frame not masked');
    let length = second & 0x7f;
    let maskAt = at + 2;
    if (length === 126) {
      if (available < 4) return -1;
      length = buf.readUInt16BE(at + 2);
      maskAt = at + 4;
    } else if (length === 127) {
      if (available < 10) return -1;
      if (buf.readUInt32BE(at + 2) !== 0) return this.fail(MESSAGE_TOO_BIG, 'frame too large');
      length = buf.readUInt32BE(at + 6);
      maskAt = at + 10;
    }
    if (opcode >= OP_CLOSE) {
      if (opcode > OP_PONG) return this.fail(PROTOCOL_ERROR, `opcode ${opcode}`);
      if (!isFin || length > 125) return this.fail(PROTOCOL_ERROR, 'bad control frame');
    } else {
      if (opcode > OP_BINARY) return this.fail(PROTOCOL_ERROR, `opcode ${opcode}`);
      if ((opcode === OP_CONTINUATION) !== (this.fragments !== undefined)) return this.fail(PROTOCOL_ERROR, 'fragments out of order');
      if (this.fragmentBytes + length > this.maxPayload) return this.fail(MESSAGE_TOO_BIG, 'frame too large');
    }
    const start = maskAt + 4;
    const end = start + length;
    if (end > limit) {
      this.restNeed = end - at;
      return -1;
    }
    const payload = buf.subarray(start, end);
    for (let i = 0; i < length; i++) payload[i] = payload[i]! ^ buf[maskAt + (i & 3)]!;
    if (opcode === OP_TEXT || opcode === OP_BINARY) {
      if (isFin) this.deliver(payload, opcode === OP_BINARY);
      else {
        this.fragments = [Buffer.from(payload)];
        this.fragmentsBinary = opcode === OP_BINARY;
        this.fragmentBytes = length;
      }
    } else if (opcode === OP_CONTINUATION) {
      this.fragments!.push(Buffer.from(payload));
      this.fragmentBytes += length;
      if (isFin) {
        const whole = Buffer.concat(this.fragments!, this.fragmentBytes);
        this.fragments = undefined;
        this.fragmentBytes = 0;
        this.deliver(whole, this.fragmentsBinary);
      }
    } else if (opcode === OP_CLOSE) this.onCloseFrame(payload);
    else {
      if (opcode === OP_PING && this.state === OPEN) this.raw.write(controlFrame(OP_PONG, payload));
      // Pings and pongs count as life.
      this.transport.gateway.touch(this.conn);
    }
    return this.isReadDone ? -1 : end;
  }

  private deliver(payload: Buffer, isBinary: boolean): void {
    // A binary message outlives the read (the codec may keep views of it): copied out of the lent bytes.
    if (isBinary) return this.transport.gateway.receive(this.conn, Buffer.from(payload));
    if (!isUtf8(payload)) return void this.fail(INVALID_PAYLOAD, 'text frame not UTF-8');
    this.transport.gateway.receive(this.conn, payload.toString('utf8'));
  }

  private onCloseFrame(payload: Buffer): void {
    if (payload.length === 1) return void this.fail(PROTOCOL_ERROR, 'close frame of one byte');
    const code = payload.length === 0 ? undefined : payload.readUInt16BE(0);
    if (code !== undefined && !isValidCloseCode(code)) return void this.fail(PROTOCOL_ERROR, `close code ${code}`);
    if (code !== undefined && !isUtf8(payload.subarray(2))) return void this.fail(INVALID_PAYLOAD, 'close reason not UTF-8');
    this.isReadDone = true;
    // The client's code is echoed, as ws did.
    if (this.isCloseSent) this.raw.end();
    else this.sendClose(code, '');
  }

  /** A bad frame: ws's answer, a close frame with the code, then the end of the socket. */
  private fail(code: number, message: string): -1 {
    this.isReadDone = true;
    this.rest = undefined;
    this.fragments = undefined;
    if (code === MESSAGE_TOO_BIG) this.transport.gateway.countDecodeError('ws', 'too_large');
    this.transport.log.debug({ conn: this.conn.id, err: message }, 'websocket error');
    if (this.isCloseSent) this.raw.end();
    else this.sendClose(code, '');
    return -1;
  }

  /** Sends the close frame; the socket ends once the client's close frame came (or at once if reading is over). */
  private sendClose(code: number | undefined, reason: string): void {
    this.state = CLOSING;
    this.isCloseSent = true;
    let body = Buffer.alloc(0);
    if (code !== undefined) {
      const text = Buffer.from(reason).subarray(0, MAX_CLOSE_REASON_BYTES);
      body = Buffer.allocUnsafe(2 + text.length);
      body.writeUInt16BE(code, 0);
      text.copy(body, 2);
    }
    this.raw.write(controlFrame(OP_CLOSE, body));
    if (this.isReadDone) this.raw.end();
    this.closeTimer = setTimeout(destroyLate, CLOSE_TIMEOUT_MS, this.raw);
  }
}

/** An unmasked server control frame (payload ≤ 125 bytes). */
function controlFrame(opcode: number, payload: Buffer): Buffer {
  const frame = Buffer.allocUnsafe(2 + payload.length);
  frame[0] = 0x80 | opcode;
  frame[1] = payload.length;
  payload.copy(frame, 2);
  return frame;
}

/** The codes a client may send (RFC 6455 7.4, as ws checks them). */
function isValidCloseCode(code: number): boolean {
  return (code >= 1000 && code <= 1014 && code !== 1004 && code !== 1005 && code !== 1006) || (code >= 3000 && code <= 4999);
}

// Module-level listeners: no closures per connection.
function onSharedRead(this: OwnedDuplex, length: number, buffer: Buffer): void {
  this[OWNER]!.read(buffer, length);
}

function onData(this: OwnedDuplex, chunk: Buffer): void {
  this[OWNER]!.read(chunk, chunk.length);
}

function readHead(socket: GatewaySocket, head: Buffer): void {
  socket.read(head, head.length);
}

function onEnd(this: OwnedDuplex): void {
  this[OWNER]!.readEnded();
}

function onClose(this: OwnedDuplex): void {
  this[OWNER]!.closed();
}

function destroyLate(socket: Duplex): void {
  socket.destroy();
}
