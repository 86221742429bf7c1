import protobuf from 'protobufjs/minimal.js';
import { describe, expect, it } from 'vitest';
import { GlideError } from '../core/index.js';
import { glide } from './gen/glide.js';
import { ProtobufCodec } from './protobuf-codec.js';
import { readAckMessage, readApiAuth, readChatMessage } from './payloads.js';

const codec = new ProtobufCodec();
const Envelope = glide.v1.Envelope;

function notEnvelope(input: Uint8Array | string): GlideError {
  try {
    codec.decode(input);
  } catch (err) {
    expect(err).toBeInstanceOf(GlideError);
    expect((err as GlideError).code).toBe('PROTO_NOT_ENVELOPE');
    return err as GlideError;
  }
  throw new Error('expected PROTO_NOT_ENVELOPE');
}

const chat = { cliMid: 'c1', mid: 1_700_000_000_123_456, seq: 3, from: 1001, to: 2_147_483_000, type: 1, content: 'hé 👋', sendAt: 1_700_000_000_000, status: 0 };

describe('ProtobufCodec', () => {
  it('round-trips every envelope field it writes', () => {
    const bytes = codec.stamp(codec.prepare('g2', { action: 'message.chat', from: 1001, to: 1002, data: chat, msg: 'm', extra: { k: 'v', e: '' } }), 5);
    const decoded = codec.decode(bytes);
    expect(decoded).toEqual({ dialect: 'g2', envelope: { ver: 1, seq: 5, action: 'message.chat', from: 1001, to: 1002, data: chat, msg: 'm', extra: { k: 'v', e: '' } } });
    expect(readChatMessage(decoded.envelope.data)).toEqual(chat);
  });

  it('reads ticket and sign sent by a client', () => {
    const bytes = Envelope.encode({ ver: 1, seq: 2, action: 'message.chat', to: 9, ticket: 'tk', sign: 'sg', chat: { to: 9, type: 1, content: 'x' } }).finish();
    expect(codec.decode(bytes).envelope).toEqual({ ver: 1, seq: 2, action: 'message.chat', to: 9, ticket: 'tk', sign: 'sg', data: { to: 9, type: 1, content: 'x' } });
  });

  it('keeps zero values distinct from absent ones', () => {
    const decoded = codec.decode(codec.stamp(codec.prepare('g2', { action: 'message.chat', data: { type: 0, content: '', status: 0, seq: 0 } }), 0));
    expect(decoded.envelope.seq).toBe(0);
    expect(decoded.envelope.data).toEqual({ type: 0, content: '', status: 0, seq: 0 });
  });

  it('carries api.* and notice data as JSON bytes, untouched', () => {
    const failed = { Code: 300, Msg: 'bad Uid', Nested: { Uid: 5 } };
    expect(codec.decode(codec.stamp(codec.prepare('g2', { action: 'api.failed', data: failed }), 1)).envelope.data).toEqual(failed);
    expect(codec.decode(codec.stamp(codec.prepare('g2', { action: 'notify.error', data: 'unknown action' }), 1)).envelope.data).toBe('unknown action');
    expect(codec.decode(codec.stamp(codec.prepare('g2', { action: 'api.auth', data: { Token: 't' } }), 1)).envelope.data).toEqual({ Token: 't' });
  });

  it('reads a payload message a client chose for an api action', () => {
    const bytes = Envelope.encode({ action: 'api.auth', seq: 1, apiAuth: { token: 't', device: 2 } }).finish();
    expect(readApiAuth(codec.decode(bytes).envelope.data)).toEqual({ token: 't', device: 2 });
  });

  it('stamps one prepared frame with many seqs, all valid envelopes', () => {
    const prepared = codec.prepare('g2', { action: 'ack.message', data: { cliMid: 'c', mid: 12 } });
    for (const seq of [0, 1, 127, 128, 300, 16_383, 16_384, 2 ** 31, 2 ** 32 + 5, Number.MAX_SAFE_INTEGER, -1, -300]) {
      const decoded = codec.decode(codec.stamp(prepared, seq));
      expect(decoded.envelope.seq).toBe(seq);
      expect(readAckMessage(decoded.envelope.data)).toEqual({ cliMid: 'c', mid: 12 });
      // The stamped prefix is the standard encoding of the seq field.
      const standard = Envelope.encode({ seq }).finish();
      expect([...codec.stamp(prepared, seq).subarray(0, standard.length)]).toEqual([...standard]);
    }
  });

  it('writes into a buffer exactly the bytes stamp() makes, at any offset', () => {
    const prepared = codec.prepare('g2', { action: 'message.chat', from: 3, data: { type: 1, content: 'é✓😀'.repeat(30), seq: 4 } });
    for (const seq of [0, 127, 128, 2 ** 40, Number.MAX_SAFE_INTEGER, -1, -300]) {
      const expected = codec.stamp(prepared, seq);
      expect(codec.stampedLength(prepared, seq)).toBe(expected.length);
      const out = new Uint8Array(expected.length + 4).fill(0xee);
      expect(codec.writeStamped(prepared, seq, out, 2)).toBe(expected.length);
      expect([...out.subarray(2, 2 + expected.length)]).toEqual([...expected]);
      expect([out[1], out[2 + expected.length]]).toEqual([0xee, 0xee]);
    }
  });

  it('hands out stamped frames that never share bytes', () => {
    const prepared = codec.prepare('g2', { action: 'message.chat', data: { type: 1, content: 'x'.repeat(100) } });
    const big = codec.prepare('g2', { action: 'message.chat', data: { type: 1, content: 'y'.repeat(5000) } });
    const frames = Array.from({ length: 500 }, (_, i) => codec.stamp(i % 7 === 0 ? big : prepared, i));
    frames.forEach((frame, i) => expect(codec.decode(frame).envelope.seq).toBe(i));
  });

  it('refuses to stamp a non-integer seq or a JSON frame', () => {
    expect(() => codec.stamp(codec.prepare('g2', { action: 'x' }), Number.NaN)).toThrow(/seq/);
    expect(() => codec.stamp({ codec: 'json', dialect: 'g2' }, 1)).toThrow(/cannot stamp/);
    expect(() => codec.writeStamped(codec.prepare('g2', { action: 'x' }), 0.5, new Uint8Array(64), 0)).toThrow(/seq/);
  });

  it('leaves a json member that is not JSON as raw bytes for the reader to reject', () => {
    const bytes = Envelope.encode({ action: 'api.x', json: new Uint8Array([0x7b, 0x7b]) }).finish();
    const data = codec.decode(bytes).envelope.data;
    expect(data).toBeInstanceOf(Uint8Array);
    expect(() => readChatMessage(data)).toThrow(expect.objectContaining({ code: 'PROTO_BAD_PAYLOAD' }));
  });

  it('drops negative or oversized ids and rejects an unsafe seq', () => {
    const negative = Envelope.encode({ action: 'x', from: -5, to: 2 ** 60 }).finish();
    expect(codec.decode(negative).envelope).toEqual({ ver: 1, seq: 0, action: 'x' });
    const hugeSeq = protobuf.Writer.create().uint32(16).uint64('1152921504606846976').uint32(26).string('x').finish();
    expect(notEnvelope(hugeSeq).message).toContain('seq must be a safe integer');
  });

  it('passes a negative id inside data to the reader, which names it', () => {
    const bytes = Envelope.encode({ action: 'message.chat', chat: { to: -2, type: 1 } }).finish();
    const data = codec.decode(bytes).envelope.data;
    expect(() => readChatMessage(data)).toThrow(/to must not be negative/);
  });

  it.each([
    ['a string frame', '{"action":"x"}'],
    ['an empty frame', new Uint8Array(0)],
    ['no action', Envelope.encode({ seq: 1 }).finish()],
    ['a truncated frame', Envelope.encode({ action: 'message.chat', chat: { content: 'hello' } }).finish().subarray(0, 20)],
    ['a bad wire type', new Uint8Array([0x0f, 0x01])],
    ['a length past the end', new Uint8Array([0x1a, 0xff, 0xff, 0xff, 0x0f, 0x41])],
    ['invalid UTF-8 in the action', new Uint8Array([0x1a, 0x02, 0xc3, 0x28])],
    ['deeply nested groups', new Uint8Array(100_000).fill(0x0b)],
  ])('rejects %s as not an envelope', (_what, input) => {
    notEnvelope(input);
  });
});
