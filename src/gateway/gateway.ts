import type { Clock, Logger } from '../core/index.js';
import { isGlideError } from '../core/index.js';
import type { MetricsRegistry } from '../metrics/index.js';
import { ConnectionAdmission, type AddressPolicy, type AdmissionLimits, type AdmissionResult } from './admission.js';
import { BaseConnection, type ConnectionHost, type SocketSink } from './connection.js';
import { DIALECTS, DISCONNECT, isPlainJsonHeartbeat, type Codec, type DisconnectReason } from '../protocol/index.js';
import { FrameBatch } from './frame-batch.js';
import { createGatewayMetrics, type GatewayMetrics } from './gateway-metrics.js';
import { LocalRegistry } from './registry.js';
import type { Connection, ConnectionIdentity, FrameHandler, InboundFrame, TransportKind } from './types.js';

/** The gateway's limits (the composition root passes the `gateway` config section). */
export interface GatewayOptions extends AdmissionLimits {
  /** Bytes a connection may have queued for sending before it is disconnected as too slow. */
  maxQueueBytes: number;
  heartbeatIntervalMs: number;
  /** Silent intervals after which the connection is closed. */
  heartbeatMaxMissed: number;
  /** A connection that has not signed in within this time is closed. */
  authTimeoutMs: number;
}

export interface GatewayDeps {
  config: GatewayOptions;
  clock: Clock;
  log: Logger;
  metrics: MetricsRegistry;
  /** Trusted addresses and IP buckets for the per-IP limits. */
  addresses: AddressPolicy;
  /** How long new clients should stay away while the sign-in line is backed up (the auth area's gate); undefined: not backed up. */
  signinBacklogMs?: () => number | undefined;
}

/** Frames a connection may have waiting behind a pending reply before it is cut off. */
const MAX_BACKLOG_FRAMES = 1024;

/**
 * Empty batches kept for reuse. Only connections with frames queued in this tick hold one, so the pool
 * is as large as the busiest tick so far (capped): a node holding 100,000 idle connections holds a few
 * batches, not 100,000 (~0.5 KB each with their slot arrays, issue 17); busy ticks still allocate none.
 */
const MAX_POOLED_BATCHES = 4096;

/**
 * Transport-independent heart of the gateway: owns the connections, batches their writes per tick,
 * runs the heartbeat sweep (one timer for all connections) and hands decoded frames to the handler
 * in arrival order.
 */
export class Gateway implements ConnectionHost {
  readonly registry = new LocalRegistry();
  readonly maxQueueBytes: number;
  private handler: FrameHandler | undefined;
  private nextId = 1;
  private dirty = new Set<BaseConnection>();
  private readonly freeBatches: FrameBatch[] = [];
  private isFlushScheduled = false;
  private readonly stopSweep: () => void;
  private readonly metrics: GatewayMetrics;
  private readonly log: Logger;
  private closedWaiters = new Set<() => void>();
  private peak = 0;
  private readonly admission: ConnectionAdmission;

  constructor(private readonly deps: GatewayDeps) {
    this.maxQueueBytes = deps.config.maxQueueBytes;
    this.log = deps.log.child({ area: 'gateway' });
    this.admission = new ConnectionAdmission(deps.config, deps.addresses, deps.clock, deps.signinBacklogMs);
    this.metrics = createGatewayMetrics(deps.metrics, { trackedAddresses: () => this.admission.trackedAddresses });
    // The one sweep also enforces the auth timeout, so it runs often enough for the shorter of the two.
    const sweepEveryMs = Math.max(10, Math.floor(Math.min(deps.config.heartbeatIntervalMs, deps.config.authTimeoutMs) / 4));
    this.stopSweep = deps.clock.every(sweepEveryMs, () => this.sweep());
  }

  setHandler(handler: FrameHandler): void {
    this.handler = handler;
  }

  /** Signs a connection in as (uid, device); the registry indexes it by uid. */
  bind(conn: Connection, identity: ConnectionIdentity): void {
    const local = this.registry.get(conn.id);
    if (local) this.registry.bind(local, identity);
  }

