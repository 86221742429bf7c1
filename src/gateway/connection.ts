import { DIALECTS, DISCONNECT, type Codec, type Dialect, type DisconnectReason, type OutboundEnvelope, type PreparedFrame } from '../protocol/index.js';
import type { FrameBatch } from './frame-batch.js';
import type { Connection, ConnectionIdentity, InboundFrame, TransportKind } from './types.js';

/** What a transport must provide so `BaseConnection` can queue, batch and close. */
export interface SocketSink {
  /**
   * Writes a tick's frames as one buffer, so one batch is one syscall. The batch is reused once this
   * returns: everything must be copied out of it by then.
   */
  writeBatch(batch: FrameBatch): void;
  /** Bytes accepted by the socket but not yet handed to the kernel. */
  bufferedBytes(): number;
  /** Ends the connection politely with a reason (close frame, last notice). */
  end(reason: DisconnectReason, conn: BaseConnection): void;
  /** Tears the socket down now. */
  destroy(): void;
}

/** The gateway's side of a connection: where it reports writes and closes. */
export interface ConnectionHost {
  readonly maxQueueBytes: number;
  scheduleFlush(conn: BaseConnection): void;
  /** An empty batch for `codec`, lent until `returnBatch` (a connection holds one only while it has frames queued). */
  takeBatch(codec: Codec): FrameBatch;
  returnBatch(batch: FrameBatch): void;
  onOverflow(conn: BaseConnection): void;
  onClosed(conn: BaseConnection, reason: DisconnectReason): void;
}

export class BaseConnection implements Connection {
  identity: ConnectionIdentity | undefined;
  dialect: Dialect = DIALECTS.G2;
  /** Set once the first frame fixed the dialect. */
  isDialectFixed = false;
  /**
   * Last time anything was read (frames, pings), from the gateway's clock. Declared with a number, not bare:
   * a bare field starts as undefined, so V8 keeps it tagged and every heartbeat's store boxed a new number
   * (an allocation and a write barrier per read, promoted garbage later); a number field is updated in place.
   */
  lastReadAt = 0;
  /** Since when the connection has had no identity (open, or signed out); the auth timeout counts from here. */
  anonymousSince = 0;
  /** Heartbeats sent since the last read. */
  heartbeatsSent = 0;
  /** While a handler's promise is pending, later frames wait here in order. */
  private held = false;
  private readonly backlog: InboundFrame[] = [];

  private outSeq = 0;
  /** This tick's frames; a batch is borrowed from the host only while there are some, so idle connections hold none. */
  private pending: FrameBatch | undefined;
  private state: 'open' | 'closing' | 'closed' = 'open';
  private closeReason: DisconnectReason = DISCONNECT.CLIENT_CLOSED;

  /** True while a handler's promise is pending: frames that arrive meanwhile wait their turn. */
  get isHeld(): boolean {
    return this.held;
  }

  /** Holds later frames until `release`. */
  hold(): void {
    this.held = true;
  }

  release(): void {
    this.held = false;
  }

  /** Keeps a frame that arrived while held; false (nothing kept) when `maxFrames` already wait. */
  defer(frame: InboundFrame, maxFrames: number): boolean {
    if (this.backlog.length >= maxFrames) return false;
    this.backlog.push(frame);
    return true;
  }

  /** The oldest waiting frame, if the connection is open and not held. */
  nextDeferred(): InboundFrame | undefined {
    return this.isOpen && !this.held ? this.backlog.shift() : undefined;
  }

  constructor(
    readonly id: number,
    readonly transport: TransportKind,
    readonly codec: Codec,
    readonly remoteAddress: string,
    private readonly sink: SocketSink,
    private readonly host: ConnectionHost,
    now: number,
  ) {
    this.lastReadAt = now;
    this.anonymousSince = now;
  }

  get isOpen(): boolean {
    return this.state === 'open';
  }

  push(envelope: OutboundEnvelope): boolean {
    return this.pushPrepared(this.codec.prepare(this.dialect, envelope));
  }

  pushPrepared(frame: PreparedFrame): boolean {
    if (this.state !== 'open') return false;
    return this.enqueue(frame, ++this.outSeq);
  }

  reply(requestSeq: number, envelope: OutboundEnvelope): boolean {
    if (this.state !== 'open') return false;
    return this.enqueue(this.codec.prepare(this.dialect, envelope), requestSeq);
  }

  close(reason: DisconnectReason): void {
    if (this.state !== 'open') return;
    this.state = 'closing';
    this.closeReason = reason;
    this.flush();
    this.sink.end(reason, this);
  }

  /** Drops the socket without a goodbye (overflowed queue, shutdown grace over). */
  destroy(reason: DisconnectReason): void {
    if (this.state === 'closed') return;
    if (this.state === 'open') this.closeReason = reason;
    this.state = 'closing';
    this.dropPending();
    this.sink.destroy();
  }

  /** Called by the transport when the socket is gone, whoever closed it. */
  markClosed(): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.dropPending();
    this.host.onClosed(this, this.closeReason);
  }

  /** The last frame for transports without a close frame of their own (TCP). */
  goodbyeFrame(reason: DisconnectReason): Uint8Array | string {
    const data = { code: reason.code, message: reason.reason, reconnect: reason.reconnect };
    return this.codec.stamp(this.codec.prepare(this.dialect, { action: 'notify.error', msg: reason.reason, data }), ++this.outSeq);
  }

  /** Writes everything queued in this tick as one batch. */
  flush(): void {
    const batch = this.pending;
    if (!batch) return;
    this.pending = undefined;
    try {
      this.sink.writeBatch(batch);
    } finally {
      this.host.returnBatch(batch);
    }
  }

  private dropPending(): void {
    if (!this.pending) return;
    this.host.returnBatch(this.pending);
    this.pending = undefined;
  }

  private enqueue(frame: PreparedFrame, seq: number): boolean {
    const size = this.codec.stampedLength(frame, seq);
    if ((this.pending?.bytes ?? 0) + size + this.sink.bufferedBytes() > this.host.maxQueueBytes) {
      this.host.onOverflow(this);
      this.destroy(DISCONNECT.SLOW_CONSUMER);
      return false;
    }
    if (!this.pending) {
      this.pending = this.host.takeBatch(this.codec);
      this.host.scheduleFlush(this);
    }
    this.pending.add(frame, seq, size);
    return true;
  }
}
