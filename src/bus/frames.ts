/**
 * The bus's wire form: what one node sends another in one event-loop turn travels as ONE batch of frames
 * (one NATS message, one MemoryHub hand-off). A frame is
 *
 *   u8 kind | u32 id | u8 topic length | topic (ASCII) | u32 payload length | payload      (little-endian)
 *
 * `id` pairs a request with its reply (0 otherwise); a failed reply carries its error code where the topic
 * goes and the detail as its payload. Why this and not protobuf (src/protocol/glide.proto): the payloads are
 * already bytes, so a batch is a header per frame plus one copy of each payload into one buffer, written with
 * a DataView; protobufjs would build a message object per frame and then do the same copy (measured with
 * 20-frame batches of 300-byte payloads: this framing encodes and decodes a batch in 0.05–0.48 of
 * protobufjs's time on a loaded machine, bench/RESULTS.md, issue 17 bus section). Decoding hands out views into the batch, never copies.
 */

export const FrameKind = {
  publish: 0,
  broadcast: 1,
  request: 2,
  replyOk: 3,
  replyError: 4,
} as const;
export type FrameKind = (typeof FrameKind)[keyof typeof FrameKind];

export interface Frame {
  readonly kind: FrameKind;
  /** Request/reply pairing; 0 for publish and broadcast. */
  readonly id: number;
  /** The topic, or a failed reply's error code. */
  readonly topic: string;
  readonly payload: Uint8Array;
}

const HEADER_BYTES = 1 + 4 + 1 + 4;
const MAX_TOPIC_BYTES = 255;

/** Bytes `frame` takes in a batch. */
export function frameSize(frame: Frame): number {
  return HEADER_BYTES + frame.topic.length + frame.payload.length;
}

/** One batch holding `frames` in order. Topics are ASCII (checkTopic, error codes), so a char is a byte. */
export function encodeBatch(frames: readonly Frame[]): Uint8Array {
  let size = 0;
  for (const frame of frames) {
    if (frame.topic.length > MAX_TOPIC_BYTES) throw new Error(`bus topic '${frame.topic}' is longer than ${MAX_TOPIC_BYTES}`);
    size += frameSize(frame);
  }
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  let at = 0;
  for (const { kind, id, topic, payload } of frames) {
    view.setUint8(at, kind);
    view.setUint32(at + 1, id, true);
    view.setUint8(at + 5, topic.length);
    at += 6;
    for (let i = 0; i < topic.length; i++) out[at + i] = topic.charCodeAt(i);
    at += topic.length;
    view.setUint32(at, payload.length, true);
    at += 4;
    out.set(payload, at);
    at += payload.length;
  }
  return out;
}

/** Topics are short ASCII: a char loop beats TextDecoder and spreading the bytes (measured). */
function readAscii(bytes: Uint8Array, at: number, length: number): string {
  let text = '';
  for (let i = at; i < at + length; i++) text += String.fromCharCode(bytes[i]!);
  return text;
}

/** Reads a batch frame by frame. Throws (a bug on the sending node, or not our traffic) on a malformed batch. */
export function decodeBatch(batch: Uint8Array, visit: (frame: Frame) => void): void {
  const view = new DataView(batch.buffer, batch.byteOffset, batch.byteLength);
  let at = 0;
  while (at < batch.length) {
    if (at + HEADER_BYTES > batch.length) throw new Error('bus batch truncated in a frame header');
    const kind = view.getUint8(at);
    if (kind > FrameKind.replyError) throw new Error(`bus frame kind ${kind} unknown`);
    const id = view.getUint32(at + 1, true);
    const topicLength = view.getUint8(at + 5);
    at += 6;
    if (at + topicLength + 4 > batch.length) throw new Error('bus batch truncated in a topic');
    const topic = readAscii(batch, at, topicLength);
    at += topicLength;
    const length = view.getUint32(at, true);
    at += 4;
    if (at + length > batch.length) throw new Error('bus batch truncated in a payload');
    visit({ kind: kind as FrameKind, id, topic, payload: batch.subarray(at, at + length) });
    at += length;
  }
}
