/**
 * TCP framing: a one-line preface naming the codec (`GLIDE/1 json\n`), then frames of a 4-byte
 * big-endian length plus one encoded envelope. Both readers are incremental (chunks may split
 * anywhere) and bounded (they never hold more than one maximum frame plus its header).
 */
import { GlideError } from '../core/index.js';
import { CODEC_NAMES, type CodecName } from './types.js';

export const FRAME_HEADER_BYTES = 4;
/** protocol.md's default frame limit; the gateway passes its configured value. */
export const DEFAULT_MAX_FRAME_BYTES = 64 * 1024;
/** Longest preface line accepted, newline included. */
export const PREFACE_MAX_BYTES = 64;
export const PREFACE_PREFIX = 'GLIDE/1 ';

const MAX_UINT32 = 0xffff_ffff;
const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

const utf8Encoder = new TextEncoder();

/** The 4-byte big-endian length header, for writing header and payload without a copy (writev/cork). */
export function frameHeader(length: number): Uint8Array {
  if (!Number.isInteger(length) || length < 0 || length > MAX_UINT32) throw new Error(`frame length out of range: ${length}`);
  const header = new Uint8Array(FRAME_HEADER_BYTES);
  new DataView(header.buffer).setUint32(0, length, false);
  return header;
}

/** One frame: header followed by the payload (strings are UTF-8 encoded), in one new array. */
export function encodeFrame(payload: Uint8Array | string): Uint8Array {
  const body = typeof payload === 'string' ? utf8Encoder.encode(payload) : payload;
  const out = new Uint8Array(FRAME_HEADER_BYTES + body.length);
  out.set(frameHeader(body.length), 0);
  out.set(body, FRAME_HEADER_BYTES);
  return out;
}

export interface FrameDecoderOptions {
  /** Largest payload accepted; a bigger declared length fails at once, before any buffering. */
  maxFrameBytes: number;
}

/**
 * Splits a byte stream into frame payloads. push() returns the frames completed by the chunk.
 * A frame contained in one chunk is returned as a view of that chunk (no copy), so callers must not
 * reuse chunk memory (socket chunks are fresh). After an error the decoder stays failed: the
 * connection is to be closed.
 */
export class FrameDecoder {
  private readonly maxFrameBytes: number;
  private readonly header = new Uint8Array(FRAME_HEADER_BYTES);
  private headerFill = 0;
  /** Payload being assembled across chunks, or undefined while reading a header. */
  private partial: Uint8Array | undefined;
  private partialFill = 0;
  private failure: GlideError | undefined;

  /** Takes the options or just maxFrameBytes. */
  constructor(options: FrameDecoderOptions | number) {
    const maxFrameBytes = typeof options === 'number' ? options : options.maxFrameBytes;
    if (!Number.isInteger(maxFrameBytes) || maxFrameBytes < 1 || maxFrameBytes > MAX_UINT32) {
      throw new Error(`maxFrameBytes out of range: ${maxFrameBytes}`);
    }
    this.maxFrameBytes = maxFrameBytes;
  }

  /** Bytes held for the frame in progress (header included). */
  get bufferedBytes(): number {
    return this.headerFill + this.partialFill;
  }

  push(chunk: Uint8Array): Uint8Array[] {
    if (this.failure) throw this.failure;
    const frames: Uint8Array[] = [];
    let pos = 0;
    while (pos < chunk.length) {
      if (this.partial) {
        const take = Math.min(this.partial.length - this.partialFill, chunk.length - pos);
        this.partial.set(chunk.subarray(pos, pos + take), this.partialFill);
        this.partialFill += take;
        pos += take;
        if (this.partialFill === this.partial.length) {
          frames.push(this.partial);
          this.partial = undefined;
          this.partialFill = 0;
        }
        continue;
      }
      let length: number;
      if (this.headerFill === 0 && chunk.length - pos >= FRAME_HEADER_BYTES) {
        length = readUint32(chunk, pos);
        pos += FRAME_HEADER_BYTES;
      } else {
        const take = Math.min(FRAME_HEADER_BYTES - this.headerFill, chunk.length - pos);
        this.header.set(chunk.subarray(pos, pos + take), this.headerFill);
        this.headerFill += take;
        pos += take;
        if (this.headerFill < FRAME_HEADER_BYTES) break;
        this.headerFill = 0;
        length = readUint32(this.header, 0);
      }
      this.checkLength(length);
      if (chunk.length - pos >= length) {
        frames.push(chunk.subarray(pos, pos + length));
        pos += length;
      } else {
        this.partial = new Uint8Array(length);
      }
    }
    return frames;
  }

