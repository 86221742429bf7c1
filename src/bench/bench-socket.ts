/**
 * The bench's lean client: one WebSocket from a chosen loopback source address, speaking G2 through
 * the protocol layer's codecs. The SDK (client/) adds reconnect, resend queues and events per message;
 * a bench that opens thousands of sockets in one process would measure that overhead instead of the
 * server, so the bench drives the protocol directly (issue #7 allows it).
 */
import { createHash, randomBytes } from 'node:crypto';
import { request } from 'node:http';
import type { Socket } from 'node:net';
import { ACTIONS, codecFor, DIALECTS, readRetryAfterMs, retryAfterDelay, type Codec, type CodecName, type Envelope } from '../client/index.js';

/** A sign-in told to wait is retried on the same socket only within this of its upgrade: the server closes one not signed in after 30 s (gateway.authTimeoutMs). */
const SAME_SOCKET_WAIT_MS = 20_000;

/** Subprotocol that selects the protobuf codec on /ws (gateway/ws-transport.ts). */
const PROTOBUF_SUBPROTOCOL = 'glide.protobuf';

/** A refusal that said when to come back: an upgrade's 503/429 with Retry-After, a sign-in's RetryAfterMs. */
export class RetryLaterError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs: number,
  ) {
    super(message);
  }
}

/** Retry-After in seconds (the form our nodes send) as ms; undefined when absent or not a number. */
export function retryAfterHeaderMs(value: string | string[] | undefined): number | undefined {
  const seconds = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : NaN;
  return Number.isFinite(seconds) ? seconds * 1000 : undefined;
}

/** Bytes of a client frame's header for a payload of `length`: base header, extended length, 4-byte mask key. */
function clientHeaderBytes(length: number): number {
  return (length < 126 ? 2 : length < 65536 ? 4 : 10) + 4;
}

/**
 * One client frame (FIN set) for `payload` bytes written by `write` at the offset it is given. The mask key is
 * zero, so the payload goes out as written, with no XOR pass: RFC 6455 wants an unpredictable key so a
 * browser script cannot steer the bytes a proxy sees, which does not arise for a load generator on loopback;
 * the server unmasks every frame either way, so its cost is the same.
 */
function clientFrame(opcode: number, length: number, write: (out: Buffer, offset: number) => void): Buffer {
  const head = clientHeaderBytes(length);
  const out = Buffer.allocUnsafe(head + length);
  out[0] = 0x80 | opcode;
  if (length < 126) out[1] = 0x80 | length;
  else if (length < 65536) {
    out[1] = 0x80 | 126;
    out.writeUInt16BE(length, 2);
  } else {
    out[1] = 0x80 | 127;
    out.writeUInt32BE(0, 2);
    out.writeUInt32BE(length, 6);
  }
  out.writeUInt32BE(0, head - 4);
  write(out, head);
  return out;
}

const OP_CONTINUATION = 0x0;
const OP_TEXT = 0x1;
const OP_BINARY = 0x2;
const OP_CLOSE = 0x8;
const OP_PING = 0x9;
const OP_PONG = 0xa;
/** RFC 6455: the close code when a close frame carried none, and when the connection ended without one. */
const NO_STATUS = 1005;
const ABNORMAL = 1006;
const WS_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/**
 * The client side of one WebSocket. Node's `http` does the upgrade; from there this reads and writes frames on
 * the socket itself, as the gateway does on the server side (gateway/ws-socket.ts): a send is one buffer and one
 * `socket.write` (ws wrote a header and a payload, corked, as a `writev`), a read parses the server's frames
 * in place (ws passes each read through a Writable per socket and two emits per frame). With 1,000 users on
 * the server's two cores, every µs the client spends per message is taken from the server under test.
 */
