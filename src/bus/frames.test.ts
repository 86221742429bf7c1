import { describe, expect, it } from 'vitest';
import { decodeBatch, encodeBatch, FrameKind, type Frame } from './frames.js';

const frames: Frame[] = [
  { kind: FrameKind.publish, id: 0, topic: 'msg.deliver', payload: new Uint8Array([1, 2, 3]) },
  { kind: FrameKind.request, id: 4_000_000_000, topic: 'owner.call', payload: new Uint8Array(0) },
  { kind: FrameKind.replyError, id: 7, topic: 'CLUSTER_NOT_OWNER', payload: new TextEncoder().encode('key 9') },
];

function decodeAll(batch: Uint8Array): Frame[] {
  const out: Frame[] = [];
  decodeBatch(batch, (frame) => out.push({ ...frame, payload: frame.payload.slice() }));
  return out;
}

describe('bus batch framing', () => {
  it('reads back every frame of a batch in order', () => {
    expect(decodeAll(encodeBatch(frames))).toEqual(frames);
  });

  it('reads a batch that sits inside a larger buffer (as NATS hands it over)', () => {
    const batch = encodeBatch(frames);
    const larger = new Uint8Array(batch.length + 10);
    larger.set(batch, 5);
    expect(decodeAll(larger.subarray(5, 5 + batch.length))).toEqual(frames);
  });

  it('throws on every truncation of a batch, never reads past it', () => {
    const batch = encodeBatch(frames);
    const ends = new Set<number>();
    for (let cut = 1; cut < batch.length; cut++) {
      try {
        decodeBatch(batch.subarray(0, cut), () => undefined);
        ends.add(cut);
      } catch (err) {
        expect((err as Error).message).toMatch(/truncated/);
      }
    }
    // Only the cuts that fall between frames decode (to fewer frames).
    expect([...ends].length).toBe(frames.length - 1);
  });

  it('refuses an unknown frame kind and a topic too long for its length byte', () => {
    expect(() => decodeBatch(new Uint8Array([9, 0, 0, 0, 0, 0, 0, 0, 0, 0]), () => undefined)).toThrow(/kind 9 unknown/);
    expect(() => encodeBatch([{ kind: FrameKind.publish, id: 0, topic: 'a'.repeat(256), payload: new Uint8Array(0) }])).toThrow(/longer than 255/);
  });
});
