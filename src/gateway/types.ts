import type { Codec, DecodedFrame, Dialect, DisconnectReason, OutboundEnvelope, PreparedFrame } from '../protocol/index.js';

export type TransportKind = 'ws' | 'tcp';

/** Who a connection is signed in as. */
export interface ConnectionIdentity {
  uid: number;
  device: number;
}

/**
 * One client connection, whatever its transport. Writes are queued and flushed once per event-loop tick;
 * the queue is bounded by `gateway.maxQueueBytes`, and a client that cannot keep up is disconnected
 * (SLOW_CONSUMER) rather than slowing anyone else. All send methods return false when the frame was not
 * queued (connection closed or just closed for overflow); they never throw for a dead peer.
 */
export interface Connection {
  readonly id: number;
  readonly transport: TransportKind;
  readonly codec: Codec;
  readonly remoteAddress: string;
  /** Fixed by the first frame; G2 until then. */
  readonly dialect: Dialect;
  readonly isOpen: boolean;
  identity: ConnectionIdentity | undefined;
  /** Sends a server push stamped with this connection's own increasing seq. */
  push(envelope: OutboundEnvelope): boolean;
  /** Sends an already prepared frame (it must match this connection's codec and dialect). */
  pushPrepared(frame: PreparedFrame): boolean;
  /** Answers a request: the frame carries the request's seq. */
  reply(requestSeq: number, envelope: OutboundEnvelope): boolean;
  /** Closes with a reason from the DISCONNECT catalog; queued frames are flushed first. Idempotent. */
  close(reason: DisconnectReason): void;
}

/** A decoded frame and its size on the wire (what the per-connection byte budget counts). */
export interface InboundFrame extends DecodedFrame {
  bytes: number;
}

/**
 * Business side of the gateway. `onFrame` is called in arrival order. Returning a promise holds the
 * connection's later frames until it settles (sign-in, API calls); returning nothing lets them flow.
 */
export interface FrameHandler {
  onFrame(conn: Connection, frame: InboundFrame): void | Promise<void>;
  onClose(conn: Connection, reason: DisconnectReason): void;
}
