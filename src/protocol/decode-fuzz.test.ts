/** decode() and the payload readers on arbitrary input: a value or a GlideError, never anything else. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GlideError } from '../core/index.js';
import { JsonCodec } from './json-codec.js';
import { ProtobufCodec } from './protobuf-codec.js';
import { OBJECT_PAYLOADS } from './payload-specs.js';
import { readNoticeText, readObject } from './payloads.js';
import type { Codec } from './types.js';

const FC_OPTIONS = { seed: 1_337, numRuns: 500 };

function returnsOrThrowsGlideError(run: () => unknown): void {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(GlideError);
  }
}

/** Reads the decoded data with every reader, as the gateway may. */
function decodeAndRead(codec: Codec, input: Uint8Array | string): void {
  returnsOrThrowsGlideError(() => {
    const { envelope } = codec.decode(input);
    for (const spec of OBJECT_PAYLOADS) returnsOrThrowsGlideError(() => readObject(spec, envelope.data));
    returnsOrThrowsGlideError(() => readNoticeText(envelope.data));
  });
}

const KEYS = ['ver', 'Ver', 'seq', 'SEQ', 'action', 'Action', 'from', 'to', 'data', 'Data', 'msg', 'ticket', 'sign', 'extra', '__proto__', 'constructor'];
const PAYLOAD_KEYS = ['mid', 'Mid', 'cliMid', 'CSeq', 'from', 'to', 'type', 'content', 'gid', 'seq', 'uids', 'servers', 'online', 'token', '__proto__'];

/** Envelope-shaped JSON with arbitrary values, to get past the first checks. */
const envelopeLike = fc.dictionary(
  fc.constantFrom(...KEYS),
  fc.oneof(fc.jsonValue(), fc.constantFrom('message.chat', 'api.user.auth', 'ack.request'), fc.dictionary(fc.constantFrom(...PAYLOAD_KEYS), fc.jsonValue())),
);

describe.each([
  ['json', new JsonCodec()],
  ['protobuf', new ProtobufCodec()],
] as const)('%s decode on arbitrary input', (_name, codec) => {
  it('returns or throws a GlideError for arbitrary strings', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (input) => decodeAndRead(codec, input)), FC_OPTIONS);
  });

  it('returns or throws a GlideError for arbitrary bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (input) => decodeAndRead(codec, input)), FC_OPTIONS);
  });

  it('returns or throws a GlideError for envelope-like JSON', () => {
    const utf8 = new TextEncoder();
    fc.assert(fc.property(envelopeLike, (value) => decodeAndRead(codec, utf8.encode(JSON.stringify(value)))), FC_OPTIONS);
  });

  it('returns or throws a GlideError for mutated valid frames', () => {
    const valid = codec.stamp(codec.prepare('g2', { action: 'message.chat', from: 5, to: 6, data: { cliMid: 'c', to: 6, type: 1, content: 'hello' }, extra: { a: 'b' } }), 9);
    const bytes = typeof valid === 'string' ? new TextEncoder().encode(valid) : valid;
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }), fc.nat(), (edits, cut) => {
        const mutated = bytes.slice(0, bytes.length - (cut % 4));
        for (const [at, value] of edits) mutated[at % mutated.length] = value;
        decodeAndRead(codec, mutated);
      }),
      FC_OPTIONS,
    );
  });
});

describe('payload readers on arbitrary values', () => {
  it('return or throw a GlideError for any JS value', () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), fc.dictionary(fc.constantFrom(...PAYLOAD_KEYS), fc.anything())), (value) => {
        for (const spec of OBJECT_PAYLOADS) returnsOrThrowsGlideError(() => readObject(spec, value));
      }),
      FC_OPTIONS,
    );
  });
});
