import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GlideError } from '../core/index.js';
import { FrameDecoder, PrefaceReader, encodeFrame, frameHeader, prefaceLine, type Preface } from './tcp-framing.js';

const FC_OPTIONS = { seed: 20_240_601, numRuns: 200 };
const utf8 = new TextEncoder();

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** Feeds `stream` cut at `cuts` and collects the frames, copied (frames may be views of chunks). */
function feed(decoder: FrameDecoder, stream: Uint8Array, cuts: number[]): number[][] {
  const points = [...new Set(cuts.map((cut) => cut % (stream.length + 1)))].sort((a, b) => a - b);
  const frames: number[][] = [];
  let start = 0;
  for (const end of [...points, stream.length]) {
    for (const frame of decoder.push(stream.slice(start, end))) frames.push([...frame]);
    start = end;
  }
  return frames;
}

function errorCode(run: () => unknown): string {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(GlideError);
    return (err as GlideError).code;
  }
  throw new Error('expected a GlideError');
}

describe('frame encoding', () => {
  it('writes a 4-byte big-endian length and the UTF-8 payload', () => {
    expect([...encodeFrame('hé')]).toEqual([0, 0, 0, 3, 0x68, 0xc3, 0xa9]);
    expect([...encodeFrame(new Uint8Array([9]))]).toEqual([0, 0, 0, 1, 9]);
    expect([...frameHeader(0x01020304)]).toEqual([1, 2, 3, 4]);
    expect(() => frameHeader(-1)).toThrow(/out of range/);
    expect(() => frameHeader(2 ** 32)).toThrow(/out of range/);
  });
});

describe('FrameDecoder', () => {
  const payloads = [utf8.encode('{"action":"heartbeat"}'), new Uint8Array([1]), new Uint8Array(300).fill(7), utf8.encode('👋'.repeat(50))];
  const stream = concat(payloads.map((payload) => encodeFrame(payload)));
  const expected = payloads.map((payload) => [...payload]);

  it('decodes frames fed byte by byte', () => {
    const decoder = new FrameDecoder({ maxFrameBytes: 1024 });
    const frames: number[][] = [];
    for (const byte of stream) {
      for (const frame of decoder.push(new Uint8Array([byte]))) frames.push([...frame]);
      expect(decoder.bufferedBytes).toBeLessThanOrEqual(1024 + 4);
    }
    expect(frames).toEqual(expected);
    expect(decoder.bufferedBytes).toBe(0);
  });

  it('decodes frames fed in one chunk and at random split points', () => {
    expect(feed(new FrameDecoder(1024), stream, [])).toEqual(expected);
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 20 }), (cuts) => {
        expect(feed(new FrameDecoder({ maxFrameBytes: 1024 }), stream, cuts)).toEqual(expected);
      }),
      FC_OPTIONS,
    );
  });

  it('decodes arbitrary frame sequences split anywhere', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ minLength: 1, maxLength: 64 }), { maxLength: 8 }), fc.array(fc.nat(), { maxLength: 12 }), (bodies, cuts) => {
        const frames = feed(new FrameDecoder(64), concat(bodies.map((body) => encodeFrame(body))), cuts);
        expect(frames).toEqual(bodies.map((body) => [...body]));
      }),
      FC_OPTIONS,
    );
  });

  it('fails an oversized frame as soon as its header is read, before buffering', () => {
    const decoder = new FrameDecoder({ maxFrameBytes: 16 });
    expect(decoder.push(new Uint8Array([0, 0]))).toEqual([]);
    expect(errorCode(() => decoder.push(new Uint8Array([0, 17])))).toBe('PROTO_FRAME_TOO_LARGE');
    expect(decoder.bufferedBytes).toBe(0);
    // It stays failed: the connection is to be closed.
    expect(errorCode(() => decoder.push(encodeFrame('ok')))).toBe('PROTO_FRAME_TOO_LARGE');
    expect(errorCode(() => new FrameDecoder(16).push(new Uint8Array([0xff, 0xff, 0xff, 0xff])))).toBe('PROTO_FRAME_TOO_LARGE');
  });

  it('accepts a frame of exactly the maximum size', () => {
    expect(feed(new FrameDecoder(16), encodeFrame(new Uint8Array(16).fill(1)), [3, 9])).toEqual([new Array<number>(16).fill(1)]);
  });

  it('fails a zero-length frame', () => {
    const decoder = new FrameDecoder(16);
    expect(errorCode(() => decoder.push(concat([encodeFrame('a'), new Uint8Array(4)])))).toBe('PROTO_EMPTY_FRAME');
  });

  it('never crashes, hangs or over-buffers on garbage', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 40 }), { maxLength: 10 }), (chunks) => {
        const decoder = new FrameDecoder(32);
        for (const chunk of chunks) {
          try {
            decoder.push(chunk);
          } catch (err) {
            expect(err).toBeInstanceOf(GlideError);
            expect(['PROTO_FRAME_TOO_LARGE', 'PROTO_EMPTY_FRAME']).toContain((err as GlideError).code);
            return;
          }
          expect(decoder.bufferedBytes).toBeLessThanOrEqual(32 + 4);
        }
      }),
      FC_OPTIONS,
    );
  });

  it('rejects an impossible maximum', () => {
    expect(() => new FrameDecoder(0)).toThrow(/maxFrameBytes/);
    expect(() => new FrameDecoder({ maxFrameBytes: 1.5 })).toThrow(/maxFrameBytes/);
  });
});

