import { describe, expect, it } from 'vitest';
import { GlideError } from '../core/index.js';
import { isPlainJsonHeartbeat, JsonCodec } from './json-codec.js';
import { readChatMessage } from './payloads.js';
import type { OutboundEnvelope } from './types.js';

const codec = new JsonCodec();
const utf8 = new TextEncoder();

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

function frame(dialect: 'g1' | 'g2', envelope: OutboundEnvelope, seq: number): Record<string, unknown> {
  return JSON.parse(codec.stamp(codec.prepare(dialect, envelope), seq)) as Record<string, unknown>;
}

const chat = { cliMid: 'c1', mid: 77, from: 1001, to: 1002, type: 1, content: 'hé 👋 "q"', sendAt: 1_700_000_000_000 };

describe('JsonCodec writing', () => {
  it('writes a G2 envelope with every field, string ids outside and inside data', () => {
    const out = frame('g2', { action: 'message.chat', from: 1001, to: 1002, data: chat, msg: 'm', extra: { trace: 't' } }, 5);
    expect(out).toEqual({
      ver: 1,
      seq: 5,
      action: 'message.chat',
      from: '1001',
      to: '1002',
      data: { ...chat, from: '1001', to: '1002' },
      msg: 'm',
      extra: { trace: 't' },
    });
    expect(Object.keys(out)).toEqual(['ver', 'seq', 'action', 'from', 'to', 'data', 'msg', 'extra']);
  });

  it('writes a G1 envelope {Ver, Seq, Action, Data, Extra} with numeric ids and no from/to', () => {
    const out = frame('g1', { action: 'message.chat', from: 1001, to: 1002, data: chat, msg: 'm', extra: { a: 'b' } }, 9);
    expect(out).toEqual({
      Ver: 1,
      Seq: 9,
      Action: 'message.chat',
      Data: { Mid: 77, From: 1001, To: 1002, Type: 1, Content: chat.content, CTime: chat.sendAt },
      Extra: { a: 'b' },
    });
  });

  it('writes G1 Data as null when there is none', () => {
    expect(frame('g1', { action: 'heartbeat' }, 1)).toEqual({ Ver: 1, Seq: 1, Action: 'heartbeat', Data: null });
    expect(frame('g2', { action: 'heartbeat' }, 1)).toEqual({ ver: 1, seq: 1, action: 'heartbeat' });
  });

  it('passes api.* and notify texts through untouched', () => {
    const failed = { Code: 300, Msg: 'bad Uid', Nested: { Uid: 5, list: [1, '2'] } };
    expect(frame('g2', { action: 'api.failed', data: failed }, 3).data).toEqual(failed);
    expect(frame('g1', { action: 'api.failed', data: failed }, 3).Data).toEqual(failed);
    expect(frame('g2', { action: 'notify.error', data: 'unknown action' }, 3).data).toBe('unknown action');
  });

  it('stamps one prepared frame with many seqs', () => {
    const prepared = codec.prepare('g2', { action: 'message.chat', from: 1, data: chat });
    const seqs = [0, 1, 2, 1000, 2 ** 40, -1];
    const frames = seqs.map((seq) => JSON.parse(codec.stamp(prepared, seq)) as Record<string, unknown>);
    frames.forEach((out, i) => {
      expect(out.seq).toBe(seqs[i]);
      expect({ ...out, seq: 0 }).toEqual({ ...frames[0], seq: 0 });
    });
    expect(codec.stamp(codec.prepare('g1', { action: 'x' }), 7).startsWith('{"Ver":1,"Seq":7,"Action":"x"')).toBe(true);
  });

  it('writes into a buffer exactly the UTF-8 bytes stamp() makes, in both dialects, at any offset', () => {
    const multiByte = { ...chat, content: 'é✓😀 "quoted" \\ \u0001' };
    for (const dialect of ['g1', 'g2'] as const) {
      const prepared = codec.prepare(dialect, { action: 'message.chat', from: 1, to: 2, data: multiByte, extra: { k: 'v' } });
      for (const seq of [0, 7, 10, 99, 100, 2 ** 40, Number.MAX_SAFE_INTEGER, -1, -1234]) {
        const expected = Buffer.from(codec.stamp(prepared, seq), 'utf8');
        expect(codec.stampedLength(prepared, seq)).toBe(expected.length);
        const out = new Uint8Array(expected.length + 5).fill(0xff);
        expect(codec.writeStamped(prepared, seq, out, 3)).toBe(expected.length);
        expect(Buffer.from(out.subarray(3, 3 + expected.length)).equals(expected)).toBe(true);
        expect([out[2], out[3 + expected.length]]).toEqual([0xff, 0xff]);
      }
    }
  });

  it('refuses to stamp a non-integer seq or a frame from another codec', () => {
    const prepared = codec.prepare('g2', { action: 'x' });
    expect(() => codec.stamp(prepared, 1.5)).toThrow(/seq/);
    expect(() => codec.stamp({ codec: 'protobuf', dialect: 'g2' }, 1)).toThrow(/cannot stamp/);
    expect(() => codec.stampedLength(prepared, 1.5)).toThrow(/seq/);
    expect(() => codec.writeStamped({ codec: 'protobuf', dialect: 'g2' }, 1, new Uint8Array(64), 0)).toThrow(/cannot stamp/);
  });

  it('does not change the envelope it prepares', () => {
    const envelope = { action: 'message.chat', from: 1, data: { ...chat } };
    const copy = structuredClone(envelope);
    codec.prepare('g2', envelope);
    codec.prepare('g1', envelope);
    expect(envelope).toEqual(copy);
  });
});

