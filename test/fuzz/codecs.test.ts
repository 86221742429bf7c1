/**
 * Decoders on hostile input: the JSON and protobuf codecs, the payload readers, dialect detection and
 * the TCP preface/frame readers under random chunking. Each either returns a well-formed value or
 * throws a GlideError with the expected code; nothing else ever escapes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GlideError } from '../../src/core/index.js';
import {
  ACTION_MAX_LENGTH,
  DIALECTS,
  FIELD_TYPES,
  FrameDecoder,
  JsonCodec,
  OBJECT_PAYLOADS,
  PrefaceReader,
  ProtobufCodec,
  encodeFrame,
  payloadSpecFor,
  readNoticeText,
  readPayload,
  type AnyObjectPayloadSpec,
  type Codec,
  type DecodedFrame,
  type FieldSpec,
  type ObjectPayloadSpec,
} from '../../src/protocol/index.js';
import { fcOptions, HUGE_NUMBERS, junkObjectText, junkValue, nestedText, objectText, PAYLOAD_FIELDS, PROTO_KEYS, TRICKY_STRINGS } from '../helpers/fuzz.js';

const utf8 = new TextEncoder();
const CODECS = [
  ['json', new JsonCodec()],
  ['protobuf', new ProtobufCodec()],
] as const;

/** Actions a client sends, each with an object payload. */
const CLIENT_ACTIONS = ['message.chat', 'message.chat.recall', 'message.group', 'ack.request', 'ack.group.msg', 'ack.read', 'message.cli', 'authenticate'];
/** Actions the server writes with an object payload: their frames are valid protobuf with every oneof member. */
const SERVER_ACTIONS = ['ack.message', 'ack.notify', 'message.failed.send', 'notify.kickout', 'notify.login', 'notify.contact', 'notify.group', 'event.user.online', 'notify.read'];

function expectGlideError(err: unknown, codes: readonly string[]): void {
  expect(err).toBeInstanceOf(GlideError);
  expect(codes).toContain((err as GlideError).code);
}

/** A decoded envelope is well formed: what the gateway relies on without checking again. */
function expectWellFormed({ envelope, dialect }: DecodedFrame): void {
  expect(typeof envelope.action).toBe('string');
  expect(envelope.action.length).toBeGreaterThan(0);
  expect(envelope.action.length).toBeLessThanOrEqual(ACTION_MAX_LENGTH);
  expect(Number.isSafeInteger(envelope.seq)).toBe(true);
  for (const id of [envelope.from, envelope.to]) if (id !== undefined) expect(Number.isSafeInteger(id) && id > 0).toBe(true);
  for (const text of [envelope.msg, envelope.ticket, envelope.sign]) if (text !== undefined) expect(typeof text).toBe('string');
  if (envelope.extra !== undefined) for (const value of Object.values(envelope.extra)) expect(typeof value).toBe('string');
  expect([DIALECTS.G1, DIALECTS.G2]).toContain(dialect);
}

/** decode, then every reader on `data`: a value or the expected GlideError, nothing else. */
function decodeAndRead(codec: Codec, input: Uint8Array | string): DecodedFrame | undefined {
  let frame: DecodedFrame;
  try {
    frame = codec.decode(input);
  } catch (err) {
    expectGlideError(err, ['PROTO_NOT_ENVELOPE']);
    return undefined;
  }
  expectWellFormed(frame);
  for (const spec of OBJECT_PAYLOADS) {
    try {
      readPayload(spec as ObjectPayloadSpec<unknown>, frame.envelope.data);
    } catch (err) {
      expectGlideError(err, ['PROTO_BAD_PAYLOAD']);
    }
  }
  try {
    readNoticeText(frame.envelope.data);
  } catch (err) {
    expectGlideError(err, ['PROTO_BAD_PAYLOAD']);
  }
  return frame;
}