  /** Makes a connection anonymous again; its auth timeout starts over. */
  unbind(conn: Connection): void {
    const local = this.registry.get(conn.id);
    if (!local) return;
    this.registry.unbind(local);
    local.anonymousSince = this.deps.clock.now();
  }

  connectionsOf(uid: number): ReadonlySet<Connection> {
    return this.registry.connectionsOf(uid);
  }

  get connectionCount(): number {
    return this.registry.size;
  }

  /** Most connections open at once since start. */
  get peakConnections(): number {
    return this.peak;
  }

  /** Sockets admitted and not yet closed, those still in their handshake or preface included. */
  get admittedSockets(): number {
    return this.admission.size;
  }

  // ---- called by transports ----

  /**
   * Asks whether a new socket from `remoteAddress` may open (node and per-IP limits). On success the
   * transport must call `release` once when the socket closes, whether or not it became a connection.
   */
  admit(transport: TransportKind, remoteAddress: string): AdmissionResult {
    const result = this.admission.admit(remoteAddress);
    if (!result.isAdmitted) {
      this.metrics.refused.inc({ transport, reason: result.refusal.label });
      this.log.debug({ transport, ip: remoteAddress, reason: result.refusal.label }, 'socket refused');
    }
    return result;
  }

  open(transport: TransportKind, codec: Codec, remoteAddress: string, sink: SocketSink): BaseConnection {
    const conn = new BaseConnection(this.nextId++, transport, codec, remoteAddress, sink, this, this.deps.clock.now());
    this.registry.add(conn);
    if (this.registry.size > this.peak) this.peak = this.registry.size;
    this.metrics.connections.inc({ transport, codec: codec.name });
    return conn;
  }

  /** A frame arrived on `conn`. */
  receive(conn: BaseConnection, data: Uint8Array | string): void {
    if (!conn.isOpen) return;
    this.touch(conn);
    const bytes = typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength;
    this.metrics.framesIn.add(conn.transport);
    this.metrics.bytesIn.add(conn.transport, bytes);
    // A plain heartbeat is public, free and answered by nothing: life is all it carries (touched above).
    if (typeof data === 'string' && !conn.codec.isBinary && isPlainJsonHeartbeat(data)) {
      if (!conn.isDialectFixed) {
        conn.dialect = DIALECTS.G2;
        conn.isDialectFixed = true;
      }
      return;
    }
    let frame: InboundFrame;
    try {
      const { envelope, dialect } = conn.codec.decode(data);
      frame = { envelope, dialect, bytes };
    } catch (err) {
      this.metrics.decodeErrors.inc({ transport: conn.transport, kind: 'envelope' });
      if (isGlideError(err)) {
        this.log.debug({ conn: conn.id, err: err.message }, 'frame is not an envelope');
        conn.close(DISCONNECT.BAD_FRAME);
      } else {
        this.log.error({ conn: conn.id, err }, 'decoder failed');
        conn.close(DISCONNECT.INTERNAL_ERROR);
      }
      return;
    }
    if (!conn.isDialectFixed) {
      conn.dialect = frame.dialect;
      conn.isDialectFixed = true;
    }
    if (conn.isHeld) {
      if (!conn.defer(frame, MAX_BACKLOG_FRAMES)) conn.close(DISCONNECT.TOO_MANY_PENDING);
      return;
    }
    this.dispatch(conn, frame);
  }

  /** Anything read counts as life: frames, WebSocket pings and pongs. */
  touch(conn: BaseConnection): void {
    conn.lastReadAt = this.deps.clock.now();
    conn.heartbeatsSent = 0;
  }

  /** Counts a decode failure the transport detected itself (oversized frame, bad preface). */
  countDecodeError(transport: TransportKind, kind: string): void {
    this.metrics.decodeErrors.inc({ transport, kind });
  }

  /** A TCP socket that did not finish its TLS handshake or its preface in time. */
  countHandshakeTimeout(stage: 'tls' | 'preface'): void {
    this.metrics.handshakeTimeouts.inc({ stage });
  }

  // ---- ConnectionHost ----

  scheduleFlush(conn: BaseConnection): void {
    this.dirty.add(conn);
    if (this.isFlushScheduled) return;
    this.isFlushScheduled = true;
    setImmediate(this.flushAll);
  }

