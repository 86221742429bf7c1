/**
 * The gateway's own WebSocket frame reader (src/gateway/ws-socket.ts) against hand-made client frames over
 * a real socket: frames split across reads and packed into one, fragments, ping/pong, the close handshake,
 * and the RFC 6455 errors ws answered before (1002, 1007, 1009).
 */
import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { waitFor } from '../helpers/wait-for.js';

interface ServerFrame {
  opcode: number;
  payload: Buffer;
}

/** A raw client: the upgrade by hand, then masked frames out and unmasked frames in. */
class FrameClient {
  readonly frames: ServerFrame[] = [];
  isEnded = false;
  private buffered = Buffer.alloc(0);

  private constructor(readonly socket: Socket) {}

  /** `head`: frames sent in the same write as the upgrade request, before the answer. */
  static async open(port: number, head: Buffer = Buffer.alloc(0)): Promise<FrameClient> {
    const socket = connect(port, '127.0.0.1');
    const key = randomBytes(16).toString('base64');
    const request = `GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`;
    socket.write(Buffer.concat([Buffer.from(request), head]));
    const client = new FrameClient(socket);
    let isUpgraded = false;
    socket.on('data', (chunk: Buffer) => {
      client.buffered = Buffer.concat([client.buffered, chunk]);
      if (!isUpgraded) {
        const end = client.buffered.indexOf('\r\n\r\n');
        if (end < 0) return;
        expect(client.buffered.subarray(0, 12).toString()).toBe('HTTP/1.1 101');
        client.buffered = client.buffered.subarray(end + 4);
        isUpgraded = true;
      }
      client.parse();
    });
    socket.on('end', () => (client.isEnded = true));
    await waitFor(() => isUpgraded);
    return client;
  }

  /** A client frame (masked unless told), its bytes returned so a test can split them. */
  static frame(opcode: number, payload: Buffer | string, options: { isFin?: boolean; isMasked?: boolean } = {}): Buffer {
    const body = Buffer.from(payload);
    const isMasked = options.isMasked ?? true;
    const header = body.length < 126 ? Buffer.from([0, body.length]) : Buffer.from([0, 126, body.length >> 8, body.length & 0xff]);
    header[0] = ((options.isFin ?? true) ? 0x80 : 0) | opcode;
    if (!isMasked) return Buffer.concat([header, body]);
    header[1] = header[1]! | 0x80;
    const mask = randomBytes(4);
    return Buffer.concat([header, mask, body.map((byte, i) => byte ^ mask[i & 3]!)]);
  }

  closeCode(): number | undefined {
    const close = this.frames.find((f) => f.opcode === 0x8);
    return close === undefined ? undefined : close.payload.length >= 2 ? close.payload.readUInt16BE(0) : 1005;
  }

  texts(): string[] {
    return this.frames.filter((f) => f.opcode === 0x1).map((f) => f.payload.toString());
  }

  private parse(): void {
    for (;;) {
      if (this.buffered.length < 2) return;
      let length = this.buffered[1]! & 0x7f;
      let start = 2;
      if (length === 126) [length, start] = [this.buffered.readUInt16BE(2), 4];
      if (this.buffered.length < start + length) return;
      this.frames.push({ opcode: this.buffered[0]! & 0x0f, payload: this.buffered.subarray(start, start + length) });
      this.buffered = this.buffered.subarray(start + length);
    }
  }
}

const NEEDS_SIGN_IN = JSON.stringify({ ver: 1, seq: 7, action: 'message.chat', data: { to: '2', type: 1, content: 'hi' } });
const OTHER_SEQ = NEEDS_SIGN_IN.replace('"seq":7', '"seq":8');