function fieldValue(field: FieldSpec): fc.Arbitrary<unknown> {
  const id = fc.integer({ min: 1, max: 2 ** 31 - 1 });
  const text = fc.string({ minLength: 1, maxLength: Math.min(field.maxLength ?? 40, 40) });
  switch (field.type) {
    case FIELD_TYPES.UID:
      return id;
    case FIELD_TYPES.MID:
      return fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER });
    case FIELD_TYPES.INT:
      return fc.nat();
    case FIELD_TYPES.BOOL:
      return fc.boolean();
    case FIELD_TYPES.UID_LIST:
      return fc.array(id, { minLength: 1, maxLength: 4 });
    case FIELD_TYPES.STRING_LIST:
      return fc.array(text, { minLength: 1, maxLength: 3 });
    case FIELD_TYPES.STRING:
      return text;
  }
}

/** Data for an action's payload spec, with every field set (our internal names). */
function payloadFor(action: string): fc.Arbitrary<Record<string, unknown>> {
  const spec = payloadSpecFor(action) as AnyObjectPayloadSpec;
  return fc.record(Object.fromEntries(spec.fields.map((field) => [field.name, fieldValue(field)])));
}

/** A valid frame of either dialect for any client or server action, as bytes, with its action and seq. */
function validFrame(codec: Codec): fc.Arbitrary<{ bytes: Uint8Array; action: string; seq: number }> {
  return fc
    .constantFrom(...CLIENT_ACTIONS, ...SERVER_ACTIONS)
    .chain((action) => fc.tuple(fc.constant(action), payloadFor(action), fc.constantFrom(DIALECTS.G1, DIALECTS.G2), fc.integer({ min: -1, max: 2 ** 40 })))
    .map(([action, data, dialect, seq]) => {
      const frame = codec.stamp(codec.prepare(dialect, { action, data, from: 7, to: 9, msg: 'm', extra: { k: 'v' } }), seq);
      return { bytes: typeof frame === 'string' ? utf8.encode(frame) : frame, action, seq };
    });
}

type Mutation = { kind: 'flip' | 'insert' | 'delete'; at: number; byte: number };

function mutate(bytes: Uint8Array, mutations: readonly Mutation[], cut: number, isDoubled: boolean): Uint8Array {
  let out = [...bytes];
  for (const { kind, at, byte } of mutations) {
    const index = out.length === 0 ? 0 : at % out.length;
    if (kind === 'flip') out[index] = byte;
    else if (kind === 'insert') out.splice(index, 0, byte);
    else out.splice(index, 1);
  }
  out = out.slice(0, Math.max(0, out.length - cut));
  return Uint8Array.from(isDoubled ? [...out, ...out] : out);
}

const mutation: fc.Arbitrary<Mutation> = fc.record({ kind: fc.constantFrom('flip', 'insert', 'delete'), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) });

describe.each(CODECS)('%s codec decode on hostile input', (_name, codec) => {
  it('returns a well-formed envelope or throws PROTO_NOT_ENVELOPE for arbitrary strings', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => void decodeAndRead(codec, text)), fcOptions(200, 1));
  });

  it('returns a well-formed envelope or throws PROTO_NOT_ENVELOPE for arbitrary bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => void decodeAndRead(codec, bytes)), fcOptions(200, 2));
  });

  it('decodes every valid frame back to its action and seq', () => {
    fc.assert(
      fc.property(validFrame(codec), ({ bytes, action, seq }) => {
        expect(decodeAndRead(codec, bytes)?.envelope).toMatchObject({ action, seq });
      }),
      fcOptions(200, 3),
    );
  });

  it('survives mutated, truncated and doubled valid frames', () => {
    fc.assert(
      fc.property(validFrame(codec), fc.array(mutation, { maxLength: 8 }), fc.nat({ max: 12 }), fc.boolean(), ({ bytes }, mutations, cut, isDoubled) => {
        decodeAndRead(codec, mutate(bytes, mutations, cut, isDoubled));
      }),
      fcOptions(300, 4),
    );
  });
});

