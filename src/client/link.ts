/**
 * One connection attempt: the codec, the per-connection request seq, and requests waiting for their
 * reply (`api.success` / `api.failed` / `notify.*` carrying the request's seq). Everything else the
 * server sends goes to `onPush`. A Link is never reused: reconnecting makes a new one.
 */
import { ACTIONS, codecFor, readNoticeText, type Codec, type CodecName, type Envelope } from '../protocol/index.js';
import { GlideClientError } from './errors.js';
import type { Transport, TransportFactory } from './transport.js';

export interface LinkHandlers {
  onOpen(link: Link): void;
  onPush(link: Link, envelope: Envelope): void;
  onClose(link: Link, code: number | undefined, reason: string): void;
  onBadFrame(link: Link, err: unknown): void;
}

/** Frames that answer a request: they carry the request's seq. */
const REPLY_ACTIONS: ReadonlySet<string> = new Set([ACTIONS.API_SUCCESS, ACTIONS.API_FAILED, ACTIONS.NOTIFY_SUCCESS, ACTIONS.NOTIFY_ERROR, ACTIONS.NOTIFY_FORBIDDEN, ACTIONS.NOTIFY_AUTH]);

interface Waiter {
  resolve(envelope: Envelope): void;
  reject(err: GlideClientError): void;
  timer: ReturnType<typeof setTimeout>;
}

export class Link {
  private readonly codec: Codec;
  private readonly transport: Transport;
  private readonly waiters = new Map<number, Waiter>();
  private seq = 0;
  private isOpen = false;
  private isClosed = false;
  lastSentAt = 0;
  lastReceivedAt = 0;

  constructor(
    factory: TransportFactory,
    codecName: CodecName,
    private readonly handlers: LinkHandlers,
    private readonly now: () => number = Date.now,
  ) {
    this.codec = codecFor(codecName);
    this.transport = factory(
      {
        onOpen: () => {
          this.isOpen = true;
          this.lastReceivedAt = this.now();
          handlers.onOpen(this);
        },
        onFrame: (frame) => this.receive(frame),
        onClose: (code, reason) => this.closed(code, reason),
      },
      codecName,
    );
  }

  get isUsable(): boolean {
    return this.isOpen && !this.isClosed;
  }

  /** Sends one frame; returns its seq (replies and notify.forbidden name it). */
  send(action: string, data?: unknown): number {
    const seq = ++this.seq;
    if (!this.isUsable) return seq;
    const frame = this.codec.stamp(this.codec.prepare('g2', data === undefined ? { action } : { action, data }), seq);
    this.lastSentAt = this.now();
    this.transport.send(frame);
    return seq;
  }

  /** Sends a request and waits for the frame that answers its seq. */
  request(action: string, data: unknown, timeoutMs: number): Promise<Envelope> {
    if (!this.isUsable) return Promise.reject(new GlideClientError('DISCONNECTED', `not connected: ${action} not sent`));
    return new Promise((resolve, reject) => {
      const seq = this.send(action, data);
      const timer = setTimeout(() => {
        this.waiters.delete(seq);
        reject(new GlideClientError('REQUEST_TIMEOUT', `${action}: no reply in ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.set(seq, { resolve, reject, timer });
    });
  }

  close(code?: number, reason?: string): void {
    this.transport.close(code, reason);
  }

  private receive(frame: string | Uint8Array): void {
    this.lastReceivedAt = this.now();
    let envelope: Envelope;
    try {
      envelope = this.codec.decode(frame).envelope;
    } catch (err) {
      this.handlers.onBadFrame(this, err);
      return;
    }
    const waiter = REPLY_ACTIONS.has(envelope.action) ? this.waiters.get(envelope.seq) : undefined;
    if (!waiter) {
      this.handlers.onPush(this, envelope);
      return;
    }
    this.waiters.delete(envelope.seq);
    clearTimeout(waiter.timer);
    waiter.resolve(envelope);
  }

  private closed(code: number | undefined, reason: string): void {
    if (this.isClosed) return;
    this.isClosed = true;
    for (const waiter of this.waiters.values()) {
      clearTimeout(waiter.timer);
      waiter.reject(new GlideClientError('DISCONNECTED', `connection closed before the reply (${reason})`));
    }
    this.waiters.clear();
    this.handlers.onClose(this, code, reason);
  }
}

/** The text of a notify.* reply, or the envelope's msg. */
export function noticeText(envelope: Envelope): string {
  try {
    const text = readNoticeText(envelope.data);
    if (text) return text;
  } catch {
    // Not a string: fall through to msg.
  }
  return envelope.msg ?? envelope.action;
}
