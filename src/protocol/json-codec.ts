/**
 * JSON envelopes in both dialects. prepare() serialises everything after `seq` once; stamp() only
 * concatenates the per-connection seq, so one message fans out to many connections cheaply.
 */
import { CODEC_NAMES, DIALECTS, type Codec, type DecodedFrame, type Dialect, type OutboundEnvelope, type PreparedFrame } from './types.js';
import { notEnvelope, readJsonEnvelope } from './envelope.js';
import { payloadSpecFor, type PayloadSpec } from './payload-specs.js';
import { writeObject } from './payloads.js';
import { isRecord } from './wire-values.js';

const G2_HEAD = '{"ver":1,"seq":';
const G1_HEAD = '{"Ver":1,"Seq":';

const utf8 = new TextDecoder();

class JsonPreparedFrame implements PreparedFrame {
  readonly codec = CODEC_NAMES.JSON;
  constructor(
    readonly dialect: Dialect,
    /** `{"ver":1,"seq":` in the dialect's casing. */
    readonly head: string,
    /** `,"action":…}`: everything after the seq value. */
    readonly tail: string,
  ) {}
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
      return new JsonPreparedFrame(dialect, G1_HEAD, ',' + JSON.stringify(body).slice(1));
    }
    const body = {
      action,
      from: from === undefined ? undefined : String(from),
      to: to === undefined ? undefined : String(to),
      data,
      msg,
      extra,
    };
    return new JsonPreparedFrame(dialect, G2_HEAD, ',' + JSON.stringify(body).slice(1));
  }

  stamp(frame: PreparedFrame, seq: number): string {
    if (!(frame instanceof JsonPreparedFrame)) throw new Error(`JsonCodec cannot stamp a ${frame.codec} frame`);
    if (!Number.isSafeInteger(seq)) throw new Error(`seq must be a safe integer, got ${seq}`);
    return frame.head + seq + frame.tail;
  }
}