describe('JsonCodec reading', () => {
  it('round-trips a G2 frame with every envelope field, ids as strings', () => {
    const input = { ver: 1, seq: 4, action: 'message.chat', from: '1001', to: '1002', data: { to: '1002', type: 1, content: 'x' }, msg: 'm', ticket: 't', sign: 's', extra: { k: 'v' } };
    const decoded = codec.decode(JSON.stringify(input));
    expect(decoded).toEqual({ dialect: 'g2', envelope: { ...input, from: 1001, to: 1002 } });
    expect(readChatMessage(decoded.envelope.data)).toEqual({ to: 1002, type: 1, content: 'x' });
  });

  it('round-trips what it writes, in both dialects', () => {
    for (const dialect of ['g1', 'g2'] as const) {
      const decoded = codec.decode(codec.stamp(codec.prepare(dialect, { action: 'message.chat', data: chat }), 12));
      expect(decoded.dialect).toBe(dialect);
      expect(decoded.envelope.seq).toBe(12);
      const read = readChatMessage(decoded.envelope.data);
      expect(read).toEqual(dialect === 'g1' ? { ...chat, cliMid: undefined } : chat);
    }
  });

  it('reads G1 Android frames (capitalised keys, numeric ids) from bytes', () => {
    const text = '{"Ver":1,"Seq":3,"Action":"message.chat","Data":{"Mid":0,"CSeq":12,"From":0,"To":1002,"Type":1,"Content":"hé","CTime":1700000000,"Status":0}}';
    const decoded = codec.decode(utf8.encode(text));
    expect(decoded.dialect).toBe('g1');
    expect(decoded.envelope).toMatchObject({ ver: 1, seq: 3, action: 'message.chat' });
    expect(readChatMessage(decoded.envelope.data)).toEqual({ cliSeq: 12, to: 1002, type: 1, content: 'hé', sendAt: 1_700_000_000, status: 0 });
  });

  it('reads the 2022 Go server G1 shape', () => {
    const decoded = codec.decode('{"Ver":1,"Seq":3,"Action":"message.chat","Data":{"mid":123,"seq":4,"from":5,"to":6,"type":1,"content":"x","sendAt":1700000000}}');
    expect(decoded.dialect).toBe('g1');
    expect(readChatMessage(decoded.envelope.data)).toEqual({ mid: 123, seq: 4, from: 5, to: 6, type: 1, content: 'x', sendAt: 1_700_000_000 });
  });

  it('detects the dialect from the action key casing and from api.user.auth', () => {
    expect(codec.decode('{"ACTION":"heartbeat"}').dialect).toBe('g1');
    expect(codec.decode('{"action":"heartbeat","Seq":1,"DATA":{}}').dialect).toBe('g2');
    expect(codec.decode('{"action":"api.user.auth","data":{"Token":"t"}}').dialect).toBe('g1');
    expect(codec.decode('{"action":"api.auth","data":{"Token":"t"}}').dialect).toBe('g2');
  });

  it('matches envelope keys in any case, ignores unknown keys and keeps the first of duplicates', () => {
    const decoded = codec.decode('{"AcTiOn":"x","SEQ":2,"FROM":7,"To":"8","DaTa":[1],"unknown":{"a":1},"seq":99}');
    expect(decoded.envelope).toEqual({ ver: 1, seq: 2, action: 'x', from: 7, to: 8, data: [1] });
  });

  it('defaults a missing seq to 0 and a missing or bad ver to 1', () => {
    expect(codec.decode('{"action":"x"}').envelope).toEqual({ ver: 1, seq: 0, action: 'x' });
    expect(codec.decode('{"action":"x","ver":"two","seq":null}').envelope).toEqual({ ver: 1, seq: 0, action: 'x' });
  });

  it('drops bad from/to, keeps a garbled ticket as an empty (invalid) one, keeps only string extras', () => {
    const decoded = codec.decode('{"action":"x","from":-1,"to":"abc","ticket":5,"msg":null,"extra":{"a":"b","n":1}}');
    expect(decoded.envelope).toEqual({ ver: 1, seq: 0, action: 'x', ticket: '', extra: { a: 'b' } });
  });

  it('leaves bad data raw for the payload reader, without failing the frame', () => {
    const decoded = codec.decode('{"action":"message.chat","seq":8,"data":"garbage"}');
    expect(decoded.envelope.data).toBe('garbage');
    expect(() => readChatMessage(decoded.envelope.data)).toThrow(expect.objectContaining({ code: 'PROTO_BAD_PAYLOAD' }));
  });

  it('keeps prototype keys as plain data', () => {
    const decoded = codec.decode('{"action":"x","__proto__":{"seq":5},"constructor":1,"extra":{"__proto__":"v","a":"b"}}');
    expect(decoded.envelope.seq).toBe(0);
    expect(Object.getPrototypeOf(decoded.envelope.extra)).toBe(Object.prototype);
    expect(Object.keys(decoded.envelope.extra ?? {})).toEqual(['__proto__', 'a']);
    expect(({} as Record<string, unknown>).seq).toBeUndefined();
  });

  it.each([
    ['not json', 'not JSON'],
    ['', 'not JSON'],
    ['[]', 'JSON object'],
    ['null', 'JSON object'],
    ['5', 'JSON object'],
    ['"action"', 'JSON object'],
    ['{}', 'action'],
    ['{"action":5}', 'action'],
    ['{"action":""}', 'action'],
    ['{"data":{"action":"x"}}', 'action'],
    ['{"action":"x","seq":1.5}', 'seq must be an integer'],
    ['{"action":"x","seq":"1"}', 'seq must be an integer'],
    ['{"action":"x","seq":1e300}', 'seq must be a safe integer'],
  ])('rejects %j as not an envelope (%s)', (input, detail) => {
    expect(notEnvelope(input).message).toContain(detail);
  });

  it('rejects an overlong action and survives huge or deeply nested input', () => {
    expect(notEnvelope(JSON.stringify({ action: 'a'.repeat(129) })).message).toContain('at most 128');
    expect(notEnvelope(JSON.stringify({ action: 'x'.repeat(5_000_000) })).code).toBe('PROTO_NOT_ENVELOPE');
    const deep = `{"action":"x","data":${'['.repeat(200_000)}${']'.repeat(200_000)}}`;
    expect(codec.decode(deep).envelope.action).toBe('x');
    expect(notEnvelope('['.repeat(200_000)).code).toBe('PROTO_NOT_ENVELOPE');
    expect(notEnvelope(new Uint8Array([0xff, 0xfe, 0x00, 0x7b])).code).toBe('PROTO_NOT_ENVELOPE');
  });
});

