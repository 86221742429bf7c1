/**
 * The protocol's public shapes. Wire names (GlideIM's casing) stay inside protocol/; everything here
 * is dialect-neutral: ids are numbers, keys are our own lower camel case.
 */

export const DIALECTS = { G1: 'g1', G2: 'g2' } as const;
/** G2: lowercase keys, string ids (web client v2). G1: capitalised keys, numeric ids (Android/Java SDK). */
export type Dialect = (typeof DIALECTS)[keyof typeof DIALECTS];

export const CODEC_NAMES = { JSON: 'json', PROTOBUF: 'protobuf' } as const;
export type CodecName = (typeof CODEC_NAMES)[keyof typeof CODEC_NAMES];

export const PROTOCOL_VERSION = 1;

/** An inbound envelope after decoding. `data` is still in wire form: read it with a payload reader. */
export interface Envelope {
  ver: number;
  seq: number;
  action: string;
  from?: number;
  to?: number;
  data?: unknown;
  msg?: string;
  ticket?: string;
  sign?: string;
  extra?: Record<string, string>;
}

export interface DecodedFrame {
  envelope: Envelope;
  /** The dialect this frame looks like (capitalised `Action` or `api.user.auth` means G1). */
  dialect: Dialect;
}

/** What the server sends, before the per-connection seq is stamped. `data` uses our internal payload names. */
export interface OutboundEnvelope {
  action: string;
  data?: unknown;
  from?: number;
  to?: number;
  msg?: string;
  extra?: Record<string, string>;
}

/** An envelope encoded for one (codec, dialect) pair, everything but `seq`; stamp it per connection. */
export interface PreparedFrame {
  readonly codec: CodecName;
  readonly dialect: Dialect;
}

export interface Codec {
  readonly name: CodecName;
  /** WebSocket frame type this codec writes: binary (true) or text (false). */
  readonly isBinary: boolean;
  /** Parses one frame. Throws GlideError PROTO_NOT_ENVELOPE when the input is not an envelope at all. */
  decode(frame: Uint8Array | string): DecodedFrame;
  /** Encodes everything except `seq` once, so one message can go to many connections cheaply. */
  prepare(dialect: Dialect, envelope: OutboundEnvelope): PreparedFrame;
  /** The final frame for one connection: the prepared bytes with that connection's `seq`. */
  stamp(frame: PreparedFrame, seq: number): Uint8Array | string;
  /** Bytes of `stamp(frame, seq)` on the wire (UTF-8 for JSON). */
  stampedLength(frame: PreparedFrame, seq: number): number;
  /**
   * Writes the bytes of `stamp(frame, seq)` into `out` at `offset` and returns their count: a connection's
   * frames of one tick go straight into its one write buffer, with no string or array per frame.
   */
  writeStamped(frame: PreparedFrame, seq: number, out: Uint8Array, offset: number): number;
}