async function pause(ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

describe('gateway WebSocket frames', () => {
  let server: TestServer;
  const sockets: Socket[] = [];

  async function open(head?: Buffer): Promise<FrameClient> {
    const client = await FrameClient.open(server.httpPort, head);
    sockets.push(client.socket);
    return client;
  }

  beforeAll(async () => {
    server = await startTestServer({ gateway: { maxFrameBytes: 1_024 } });
  });
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.destroy();
  });
  afterAll(async () => {
    await server.close();
  });

  it('reads a frame split byte by byte, frames packed into one write, and a message in three fragments', async () => {
    const client = await open();
    const whole = FrameClient.frame(0x1, NEEDS_SIGN_IN);
    for (const byte of whole) {
      client.socket.write(Buffer.from([byte]));
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    await waitFor(() => client.texts().length === 1);
    client.socket.write(Buffer.concat([FrameClient.frame(0x1, NEEDS_SIGN_IN), FrameClient.frame(0x1, NEEDS_SIGN_IN)]));
    await waitFor(() => client.texts().length === 3);
    const [a, b, c] = [NEEDS_SIGN_IN.slice(0, 10), NEEDS_SIGN_IN.slice(10, 40), NEEDS_SIGN_IN.slice(40)];
    // A ping between fragments is allowed and answered.
    client.socket.write(Buffer.concat([FrameClient.frame(0x1, a, { isFin: false }), FrameClient.frame(0x9, 'between'), FrameClient.frame(0x0, b, { isFin: false }), FrameClient.frame(0x0, c)]));
    await waitFor(() => client.texts().length === 4);
    for (const text of client.texts()) expect(JSON.parse(text)).toMatchObject({ action: 'notify.auth', seq: 7 });
    expect(client.frames.find((f) => f.opcode === 0xa)?.payload.toString()).toBe('between');
    expect(client.closeCode()).toBeUndefined();
  });

  // Reads of every socket land in one shared buffer: a partial frame or a fragment must be kept as a copy.
  it('keeps a frame split over reads and a fragmented message whole while other sockets are read', async () => {
    const [a, b] = [await open(), await open()];
    const split = FrameClient.frame(0x1, NEEDS_SIGN_IN);
    a.socket.write(split.subarray(0, 20));
    await pause(20);
    b.socket.write(FrameClient.frame(0x1, OTHER_SEQ));
    await waitFor(() => b.texts().length === 1);
    a.socket.write(split.subarray(20));
    await waitFor(() => a.texts().length === 1);
    a.socket.write(FrameClient.frame(0x1, NEEDS_SIGN_IN.slice(0, 30), { isFin: false }));
    await pause(20);
    b.socket.write(FrameClient.frame(0x1, OTHER_SEQ));
    await waitFor(() => b.texts().length === 2);
    a.socket.write(FrameClient.frame(0x0, NEEDS_SIGN_IN.slice(30)));
    await waitFor(() => a.texts().length === 2);
    for (const text of a.texts()) expect(JSON.parse(text)).toMatchObject({ action: 'notify.auth', seq: 7 });
    for (const text of b.texts()) expect(JSON.parse(text)).toMatchObject({ action: 'notify.auth', seq: 8 });
    expect([a.closeCode(), b.closeCode()]).toEqual([undefined, undefined]);
  });

  it('reads frames sent with the upgrade request, in order, before later ones', async () => {
    const client = await open(Buffer.concat([FrameClient.frame(0x1, NEEDS_SIGN_IN), FrameClient.frame(0x1, OTHER_SEQ)]));
    client.socket.write(FrameClient.frame(0x1, NEEDS_SIGN_IN));
    await waitFor(() => client.texts().length === 3);
    expect(client.texts().map((text) => (JSON.parse(text) as { seq: number }).seq)).toEqual([7, 8, 7]);
  });

  it('answers a close frame with the same code and ends the socket', async () => {
    const client = await open();
    const body = Buffer.alloc(2 + 3);
    body.writeUInt16BE(4321, 0);
    body.write('bye', 2);
    client.socket.write(FrameClient.frame(0x8, body));
    await waitFor(() => client.isEnded);
    expect(client.closeCode()).toBe(4321);
  });

  it.each([
    ['an unmasked frame', 1002, () => FrameClient.frame(0x1, NEEDS_SIGN_IN, { isMasked: false })],
    ['a continuation with no message begun', 1002, () => FrameClient.frame(0x0, NEEDS_SIGN_IN)],
    ['a fragmented ping', 1002, () => FrameClient.frame(0x9, 'x', { isFin: false })],
    ['an unknown opcode', 1002, () => FrameClient.frame(0x3, 'x')],
    ['text that is not UTF-8', 1007, () => FrameClient.frame(0x1, Buffer.from([0x7b, 0xff, 0xfe, 0x7d]))],
    ['a message over gateway.maxFrameBytes across fragments', 1009, () => Buffer.concat([FrameClient.frame(0x1, 'x'.repeat(600), { isFin: false }), FrameClient.frame(0x0, 'x'.repeat(600))])],
  ] as const)('closes on %s with %i and ends the socket', async (_name, code, frame) => {
    const client = await open();
    client.socket.write(frame());
    await waitFor(() => client.isEnded);
    expect(client.closeCode()).toBe(code);
    expect(client.texts()).toEqual([]);
  });
});
