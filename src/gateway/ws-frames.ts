import type { FrameBatch } from './frame-batch.js';

const FIN_TEXT = 0x81;
const FIN_BINARY = 0x82;

/**
 * A batch of server-to-client WebSocket data frames (RFC 6455: FIN set, unmasked) in one buffer, so a
 * connection's frames of one tick leave in a single socket write rather than two writes per frame
 * through `ws.send`. Each frame's payload is written by its codec straight into the buffer.
 */
export function encodeWsFrames(batch: FrameBatch, isBinary: boolean): Buffer {
  const count = batch.count;
  let total = batch.bytes;
  for (let i = 0; i < count; i++) total += headerBytes(batch.lengthOf(i));
  const out = Buffer.allocUnsafe(total);
  const first = isBinary ? FIN_BINARY : FIN_TEXT;
  let offset = 0;
  for (let i = 0; i < count; i++) {
    const length = batch.lengthOf(i);
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
    offset += batch.writeFrame(i, out, offset);
  }
  return out;
}

function headerBytes(length: number): number {
  return length < 126 ? 2 : length < 65536 ? 4 : 10;
}