describe('isPlainJsonHeartbeat', () => {
  it('knows the heartbeat this codec stamps, at any safe seq, and each such frame decodes to a plain G2 heartbeat', () => {
    for (const seq of [0, 1, 42, -1, 999_999_999_999_999]) {
      const text = codec.stamp(codec.prepare('g2', { action: 'heartbeat' }), seq);
      expect(isPlainJsonHeartbeat(text)).toBe(true);
      expect(codec.decode(text)).toEqual({ envelope: { ver: 1, seq, action: 'heartbeat' }, dialect: 'g2' });
    }
  });

  it('leaves every other frame to the full decode', () => {
    for (const text of [
      codec.stamp(codec.prepare('g1', { action: 'heartbeat' }), 3),
      codec.stamp(codec.prepare('g2', { action: 'heartbeat', data: { x: 1 } }), 3),
      codec.stamp(codec.prepare('g2', { action: 'heartbeats' }), 3),
      codec.stamp(codec.prepare('g2', { action: 'message.chat' }), 3),
      '{"ver":1,"seq":1234567890123456,"action":"heartbeat"}',
      '{"ver":1,"seq":1.5,"action":"heartbeat"}',
      '{"ver":2,"seq":1,"action":"heartbeat"}',
      '{"ver":1,"seq":1,"action":"heartbeat"} ',
      '{"seq":1,"ver":1,"action":"heartbeat"}',
      '{"ver":1,"seq":1,"action":"heartbeat"',
      'heartbeat',
      '',
    ]) {
      expect(isPlainJsonHeartbeat(text), text).toBe(false);
    }
  });
});
