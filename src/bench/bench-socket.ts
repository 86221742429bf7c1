/**
 * The bench's lean client: one WebSocket from a chosen loopback source address, speaking G2 through
 * the protocol layer's codecs. The SDK (client/) adds reconnect, resend queues and events per message;
 * a bench that opens thousands of sockets in one process would measure that overhead instead of the
 * server, so the bench drives the protocol directly (issue #7 allows it).
 */
import { WebSocket } from 'ws';
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
  /** performance.now() of the last frame sent: the keepalive skips a socket that spoke recently. */
  lastSentAt = performance.now();
  /** performance.now() when the upgrade completed: splits a connect's time into upgrade and sign-in. */
  readonly openedAt = performance.now();
  /** The upgrade's own time, TCP connect to 101 (a wait for the worker's turn before it not included). */
  upgradeMs = 0;
  /** Requests waiting for their reply: settled by it, or failed when the socket is lost (it never comes then). */
  private readonly replies = new Map<number, { settle: (envelope: Envelope) => void; fail: (err: Error) => void }>();
  /** Sign-ins the server refused with a retry hint (its admission line was full) and this socket asked again. */
  signinRetries = 0;

  private constructor(
    private readonly ws: WebSocket,
    private readonly codec: Codec,
  ) {
    ws.on('message', (data: Buffer, isBinary: boolean) => this.receive(isBinary ? data : data.toString('utf8')));
    // 'error' is followed by 'close': report the loss once.
    const lost = (reason: string): void => {
      if (this.isClosing) return;
      this.isClosing = true;
      this.lostReason = reason;
      // A sign-in waiting on a socket the server closed (its auth timeout during a storm) fails now, not at its own timeout.
      for (const { fail } of this.replies.values()) fail(new Error(`connection lost (${reason})`));
      this.replies.clear();
      this.onLost(reason);
    };
    ws.on('close', (code: number) => lost(`closed ${code}`));
    ws.on('error', (err: Error) => lost(err.message));
  }

  /** Opens a socket; rejects on a failed upgrade or after `timeoutMs`. */
  static open(url: string, options: { localAddress: string; codec: CodecName; timeoutMs: number }): Promise<BenchSocket> {
    const codec = codecFor(options.codec);
    const started = performance.now();
    const ws = new WebSocket(url, options.codec === 'protobuf' ? [PROTOBUF_SUBPROTOCOL] : [], {
      localAddress: options.localAddress,
      perMessageDeflate: false,
      // The server's frames are trusted here; skipping validation keeps client CPU for the load itself.
      skipUTF8Validation: true,
      handshakeTimeout: options.timeoutMs,
    });
    return new Promise((resolve, reject) => {
      const fail = (err: Error): void => {
        ws.removeAllListeners();
        ws.on('error', () => undefined);
        ws.terminate();
        reject(err);
      };
      ws.once('error', fail);
      // Retry-After tells the node's accept rate (GW_NODE_RATE) from a full node or another refusal of the same status.
      ws.once('unexpected-response', (_req, res) => {
        const message = `upgrade refused: HTTP ${res.statusCode ?? '?'}${res.headers['retry-after'] === undefined ? '' : ' with Retry-After'}`;
        const retryAfterMs = retryAfterHeaderMs(res.headers['retry-after']);
        fail(retryAfterMs === undefined ? new Error(message) : new RetryLaterError(message, retryAfterMs));
      });
      ws.once('open', () => {
        ws.removeListener('error', fail);
        const socket = new BenchSocket(ws, codec);
        socket.upgradeMs = socket.openedAt - started;
        resolve(socket);
      });
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

  /** Sends a frame; returns its seq. */
  send(action: string, data?: unknown): number {
    const seq = ++this.seq;
    const frame = this.codec.stamp(this.codec.prepare(DIALECTS.G2, { action, data }), seq);
    this.ws.send(frame, { binary: this.codec.isBinary });
    this.lastSentAt = performance.now();
    return seq;
  }

  get isOpen(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  /** Closes politely (close frame). */
  close(): void {
    this.isClosing = true;
    this.ws.close(1000);
  }

  /** Drops the TCP connection without a close frame, as a network failure would. */
  terminate(): void {
    this.isClosing = true;
    this.ws.terminate();
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