export class BenchSocket {
  /** Frames that arrived before a handler was set (the sign-in sync can follow api.success in the same read). */
  private backlog: Envelope[] = [];
  private handler: ((envelope: Envelope) => void) | undefined;
  /** An unexpected close or error (not one we asked for). */
  onLost: (reason: string) => void = () => undefined;
  /** Why the socket was lost ('closed 4001', an error message), once it was: the report tallies these. */
  lostReason: string | undefined;
  private seq = 0;
  private isClosing = false;
  /** The code of the server's close frame, once one came. */
  private closeCode: number | undefined;
  /** Set once a close frame came or a frame was bad: later bytes are dropped. */
  private isReadDone = false;
  /** Reads since the start of a frame whose bytes are not all here yet, joined once `restNeed` bytes are. */
  private rest: Buffer[] | undefined;
  private restBytes = 0;
  private restNeed = 0;
  private fragments: Buffer[] | undefined;
  private fragmentsBinary = false;
  /** performance.now() of the last frame sent: the keepalive skips a socket that spoke recently. */
  lastSentAt = performance.now();
  /** performance.now() when the upgrade completed: splits a connect's time into upgrade and sign-in. */
  readonly openedAt = performance.now();
  /** The upgrade's own time, TCP connect to 101 (a wait for the worker's turn before it not included). */
  upgradeMs = 0;
  /**
   * Of `upgradeMs`, until this worker saw the TCP connection established. The rest waits on the node: the
   * kernel completes the handshake into the listener's accept queue, and Node accepts one connection per
   * event-loop turn (libuv ≥ 1.45), so a busy node leaves it queued there before reading the request.
   */
  connectMs = 0;
  /** Requests waiting for their reply: settled by it, or failed when the socket is lost (it never comes then). */
  private readonly replies = new Map<number, { settle: (envelope: Envelope) => void; fail: (err: Error) => void }>();
  /** Sign-ins the server refused with a retry hint (its admission line was full) and this socket asked again. */
  signinRetries = 0;

  private constructor(
    private readonly socket: Socket,
    private readonly codec: Codec,
    head: Buffer,
  ) {
    socket.setNoDelay(true);
    socket.setTimeout(0);
    socket.on('data', (chunk: Buffer) => this.read(chunk));
    // The server ended its side: end ours, 'close' follows.
    socket.on('end', () => socket.end());
    // An error (a reset) is followed by 'close': report the loss once, there, as ws did (code 1006).
    socket.on('error', () => socket.destroy());
    socket.on('close', () => this.lost(`closed ${this.closeCode ?? ABNORMAL}`));
    socket.resume();
    if (head.length > 0) this.read(head);
  }

  private lost(reason: string): void {
    if (this.isClosing) return;
    this.isClosing = true;
    this.lostReason = reason;
    // A sign-in waiting on a socket the server closed (its auth timeout during a storm) fails now, not at its own timeout.
    for (const { fail } of this.replies.values()) fail(new Error(`connection lost (${reason})`));
    this.replies.clear();
    this.onLost(reason);
  }