  takeBatch(codec: Codec): FrameBatch {
    const batch = this.freeBatches.pop();
    if (!batch) return new FrameBatch(codec);
    batch.codec = codec;
    return batch;
  }

  returnBatch(batch: FrameBatch): void {
    batch.clear();
    if (this.freeBatches.length < MAX_POOLED_BATCHES) this.freeBatches.push(batch);
  }

  onOverflow(conn: BaseConnection): void {
    this.metrics.queueOverflows.inc({ transport: conn.transport });
    this.log.info({ conn: conn.id, uid: conn.identity?.uid }, 'send queue overflow, disconnecting');
  }

  onClosed(conn: BaseConnection, reason: DisconnectReason): void {
    this.registry.remove(conn);
    this.dirty.delete(conn);
    this.metrics.connections.dec({ transport: conn.transport, codec: conn.codec.name });
    this.metrics.disconnects.inc({ reason: reason.reason });
    try {
      this.handler?.onClose(conn, reason);
    } catch (err) {
      this.log.error({ conn: conn.id, err }, 'close handler failed');
    }
    if (this.registry.size === 0) for (const wake of this.closedWaiters) wake();
  }

  /** Outbound frames/bytes, reported by transports as they write. */
  countWrite(transport: TransportKind, frames: number, bytes: number): void {
    this.metrics.framesOut.add(transport, frames);
    this.metrics.bytesOut.add(transport, bytes);
  }

  // ---- lifecycle ----

  /** Tells every client the server is going away; sockets still open after `graceMs` are destroyed. */
  async close(graceMs: number): Promise<void> {
    this.stopSweep();
    for (const conn of this.registry.all()) conn.close(DISCONNECT.SHUTDOWN);
    this.flushAll();
    if (this.registry.size > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, graceMs);
        this.closedWaiters.add(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    for (const conn of [...this.registry.all()]) {
      conn.destroy(DISCONNECT.SHUTDOWN);
      conn.markClosed();
    }
  }

  private readonly flushAll = (): void => {
    this.isFlushScheduled = false;
    const dirty = this.dirty;
    this.dirty = new Set();
    for (const conn of dirty) conn.flush();
  };

  private dispatch(conn: BaseConnection, frame: InboundFrame): void {
    const handler = this.handler;
    if (!handler) return;
    let result: void | Promise<void>;
    try {
      result = handler.onFrame(conn, frame);
    } catch (err) {
      this.log.error({ conn: conn.id, action: frame.envelope.action, err }, 'frame handler failed');
      conn.close(DISCONNECT.INTERNAL_ERROR);
      return;
    }
    if (!result) return;
    conn.hold();
    result.then(
      () => this.release(conn),
      (err: unknown) => {
        this.log.error({ conn: conn.id, action: frame.envelope.action, err }, 'frame handler failed');
        conn.close(DISCONNECT.INTERNAL_ERROR);
      },
    );
  }

  private release(conn: BaseConnection): void {
    conn.release();
    for (let frame = conn.nextDeferred(); frame; frame = conn.nextDeferred()) this.dispatch(conn, frame);
  }

  private sweep(): void {
    const now = this.deps.clock.now();
    const { heartbeatIntervalMs, heartbeatMaxMissed, authTimeoutMs } = this.deps.config;
    this.admission.prune();
    for (const conn of this.registry.all()) {
      if (!conn.identity && now - conn.anonymousSince >= authTimeoutMs) {
        this.metrics.authTimeouts.inc({ transport: conn.transport });
        conn.close(DISCONNECT.AUTH_TIMEOUT);
        continue;
      }
      const missed = Math.floor((now - conn.lastReadAt) / heartbeatIntervalMs);
      if (missed >= heartbeatMaxMissed) {
        this.metrics.heartbeatCloses.inc({ transport: conn.transport });
        conn.close(DISCONNECT.HEARTBEAT_TIMEOUT);
      } else if (missed > conn.heartbeatsSent) {
        conn.heartbeatsSent = missed;
        conn.push({ action: 'heartbeat' });
      }
    }
  }
}
