import { DIALECTS, DISCONNECT, type Codec, type Dialect, type DisconnectReason, type OutboundEnvelope, type PreparedFrame } from '../protocol/index.js';
import type { Connection, ConnectionIdentity, InboundFrame, TransportKind } from './types.js';

export type OutboundData = Uint8Array | string;

/** What a transport must provide so `BaseConnection` can queue, batch and close. */
export interface SocketSink {
  /** Writes a batch of frames; the transport corks or concatenates so one batch is one syscall. */
  writeBatch(frames: OutboundData[], bytes: number): void;
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
  onOverflow(conn: BaseConnection): void;
  onClosed(conn: BaseConnection, reason: DisconnectReason): void;
}

export function byteLengthOf(data: OutboundData): number {
  return typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength;
}

export class BaseConnection implements Connection {
  identity: ConnectionIdentity | undefined;
  dialect: Dialect = DIALECTS.G2;
  /** Set once the first frame fixed the dialect. */
  isDialectFixed = false;
  /** Last time anything was read (frames, pings), from the gateway's clock. */
  lastReadAt: number;
  /** Since when the connection has had no identity (open, or signed out); the auth timeout counts from here. */
  anonymousSince: number;
  /** Heartbeats sent since the last read. */
  heartbeatsSent = 0;
  /** While a handler's promise is pending, later frames wait here in order. */
  private held = false;
  private readonly backlog: InboundFrame[] = [];

  private outSeq = 0;
  private pending: OutboundData[] = [];
  private pendingBytes = 0;
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
    return this.enqueue(this.codec.stamp(frame, ++this.outSeq));
  }

  reply(requestSeq: number, envelope: OutboundEnvelope): boolean {
    if (this.state !== 'open') return false;
    return this.enqueue(this.codec.stamp(this.codec.prepare(this.dialect, envelope), requestSeq));
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
    this.pending = [];
    this.pendingBytes = 0;
    this.sink.destroy();
  }

  /** Called by the transport when the socket is gone, whoever closed it. */
  markClosed(): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.pending = [];
    this.pendingBytes = 0;
    this.host.onClosed(this, this.closeReason);
  }

  /** The last frame for transports without a close frame of their own (TCP). */
  goodbyeFrame(reason: DisconnectReason): OutboundData {
    const data = { code: reason.code, message: reason.reason, reconnect: reason.reconnect };
    return this.codec.stamp(this.codec.prepare(this.dialect, { action: 'notify.error', msg: reason.reason, data }), ++this.outSeq);
  }

  /** Writes everything queued in this tick as one batch. */
  flush(): void {
    if (this.pending.length === 0) return;
    const frames = this.pending;
    const bytes = this.pendingBytes;
    this.pending = [];
    this.pendingBytes = 0;
    this.sink.writeBatch(frames, bytes);
  }

  private enqueue(data: OutboundData): boolean {
    const size = byteLengthOf(data);
    if (this.pendingBytes + size + this.sink.bufferedBytes() > this.host.maxQueueBytes) {
      this.host.onOverflow(this);
      this.destroy(DISCONNECT.SLOW_CONSUMER);
      return false;
    }
    if (this.pending.length === 0) this.host.scheduleFlush(this);
    this.pending.push(data);
    this.pendingBytes += size;
    return true;
  }
}
