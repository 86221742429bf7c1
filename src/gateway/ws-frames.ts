import type { OutboundData } from './connection.js';

const FIN_TEXT = 0x81;
const FIN_BINARY = 0x82;

/**
 * A batch of server-to-client WebSocket data frames (RFC 6455: FIN set, unmasked) in one buffer, so a
 * connection's frames of one tick leave in a single socket write rather than two writes per frame
 * through `ws.send`.
 */
export function encodeWsFrames(frames: readonly OutboundData[], isBinary: boolean): Buffer {
  let total = 0;
  const lengths = new Array<number>(frames.length);
  for (let i = 0; i < frames.length; i++) {
    const frame = frames[i]!;
    const length = typeof frame === 'string' ? Buffer.byteLength(frame) : frame.byteLength;
    lengths[i] = length;
    total += headerBytes(length) + length;
  }
  const out = Buffer.allocUnsafe(total);
  const first = isBinary ? FIN_BINARY : FIN_TEXT;
  let offset = 0;
  for (let i = 0; i < frames.length; i++) {
    const frame = frames[i]!;
    const length = lengths[i]!;
    out[offset] = first;
    if (length < 126) {
      out[offset + 1] = length;
      offset += 2;
    } else if (length < 65536) {
      out[offset + 1] = 126;
      out.writeUInt16BE(length, offset + 2);
      offset += 4;
    } else {
      out[offset + 1] = 127;
      out.writeUInt32BE(0, offset + 2);
      out.writeUInt32BE(length, offset + 6);
      offset += 10;
    }
    offset += typeof frame === 'string' ? out.write(frame, offset, length, 'utf8') : copyInto(out, frame, offset);
  }
  return out;
}

function headerBytes(length: number): number {
  return length < 126 ? 2 : length < 65536 ? 4 : 10;
}

function copyInto(out: Buffer, frame: Uint8Array, offset: number): number {
  out.set(frame, offset);
  return frame.byteLength;
}