describe('json codec on hostile envelopes', () => {
  const codec = new JsonCodec();
  const envelopeKeys = ['ver', 'Ver', 'seq', 'Seq', 'SEQ', 'action', 'Action', 'ACTION', 'from', 'to', 'data', 'Data', 'msg', 'ticket', 'sign', 'extra', 'Extra', ...PROTO_KEYS];
  const actionValue = fc.oneof(fc.constantFrom('message.chat', 'api.user.auth', 'ack.read', 'api.auth', 'x'.repeat(ACTION_MAX_LENGTH + 1), ''), junkValue());

  it('reads junk envelopes (wrong types, huge numbers, duplicate and __proto__ keys) or refuses them as not envelopes', () => {
    const entry = fc.tuple(fc.constantFrom(...envelopeKeys), fc.oneof(actionValue, fc.constantFrom(...HUGE_NUMBERS), fc.constantFrom(...TRICKY_STRINGS)));
    fc.assert(fc.property(fc.array(entry, { maxLength: 10 }), (entries) => void decodeAndRead(codec, objectText(entries))), fcOptions(400, 5));
  });

  it('reads junk payloads under a valid envelope and refuses them with PROTO_BAD_PAYLOAD only', () => {
    const data = junkObjectText(PAYLOAD_FIELDS, [1, 2, 3]);
    fc.assert(
      fc.property(fc.constantFrom(...CLIENT_ACTIONS), data, (action, dataText) => {
        expect(decodeAndRead(codec, `{"ver":1,"seq":5,"action":${JSON.stringify(action)},"data":${dataText}}`)).toBeDefined();
      }),
      fcOptions(400, 6),
    );
  });

  it('handles data nested thousands of levels deep', () => {
    for (const depth of [1_000, 10_000, 50_000]) {
      const text = `{"action":"message.chat","seq":1,"data":${nestedText(depth)}}`;
      expect(decodeAndRead(codec, text)?.envelope.action).toBe('message.chat');
      decodeAndRead(codec, '['.repeat(depth) + ']'.repeat(depth));
    }
  });
});

describe('dialect detection', () => {
  const codec = new JsonCodec();
  /** `action` with each letter's case chosen by the mask bits; mask 0 is the exact G2 spelling. */
  const spelling = (word: string, mask: number) => [...word].map((c, i) => ((mask >> i) & 1 ? c.toUpperCase() : c)).join('');

  it('is G1 exactly when the action key is not spelt `action` or the action is api.user.auth, and casing changes nothing else', () => {
    const action = fc.constantFrom('message.chat', 'api.auth', 'api.user.auth', 'heartbeat', 'ack.request');
    fc.assert(
      fc.property(action, fc.nat({ max: 63 }), fc.nat({ max: 7 }), fc.integer({ min: -1, max: 2 ** 40 }), (name, actionMask, otherMask, seq) => {
        const text = objectText([
          [spelling('seq', otherMask), seq],
          [spelling('action', actionMask), name],
          [spelling('data', otherMask), { mid: 1 }],
        ]);
        const { envelope, dialect } = codec.decode(text);
        expect(dialect).toBe(actionMask === 0 && name !== 'api.user.auth' ? DIALECTS.G2 : DIALECTS.G1);
        expect(envelope).toMatchObject({ action: name, seq, data: { mid: 1 } });
      }),
      fcOptions(200, 7),
    );
  });

  it('is always G2 for protobuf frames', () => {
    const proto = new ProtobufCodec();
    fc.assert(
      fc.property(validFrame(proto), ({ bytes }) => {
        expect(proto.decode(bytes).dialect).toBe(DIALECTS.G2);
      }),
      fcOptions(100, 8),
    );
  });
});

