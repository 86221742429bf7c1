import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { encodeWsFrames } from './ws-frames.js';

/** Sends `frames` as one batch from a real ws server socket and returns what a ws client received. */
async function roundTrip(frames: (string | Uint8Array)[], isBinary: boolean): Promise<{ data: Buffer; isBinary: boolean }[]> {
  const server = createServer();
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => wss.handleUpgrade(req, socket, head, () => socket.write(encodeWsFrames(frames, isBinary))));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const client = new WebSocket(`ws://127.0.0.1:${(server.address() as AddressInfo).port}`);
  const received: { data: Buffer; isBinary: boolean }[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      client.on('message', (data: Buffer, binary: boolean) => {
        received.push({ data, isBinary: binary });
        if (received.length === frames.length) resolve();
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
  it('frames text of every length class (7-bit, 16-bit, 64-bit) and multi-byte UTF-8 so a ws client reads them back in order', async () => {
    const frames = ['{"a":1}', '', 'é✓'.repeat(50), 'x'.repeat(125), 'y'.repeat(126), 'z'.repeat(65_535), 'w'.repeat(65_536), '😀'.repeat(40_000)];
    const received = await roundTrip(frames, false);
    expect(received.map(({ data }) => data.toString('utf8'))).toEqual(frames);
    expect(received.every(({ isBinary }) => !isBinary)).toBe(true);
  });

  it('frames binary payloads as binary', async () => {
    const frames = [new Uint8Array([1, 2, 3]), new Uint8Array(300).fill(7), new Uint8Array(0)];
    const received = await roundTrip(frames, true);
    expect(received.map(({ data }) => [...data])).toEqual(frames.map((frame) => [...frame]));
    expect(received.every(({ isBinary }) => isBinary)).toBe(true);
  });
});
