/**
 * JSON envelopes in both dialects. prepare() serialises everything after `seq` once; stamp() and
 * writeStamped() only add the per-connection seq, so one message fans out to many connections cheaply.
 */
import { CODEC_NAMES, DIALECTS, type Codec, type DecodedFrame, type Dialect, type OutboundEnvelope, type PreparedFrame } from './types.js';
import { notEnvelope, readJsonEnvelope } from './envelope.js';
import { payloadSpecFor, type PayloadSpec } from './payload-specs.js';
import { writeObject } from './payloads.js';
import { checkedSeq, isRecord } from './wire-values.js';
import { SlabAllocator } from './slab-allocator.js';

const G2_HEAD = '{"ver":1,"seq":';
const G1_HEAD = '{"Ver":1,"Seq":';
const MINUS = 0x2d;
const ZERO = 0x30;
const COMMA = 0x2c;

const utf8 = new TextDecoder();

/**
 * The G2 heartbeat exactly as this codec stamps it (the SDK's and the bench's): `{"ver":1,"seq":<int>,"action":"heartbeat"}`.
 * Up to 15 digits, so the seq is a safe integer as `checkSeq` requires.
 */
const G2_HEARTBEAT = /^\{"ver":1,"seq":-?\d{1,15},"action":"heartbeat"\}$/;
const G2_HEARTBEAT_MAX_LENGTH = '{"ver":1,"seq":-,"action":"heartbeat"}'.length + 15;

/**
 * True when `text` is a plain G2 heartbeat, which decodes to an envelope that does nothing: the gateway
 * takes it as life without the JSON decode and the route (issue 17: 100,000 idle connections send ~5,000 a
 * second). Any other form (G1 casing, extra fields, data) is false and goes the full way.
 */
export function isPlainJsonHeartbeat(text: string): boolean {
  return text.length <= G2_HEARTBEAT_MAX_LENGTH && text.charCodeAt(text.length - 3) === 0x74 && G2_HEARTBEAT.test(text);
}

class JsonPreparedFrame implements PreparedFrame {
  readonly codec = CODEC_NAMES.JSON;
  private bytes: Uint8Array | undefined;
  constructor(
    readonly dialect: Dialect,
    /** `{"ver":1,"seq":` in the dialect's casing (ASCII). */
    readonly head: string,
    /** `{"action":…}`: the fields after seq as a JSON object; on the wire its `{` becomes `,`. */
    readonly rest: string,
    private readonly allocator: SlabAllocator,
  ) {}

  /** `rest` as UTF-8, encoded on first use and shared by every connection the frame goes to. */
  get restBytes(): Uint8Array {
    return (this.bytes ??= this.allocator.encodeUtf8(this.rest));
  }
}

function asJsonFrame(frame: PreparedFrame): JsonPreparedFrame {
  if (!(frame instanceof JsonPreparedFrame)) throw new Error(`JsonCodec cannot stamp a ${frame.codec} frame`);
  return frame;
}

/** Characters of a safe integer in decimal. */
function decimalLength(value: number): number {
  let length = value < 0 ? 2 : 1;
  for (let rest = Math.abs(value); rest >= 10; rest = Math.floor(rest / 10)) length++;
  return length;
}

/** Writes a safe integer's decimal digits at `offset` (hand-written: no string per frame on the hot path). */
function writeDecimal(out: Uint8Array, offset: number, value: number, length: number): void {
  let rest = Math.abs(value);
  for (let pos = offset + length - 1; pos >= offset; pos--) {
    out[pos] = ZERO + (rest % 10);
    rest = Math.floor(rest / 10);
  }
  if (value < 0) out[offset] = MINUS;
}

/** `data` in the dialect's wire form for the action's payload spec. */
export function wireData(spec: PayloadSpec, dialect: Dialect, data: unknown): unknown {
  if (spec.kind !== 'object') return data;
  if (!isRecord(data)) throw new Error(`${spec.name} data must be an object`);
  return writeObject(spec, dialect, data);
}

export class JsonCodec implements Codec {
  readonly name = CODEC_NAMES.JSON;
  readonly isBinary = false;
  private readonly allocator = new SlabAllocator();

  decode(frame: Uint8Array | string): DecodedFrame {
    const text = typeof frame === 'string' ? frame : utf8.decode(frame);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      throw notEnvelope('frame is not JSON', err);
    }
    return readJsonEnvelope(parsed);
  }

  prepare(dialect: Dialect, envelope: OutboundEnvelope): PreparedFrame {
    const { action, from, to, msg, extra } = envelope;
    const data = envelope.data === undefined || envelope.data === null ? undefined : wireData(payloadSpecFor(action), dialect, envelope.data);
    if (dialect === DIALECTS.G1) {
      // G1 has no from/to/msg; Data is always present (null when empty), as the Java SDK expects.
      const body = { Action: action, Data: data ?? null, Extra: extra };
      return new JsonPreparedFrame(dialect, G1_HEAD, JSON.stringify(body), this.allocator);
    }
    const body = {
      action,
      from: from === undefined ? undefined : String(from),
      to: to === undefined ? undefined : String(to),
      data,
      msg,
      extra,
    };
    return new JsonPreparedFrame(dialect, G2_HEAD, JSON.stringify(body), this.allocator);
  }

  stamp(frame: PreparedFrame, seq: number): string {
    const json = asJsonFrame(frame);
    return json.head + checkedSeq(seq) + ',' + json.rest.slice(1);
  }

  stampedLength(frame: PreparedFrame, seq: number): number {
    const json = asJsonFrame(frame);
    return json.head.length + decimalLength(checkedSeq(seq)) + json.restBytes.length;
  }

  writeStamped(frame: PreparedFrame, seq: number, out: Uint8Array, offset: number): number {
    const { head, restBytes } = asJsonFrame(frame);
    let pos = offset;
    for (let i = 0; i < head.length; i++) out[pos++] = head.charCodeAt(i);
    const digits = decimalLength(checkedSeq(seq));
    writeDecimal(out, pos, seq, digits);
    pos += digits;
    out.set(restBytes, pos);
    out[pos] = COMMA;
    return pos + restBytes.length - offset;
  }
}
