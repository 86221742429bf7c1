import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { codecFor, type Codec, type OutboundEnvelope } from '../protocol/index.js';
import { FrameBatch } from './frame-batch.js';
import { encodeWsFrames } from './ws-frames.js';

/** A batch of `envelopes` prepared by `codec` (G2), stamped with seqs 1, 2, …, and what `stamp` makes of each. */
function batchOf(codec: Codec, envelopes: OutboundEnvelope[]): { batch: FrameBatch; expected: (string | Uint8Array)[] } {
  const batch = new FrameBatch(codec);
  const expected = envelopes.map((envelope, i) => {
    const frame = codec.prepare('g2', envelope);
    batch.add(frame, i + 1, codec.stampedLength(frame, i + 1));
    return codec.stamp(frame, i + 1);
  });
  return { batch, expected };
}

/** A notice whose JSON frame with seq `seq` is exactly `bytes` long (ASCII padding of `msg`). */
function noticeOfLength(bytes: number, seq: number): OutboundEnvelope {
  const json = codecFor('json');
  const base = json.stampedLength(json.prepare('g2', { action: 'notify.error', msg: '' }), seq);
  return { action: 'notify.error', msg: 'x'.repeat(bytes - base) };
}

/** Sends `batch` as one write from a real ws server socket and returns what a ws client received. */
async function roundTrip(batch: FrameBatch, isBinary: boolean): Promise<{ data: Buffer; isBinary: boolean }[]> {
  const count = batch.count;
  const server = createServer();
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => wss.handleUpgrade(req, socket, head, () => socket.write(encodeWsFrames(batch, isBinary))));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const client = new WebSocket(`ws://127.0.0.1:${(server.address() as AddressInfo).port}`);
  const received: { data: Buffer; isBinary: boolean }[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      client.on('message', (data: Buffer, binary: boolean) => {
        received.push({ data, isBinary: binary });
        if (received.length === count) resolve();
      });
      client.on('error', reject);
    });
  } finally {
    client.terminate();
    wss.close();
    server.close();
  }
  return received;
}

describe('encodeWsFrames', () => {
  it('frames text of every length class (7-bit, 16-bit, 64-bit) and multi-byte UTF-8 with the bytes stamp() makes, in order', async () => {
    const lengths = [125, 126, 65_535, 65_536];
    const envelopes: OutboundEnvelope[] = [
      { action: 'heartbeat' },
      { action: 'notify.error', msg: 'é✓'.repeat(50) },
      ...lengths.map((bytes, i) => noticeOfLength(bytes, i + 3)),
      { action: 'notify.error', msg: '😀'.repeat(40_000) },
    ];
    const { batch, expected } = batchOf(codecFor('json'), envelopes);
    expect(lengths.map((_, i) => batch.lengthOf(i + 2))).toEqual(lengths);
    const received = await roundTrip(batch, false);
    expect(received.map(({ data }) => data.toString('utf8'))).toEqual(expected);
    expect(received.every(({ isBinary }) => !isBinary)).toBe(true);
  });

  it('frames protobuf envelopes as binary with the bytes stamp() makes', async () => {
    const envelopes: OutboundEnvelope[] = [{ action: 'heartbeat' }, { action: 'notify.error', msg: 'z'.repeat(300) }, { action: 'ack.notify', data: { mid: 2 ** 40, from: 7 } }];
    const { batch, expected } = batchOf(codecFor('protobuf'), envelopes);
    const received = await roundTrip(batch, true);
    expect(received.map(({ data }) => [...data])).toEqual(expected.map((frame) => [...(frame as Uint8Array)]));
    expect(received.every(({ isBinary }) => isBinary)).toBe(true);
  });

  it('writes only the frames added since the batch was cleared, whether it kept its slots or let them go', async () => {
    const json = codecFor('json');
    for (const before of [3, 100]) {
      const batch = new FrameBatch(json);
      const old = json.prepare('g2', { action: 'notify.error', msg: 'old' });
      for (let seq = 1; seq <= before; seq++) batch.add(old, seq, json.stampedLength(old, seq));
      batch.clear();
      const fresh = json.prepare('g2', { action: 'ack.notify', data: { mid: 5, from: 9 } });
      batch.add(fresh, 7, json.stampedLength(fresh, 7));
      expect([batch.count, batch.bytes]).toEqual([1, json.stampedLength(fresh, 7)]);
      const received = await roundTrip(batch, false);
      expect(received.map(({ data }) => data.toString('utf8'))).toEqual([json.stamp(fresh, 7)]);
    }
  });
});