  /** Opens a socket; rejects on a failed upgrade or after `timeoutMs`. */
  static open(url: string, options: { localAddress: string; codec: CodecName; timeoutMs: number }): Promise<BenchSocket> {
    const codec = codecFor(options.codec);
    const started = performance.now();
    const target = new URL(url);
    const key = randomBytes(16).toString('base64');
    const protocol = options.codec === 'protobuf' ? PROTOBUF_SUBPROTOCOL : undefined;
    const req = request({
      host: target.hostname,
      port: target.port,
      path: target.pathname + target.search,
      localAddress: options.localAddress,
      agent: false,
      headers: { Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': key, ...(protocol ? { 'Sec-WebSocket-Protocol': protocol } : {}) },
    });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => fail(new Error('Opening handshake has timed out')), options.timeoutMs);
      const fail = (err: Error): void => {
        clearTimeout(timer);
        req.destroy();
        reject(err);
      };
      req.on('error', fail);
      let connectedAt = 0;
      req.once('socket', (socket: Socket) => socket.once('connect', () => (connectedAt = performance.now())));
      // Retry-After tells the node's accept rate (GW_NODE_RATE) from a full node or another refusal of the same status.
      req.on('response', (res) => {
        res.resume();
        const message = `upgrade refused: HTTP ${res.statusCode ?? '?'}${res.headers['retry-after'] === undefined ? '' : ' with Retry-After'}`;
        const retryAfterMs = retryAfterHeaderMs(res.headers['retry-after']);
        fail(retryAfterMs === undefined ? new Error(message) : new RetryLaterError(message, retryAfterMs));
      });
      req.on('upgrade', (res, socket: Socket, head: Buffer) => {
        clearTimeout(timer);
        const accept = createHash('sha1').update(key + WS_GUID).digest('base64');
        const problem =
          res.headers.upgrade?.toLowerCase() !== 'websocket' ? 'Invalid Upgrade header' : res.headers['sec-websocket-accept'] !== accept ? 'Invalid Sec-WebSocket-Accept header' : res.headers['sec-websocket-protocol'] !== protocol ? 'Server sent a wrong subprotocol' : undefined;
        if (problem !== undefined) {
          socket.destroy();
          reject(new Error(problem));
          return;
        }
        const bench = new BenchSocket(socket, codec, head);
        bench.upgradeMs = bench.openedAt - started;
        bench.connectMs = (connectedAt || bench.openedAt) - started;
        resolve(bench);
      });
      req.end();
    });
  }

  /** Signs in with a token (`api.auth`); resolves with the uid the server confirmed. */
  async signIn(token: string, timeoutMs: number): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      if (this.lostReason !== undefined) throw new Error(`connection lost (${this.lostReason})`);
      const reply = await this.request(ACTIONS.API_AUTH, { Token: token }, Math.max(1, deadline - performance.now()));
      if (reply.action === ACTIONS.API_SUCCESS) return;
      // The node's sign-in line was full: wait as told (jittered, as the SDK does) and ask again on this socket.
      const retryAfterMs = reply.action === ACTIONS.API_FAILED ? readRetryAfterMs(reply.data) : undefined;
      const waitMs = retryAfterMs === undefined ? undefined : retryAfterDelay(retryAfterMs);
      const refusal = `sign-in refused: ${reply.action} ${JSON.stringify(reply.data)}`;
      if (waitMs === undefined) throw new Error(refusal);
      // Told to wait past the deadline (or the server's auth timeout would close this socket first): come back on a new one.
      if (performance.now() + waitMs >= Math.min(deadline, this.openedAt + SAME_SOCKET_WAIT_MS)) throw new RetryLaterError(refusal, waitMs);
      this.signinRetries++;
      await new Promise((resolve) => setTimeout(resolve, waitMs));
    }
  }

  /** Sets who gets every decoded frame, starting with any that arrived before. */
  listen(handler: (envelope: Envelope) => void): void {
    this.handler = handler;
    const early = this.backlog;
    this.backlog = [];
    for (const envelope of early) handler(envelope);
  }

  /** Sends a frame; returns its seq. Nothing is written once the socket is closing (as ws dropped a send after close). */
  send(action: string, data?: unknown): number {
    const seq = ++this.seq;
    if (this.isClosing) return seq;
    const codec = this.codec;
    const prepared = codec.prepare(DIALECTS.G2, { action, data });
    this.socket.write(clientFrame(codec.isBinary ? OP_BINARY : OP_TEXT, codec.stampedLength(prepared, seq), (out, offset) => codec.writeStamped(prepared, seq, out, offset)));
    this.lastSentAt = performance.now();
    return seq;
  }

  get isOpen(): boolean {
    return !this.isClosing && !this.socket.destroyed;
  }

  /** Closes politely: a close frame (1000), then our side of the connection ends. */
  close(): void {
    if (this.isClosing) return;
    this.isClosing = true;
    this.socket.end(clientFrame(OP_CLOSE, 2, (out, offset) => out.writeUInt16BE(1000, offset)));
  }

  /** Drops the TCP connection without a close frame, as a network failure would. */
  terminate(): void {
    this.isClosing = true;
    this.socket.destroy();
  }

  private request(action: string, data: unknown, timeoutMs: number): Promise<Envelope> {
    return new Promise((resolve, reject) => {
      const seq = this.send(action, data);
      const timer = setTimeout(() => {
        this.replies.delete(seq);
        reject(new Error(`${action}: no reply in ${timeoutMs} ms`));
      }, timeoutMs);
      this.replies.set(seq, {
        settle: (envelope) => {
          clearTimeout(timer);
          resolve(envelope);
        },
        fail: (err) => {
          clearTimeout(timer);
          reject(err);
        },
      });
    });
  }

  private read(chunk: Buffer): void {
    if (this.isReadDone) return;
    let buf = chunk;
    if (this.rest !== undefined) {
      this.rest.push(chunk);
      this.restBytes += chunk.length;
      if (this.restBytes < this.restNeed) return;
      buf = Buffer.concat(this.rest, this.restBytes);
      this.rest = undefined;
    }
    this.restNeed = 0;
    let at = 0;
    while (at < buf.length) {
      const end = this.frameAt(buf, at);
      if (end < 0) break;
      at = end;
    }
    if (this.isReadDone || at === buf.length) return;
    this.rest = [buf.subarray(at)];
    this.restBytes = buf.length - at;
  }

  /** Reads the server frame at `at` (unmasked): where it ends, or -1 when it is not all here yet or was bad. */
  private frameAt(buf: Buffer, at: number): number {
    const available = buf.length - at;
    if (available < 2) return -1;
    const first = buf[at]!;
    const second = buf[at + 1]!;
    const opcode = first & 0x0f;
    let length = second & 0x7f;
    let start = at + 2;
    if (length === 126) {
      if (available < 4) return -1;
      length = buf.readUInt16BE(at + 2);
      start = at + 4;
    } else if (length === 127) {
      if (available < 10) return -1;
      length = buf.readUInt32BE(at + 2) * 2 ** 32 + buf.readUInt32BE(at + 6);
      start = at + 10;
    }
    if ((second & 0x80) !== 0) return this.fail('server frame masked');
    const end = start + length;
    if (end > buf.length) {
      this.restNeed = end - at;
      return -1;
    }
    const isFin = (first & 0x80) !== 0;
    if (opcode === OP_TEXT || opcode === OP_BINARY) {
      if (isFin) this.receive(opcode === OP_TEXT ? buf.toString('utf8', start, end) : buf.subarray(start, end));
      else {
        this.fragments = [buf.subarray(start, end)];
        this.fragmentsBinary = opcode === OP_BINARY;
      }
    } else if (opcode === OP_CONTINUATION) {
      if (this.fragments === undefined) return this.fail('continuation without a first fragment');
      this.fragments.push(buf.subarray(start, end));
      if (isFin) {
        const whole = Buffer.concat(this.fragments);
        this.fragments = undefined;
        this.receive(this.fragmentsBinary ? whole : whole.toString('utf8'));
      }
    } else if (opcode === OP_CLOSE) {
      this.isReadDone = true;
      this.closeCode = length >= 2 ? buf.readUInt16BE(start) : NO_STATUS;
      // Answer with the same code (RFC 6455 5.5.1); the server ends the connection, 'close' reports it.
      if (!this.isClosing) this.socket.write(clientFrame(OP_CLOSE, length >= 2 ? 2 : 0, (out, offset) => (length >= 2 ? out.writeUInt16BE(this.closeCode!, offset) : undefined)));
      return -1;
    } else if (opcode === OP_PING) {
      const payload = buf.subarray(start, end);
      this.socket.write(clientFrame(OP_PONG, length, (out, offset) => out.set(payload, offset)));
    }
    return end;
  }

  /** A frame the server should not have sent: the connection is dropped and counted as lost with why. */
  private fail(reason: string): number {
    this.isReadDone = true;
    this.lost(reason);
    this.socket.destroy();
    return -1;
  }

  private receive(frame: Buffer | string): void {
    let envelope: Envelope;
    try {
      envelope = this.codec.decode(frame).envelope;
    } catch {
      return; // the server sent something that is not an envelope: the bench counts what it can read
    }
    if (this.replies.size > 0 && (envelope.action === ACTIONS.API_SUCCESS || envelope.action === ACTIONS.API_FAILED)) {
      const pending = this.replies.get(envelope.seq);
      if (pending) {
        this.replies.delete(envelope.seq);
        pending.settle(envelope);
        return;
      }
    }
    if (this.handler) this.handler(envelope);
    else this.backlog.push(envelope);
  }
}