/** Splits `bytes` at the given (unsorted, repeated) cut points. */
function chunks(bytes: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let start = 0;
  for (const point of [...points, bytes.length]) {
    out.push(bytes.slice(start, point));
    start = point;
  }
  return out;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

describe('TCP frame decoder under random chunking', () => {
  const MAX = 512;

  it('returns exactly the frames written, whatever the split points (byte by byte included)', () => {
    const payloads = fc.array(fc.uint8Array({ minLength: 1, maxLength: MAX }), { maxLength: 8 });
    const cuts = fc.oneof(fc.array(fc.nat(), { maxLength: 20 }), fc.constant('bytes' as const));
    fc.assert(
      fc.property(payloads, cuts, (frames, split) => {
        const stream = concat(frames.map((frame) => encodeFrame(frame)));
        const parts = split === 'bytes' ? [...stream].map((byte) => Uint8Array.of(byte)) : chunks(stream, split);
        const decoder = new FrameDecoder(MAX);
        const out = parts.flatMap((part) => decoder.push(part).map((frame) => frame.slice()));
        expect(out).toEqual(frames);
        expect(decoder.bufferedBytes).toBe(0);
      }),
      fcOptions(200, 9),
    );
  });

  it('on garbage returns frames or fails with PROTO_EMPTY_FRAME / PROTO_FRAME_TOO_LARGE, then stays failed and bounded', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2_000 }), fc.array(fc.nat(), { maxLength: 12 }), (bytes, cuts) => {
        const decoder = new FrameDecoder(MAX);
        let failure: unknown;
        for (const part of chunks(bytes, cuts)) {
          try {
            for (const frame of decoder.push(part)) expect(frame.length).toBeLessThanOrEqual(MAX);
          } catch (err) {
            expectGlideError(err, ['PROTO_EMPTY_FRAME', 'PROTO_FRAME_TOO_LARGE']);
            failure ??= err;
            expect(err).toBe(failure);
          }
          expect(decoder.bufferedBytes).toBeLessThanOrEqual(MAX + 4);
        }
      }),
      fcOptions(300, 10),
    );
  });
});

describe('TCP preface reader under random chunking', () => {
  it('reads a valid preface and hands back exactly the bytes after it', () => {
    const line = fc.constantFrom('GLIDE/1 json\n', 'GLIDE/1 protobuf\n', 'GLIDE/1 json\r\n');
    fc.assert(
      fc.property(line, fc.uint8Array({ maxLength: 64 }), fc.array(fc.nat(), { maxLength: 10 }), (preface, tail, cuts) => {
        const parts = chunks(concat([utf8.encode(preface), tail]), cuts);
        const reader = new PrefaceReader();
        let index = 0;
        let result;
        while (!result && index < parts.length) result = reader.push(parts[index++]!);
        expect(result?.codec).toBe(preface.includes('protobuf') ? 'protobuf' : 'json');
        expect(concat([result!.rest, ...parts.slice(index)])).toEqual(tail);
      }),
      fcOptions(200, 11),
    );
  });

  it('on garbage waits, reads a real preface, or fails with PROTO_BAD_PREFACE within 64 bytes', () => {
    const garbage = fc.oneof(fc.uint8Array({ maxLength: 200 }), fc.string({ maxLength: 80 }).map((s) => utf8.encode(`GLIDE/1 ${s}`)));
    fc.assert(
      fc.property(garbage, fc.array(fc.nat(), { maxLength: 10 }), (bytes, cuts) => {
        const reader = new PrefaceReader();
        let consumed = 0;
        for (const part of chunks(bytes, cuts)) {
          try {
            const result = reader.push(part);
            consumed += part.length;
            if (result) {
              expect(['json', 'protobuf']).toContain(result.codec);
              return;
            }
          } catch (err) {
            expectGlideError(err, ['PROTO_BAD_PREFACE']);
            return;
          }
          expect(consumed).toBeLessThan(64);
        }
      }),
      fcOptions(300, 12),
    );
  });
});
