/**
 * Protobuf envelopes (glide.proto, static code from pbjs). Always G2 semantics: there is no G1
 * protobuf client. prepare() encodes every field but `seq`; stamp() prepends the seq field, which
 * protobuf allows since fields may come in any order.
 */
import protobuf from 'protobufjs/minimal.js';
import { glide } from './gen/glide.js';
import { CODEC_NAMES, DIALECTS, PROTOCOL_VERSION, type Codec, type DecodedFrame, type Dialect, type Envelope, type OutboundEnvelope, type PreparedFrame } from './types.js';
import { checkAction, checkSeq, notEnvelope, optionalId } from './envelope.js';
import { OBJECT_PAYLOADS, payloadSpecFor, type AnyObjectPayloadSpec } from './payload-specs.js';
import { fromProtoPayload, toProtoPayload } from './payloads.js';
import { checkedSeq, isRecord } from './wire-values.js';
import { SlabAllocator } from './slab-allocator.js';

// int64 fields must read as JS numbers (ids stay below 2^53). Without Long, protobufjs decodes 64-bit
// varints to numbers; this is process-wide for protobufjs/minimal, which only this codec uses.
(protobuf.util as unknown as { Long: unknown }).Long = undefined;
protobuf.configure();

const EnvelopeMessage = glide.v1.Envelope;

/** Tag byte of Envelope.seq: field 2, wire type 0 (varint). */
const SEQ_TAG = (2 << 3) | 0;

const PROTO_PAYLOADS: ReadonlyMap<string, AnyObjectPayloadSpec> = new Map(
  OBJECT_PAYLOADS.flatMap((spec) => (spec.protoField === undefined ? [] : [[spec.protoField, spec] as const])),
);

const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder();

class ProtobufPreparedFrame implements PreparedFrame {
  readonly codec = CODEC_NAMES.PROTOBUF;
  constructor(
    readonly dialect: Dialect,
    /** The encoded envelope without its seq field. */
    readonly body: Uint8Array,
  ) {}
}

function varintLength(value: number): number {
  let length = 1;
  while (value >= 128) {
    value = Math.floor(value / 128);
    length++;
  }
  return length;
}

/** Bytes of the seq field (tag + int64 varint). */
function seqFieldLength(seq: number): number {
  // Negative int64 is a 10-byte two's complement varint; rare (an echoed client seq of -1).
  return 1 + (seq < 0 ? 10 : varintLength(seq));
}

/** Writes the seq field followed by the prepared body at `offset`; returns the bytes written. */
function writeSeqAndBody(seq: number, body: Uint8Array, out: Uint8Array, offset: number): number {
  let pos = offset;
  if (seq < 0) {
    const head = protobuf.Writer.create().uint32(SEQ_TAG).int64(seq).finish();
    out.set(head, pos);
    pos += head.length;
  } else {
    out[pos++] = SEQ_TAG;
    let value = seq;
    while (value >= 128) {
      out[pos++] = (value % 128) | 128;
      value = Math.floor(value / 128);
    }
    out[pos++] = value;
  }
  out.set(body, pos);
  return pos + body.length - offset;
}

function asProtobufFrame(frame: PreparedFrame): ProtobufPreparedFrame {
  if (!(frame instanceof ProtobufPreparedFrame)) throw new Error(`ProtobufCodec cannot stamp a ${frame.codec} frame`);
  return frame;
}

/** A decoded `json` member: parsed when it is JSON, else left as raw bytes for the reader to reject. */
function parseJsonData(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(utf8Decoder.decode(bytes));
  } catch {
    return bytes;
  }
}

function decodedData(message: glide.v1.Envelope): unknown {
  const member = message.data;
  if (member === undefined) return undefined;
  if (member === 'json') return message.json ? parseJsonData(message.json) : undefined;
  const spec = PROTO_PAYLOADS.get(member);
  const payload = (message as unknown as Record<string, unknown>)[member];
  if (spec === undefined || typeof payload !== 'object' || payload === null) return undefined;
  return fromProtoPayload(spec, payload);
}

export class ProtobufCodec implements Codec {
  readonly name = CODEC_NAMES.PROTOBUF;
  readonly isBinary = true;
  private readonly allocator = new SlabAllocator();

  decode(frame: Uint8Array | string): DecodedFrame {
    if (typeof frame === 'string') throw notEnvelope('protobuf frames must be binary');
    let message: glide.v1.Envelope;
    try {
      message = EnvelopeMessage.decode(frame);
    } catch (err) {
      throw notEnvelope('frame is not a protobuf envelope', err);
    }
    const envelope: Envelope = {
      ver: message.ver ?? PROTOCOL_VERSION,
      seq: checkSeq(message.seq ?? undefined),
      action: checkAction(message.action),
    };
    const from = optionalId(message.from);
    if (from !== undefined) envelope.from = from;
    const to = optionalId(message.to);
    if (to !== undefined) envelope.to = to;
    const data = decodedData(message);
    if (data !== undefined) envelope.data = data;
    if (message.msg != null) envelope.msg = message.msg;
    if (message.ticket != null) envelope.ticket = message.ticket;
    if (message.sign != null) envelope.sign = message.sign;
    if (message.extra && Object.keys(message.extra).length > 0) envelope.extra = Object.fromEntries(Object.entries(message.extra));
    return { envelope, dialect: DIALECTS.G2 };
  }

  prepare(dialect: Dialect, envelope: OutboundEnvelope): PreparedFrame {
    const { action, from, to, msg, extra, data } = envelope;
    const fields: glide.v1.Envelope.$Properties & Record<string, unknown> = { ver: PROTOCOL_VERSION, action };
    if (from !== undefined) fields.from = from;
    if (to !== undefined) fields.to = to;
    if (msg !== undefined) fields.msg = msg;
    if (extra !== undefined) fields.extra = extra;
    if (data !== undefined && data !== null) {
      const spec = payloadSpecFor(action);
      if (spec.kind === 'object' && spec.protoField !== undefined) {
        if (!isRecord(data)) throw new Error(`${spec.name} data must be an object`);
        fields[spec.protoField] = toProtoPayload(spec, data);
      } else {
        fields.json = utf8Encoder.encode(JSON.stringify(data));
      }
    }
    return new ProtobufPreparedFrame(dialect, EnvelopeMessage.encode(fields).finish());
  }

  stamp(frame: PreparedFrame, seq: number): Uint8Array {
    const { body } = asProtobufFrame(frame);
    const out = this.allocator.allocate(seqFieldLength(checkedSeq(seq)) + body.length);
    writeSeqAndBody(seq, body, out, 0);
    return out;
  }

  stampedLength(frame: PreparedFrame, seq: number): number {
    return seqFieldLength(checkedSeq(seq)) + asProtobufFrame(frame).body.length;
  }

  writeStamped(frame: PreparedFrame, seq: number, out: Uint8Array, offset: number): number {
    return writeSeqAndBody(checkedSeq(seq), asProtobufFrame(frame).body, out, offset);
  }
}