describe('PrefaceReader', () => {
  function read(chunks: Uint8Array[]): Preface | undefined {
    const reader = new PrefaceReader();
    for (const chunk of chunks) {
      const preface = reader.push(chunk);
      if (preface) return preface;
    }
    return undefined;
  }

  it('writes the preface line per codec', () => {
    expect(prefaceLine('json')).toBe('GLIDE/1 json\n');
    expect(prefaceLine('protobuf')).toBe('GLIDE/1 protobuf\n');
  });

  it('reads the codec and hands back the bytes after the newline', () => {
    const bytes = concat([utf8.encode('GLIDE/1 protobuf\n'), encodeFrame('x')]);
    const preface = read([bytes]);
    expect(preface?.codec).toBe('protobuf');
    expect([...(preface?.rest ?? [])]).toEqual([...encodeFrame('x')]);
    expect(read([utf8.encode('GLIDE/1 json\r\n')])).toEqual({ codec: 'json', rest: new Uint8Array(0) });
  });

  it('reads a preface split anywhere, byte by byte included', () => {
    const bytes = concat([utf8.encode(prefaceLine('json')), new Uint8Array([0, 0])]);
    expect(read([...bytes].map((byte) => new Uint8Array([byte])))?.codec).toBe('json');
    fc.assert(
      fc.property(fc.nat({ max: bytes.length }), (cut) => {
        const preface = read([bytes.slice(0, cut), bytes.slice(cut)]);
        expect(preface?.codec).toBe('json');
        // The line is 13 bytes; the reader returns at the chunk holding the newline.
        expect(preface?.rest.length).toBe(cut < 13 ? 2 : cut - 13);
      }),
      FC_OPTIONS,
    );
  });

  it.each([
    ['GLIDE/1 msgpack\n', 'unknown codec'],
    ['GLIDE/1 \n', 'unknown codec'],
    ['GLIDE/2 json\n', 'must start with'],
    ['GET / HTTP/1.1\r\n', 'must start with'],
    ['\n', 'must start with'],
    [`GLIDE/1 ${'j'.repeat(100)}`, 'no newline'],
  ])('rejects %j', (line, detail) => {
    const reader = new PrefaceReader();
    expect(() => reader.push(utf8.encode(line))).toThrow(detail);
    expect(errorCode(() => reader.push(utf8.encode('GLIDE/1 json\n')))).toBe('PROTO_BAD_PREFACE');
  });

  it('fails garbage at the first wrong byte, before any newline', () => {
    const reader = new PrefaceReader();
    expect(reader.push(utf8.encode('GLI'))).toBeUndefined();
    expect(errorCode(() => reader.push(utf8.encode('X')))).toBe('PROTO_BAD_PREFACE');
  });

  it('never crashes on arbitrary bytes and stops within 64 bytes', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 30 }), { maxLength: 10 }), (chunks) => {
        const reader = new PrefaceReader();
        let seen = 0;
        for (const chunk of chunks) {
          try {
            if (reader.push(chunk)) return;
          } catch (err) {
            expect(err).toBeInstanceOf(GlideError);
            expect((err as GlideError).code).toBe('PROTO_BAD_PREFACE');
            return;
          }
          seen += chunk.length;
          expect(seen).toBeLessThan(64);
        }
      }),
      FC_OPTIONS,
    );
  });
});