  private checkLength(length: number): void {
    if (length === 0) this.failure = new GlideError('PROTO_EMPTY_FRAME');
    else if (length > this.maxFrameBytes) {
      this.failure = new GlideError('PROTO_FRAME_TOO_LARGE', `${length} bytes declared, at most ${this.maxFrameBytes} allowed`);
    }
    if (this.failure) throw this.failure;
  }
}

function readUint32(bytes: Uint8Array, offset: number): number {
  // Unsigned arithmetic: `<< 24` would go negative for lengths of 2^31 and above.
  return (bytes[offset] as number) * 0x100_0000 + (((bytes[offset + 1] as number) << 16) | ((bytes[offset + 2] as number) << 8) | (bytes[offset + 3] as number));
}

/** The preface line for a codec, as sent by the client and echoed by the server. */
export function prefaceLine(codec: CodecName): string {
  return `${PREFACE_PREFIX}${codec}\n`;
}

export interface Preface {
  codec: CodecName;
  /** Bytes that followed the newline in the same chunk: the start of the frame stream. */
  rest: Uint8Array;
}

const CODECS_BY_NAME: ReadonlyMap<string, CodecName> = new Map(Object.values(CODEC_NAMES).map((name) => [name, name]));
const PREFIX_BYTES = utf8Encoder.encode(PREFACE_PREFIX);

/**
 * Reads the preface line: push() returns undefined until the newline arrives, then the codec and
 * any bytes after it. Garbage fails as soon as it cannot be a preface (PROTO_BAD_PREFACE).
 */
export class PrefaceReader {
  private readonly line = new Uint8Array(PREFACE_MAX_BYTES);
  private fill = 0;
  private failure: GlideError | undefined;
  private isDone = false;

  push(chunk: Uint8Array): Preface | undefined {
    if (this.failure) throw this.failure;
    if (this.isDone) throw new Error('PrefaceReader: the preface was already read');
    const newline = chunk.indexOf(NEWLINE);
    const take = newline === -1 ? chunk.length : newline;
    if (this.fill + take >= PREFACE_MAX_BYTES) return this.fail(`no newline within ${PREFACE_MAX_BYTES} bytes`);
    this.line.set(chunk.subarray(0, take), this.fill);
    const start = this.fill;
    this.fill += take;
    for (let i = start; i < Math.min(this.fill, PREFIX_BYTES.length); i++) {
      if (this.line[i] !== PREFIX_BYTES[i]) return this.fail(`must start with "${PREFACE_PREFIX}"`);
    }
    if (newline === -1) return undefined;
    this.isDone = true;
    let end = this.fill;
    if (end > 0 && this.line[end - 1] === CARRIAGE_RETURN) end--;
    if (end < PREFIX_BYTES.length) return this.fail(`must start with "${PREFACE_PREFIX}"`);
    let name = '';
    for (let i = PREFIX_BYTES.length; i < end; i++) name += String.fromCharCode(this.line[i] as number);
    const codec = CODECS_BY_NAME.get(name);
    if (codec === undefined) return this.fail(`unknown codec ${JSON.stringify(name)}`);
    return { codec, rest: chunk.subarray(newline + 1) };
  }

  private fail(detail: string): never {
    this.failure = new GlideError('PROTO_BAD_PREFACE', detail);
    throw this.failure;
  }
}
