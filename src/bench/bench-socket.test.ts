import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { ACTIONS, type Envelope } from '../client/index.js';
import { BenchSocket, RetryLaterError } from './bench-socket.js';

/** An HTTP server on 127.0.0.1 that refuses every upgrade with `status` and these headers. */
async function refusingServer(status: number, headers: Record<string, string>): Promise<{ server: Server; url: string }> {
  const server = createServer();
  server.on('upgrade', (_req, socket) => {
    const extra = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`).join('');
    socket.end(`HTTP/1.1 ${status} Refused\r\nConnection: close\r\n${extra}Content-Length: 0\r\n\r\n`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}/ws` };
}

describe('BenchSocket upgrade refusals', () => {
  const servers: Server[] = [];
  afterEach(() => {
    for (const server of servers.splice(0)) server.close();
  });

  const refusal = async (status: number, headers: Record<string, string>): Promise<unknown> => {
    const { server, url } = await refusingServer(status, headers);
    servers.push(server);
    return BenchSocket.open(url, { localAddress: '127.0.0.1', codec: 'json', timeoutMs: 5_000 }).catch((err: unknown) => err);
  };

  it('says when to come back for a refusal with Retry-After, and not for one without', async () => {
    const told = await refusal(503, { 'Retry-After': '7' });
    expect(told).toBeInstanceOf(RetryLaterError);
    expect((told as RetryLaterError).retryAfterMs).toBe(7_000);
    expect((told as Error).message).toBe('upgrade refused: HTTP 503 with Retry-After');
    const timedOut = await refusal(408, {});
    expect(timedOut).toBeInstanceOf(Error);
    expect(timedOut).not.toBeInstanceOf(RetryLaterError);
    expect((timedOut as Error).message).toBe('upgrade refused: HTTP 408');
  });
});

describe('BenchSocket upgrade split', () => {
  it('tells the wait for the server after TCP connected from the connect itself', async () => {
    // The server answers 150 ms after the request: that is after the connect, not in it.
    const wss = new WebSocketServer({ noServer: true });
    const server = createServer();
    server.on('upgrade', (req, socket, head) => setTimeout(() => wss.handleUpgrade(req, socket, head, (ws) => ws.terminate()), 150));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const socket = await BenchSocket.open(`ws://127.0.0.1:${(server.address() as AddressInfo).port}/ws`, { localAddress: '127.0.0.1', codec: 'json', timeoutMs: 5_000 });
      socket.terminate();
      expect(socket.connectMs).toBeGreaterThan(0);
      expect(socket.connectMs).toBeLessThan(100);
      expect(socket.upgradeMs - socket.connectMs).toBeGreaterThanOrEqual(140);
    } finally {
      server.close();
      wss.close();
    }
  });
});

describe('BenchSocket frames', () => {
  let wss: WebSocketServer | undefined;
  afterEach(async () => {
    for (const client of wss?.clients ?? []) client.terminate();
    await new Promise((resolve) => (wss ? wss.close(resolve) : resolve(undefined)));
    wss = undefined;
  });

  /** A ws server on 127.0.0.1 and one BenchSocket connected to it, with the server's side of that connection. */
  const connected = async (): Promise<{ socket: BenchSocket; peer: WebSocket; heard: Envelope[] }> => {
    const server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    wss = server;
    await new Promise((resolve) => server.once('listening', resolve));
    const peerOpened = new Promise<WebSocket>((resolve) => server.once('connection', resolve));
    const socket = await BenchSocket.open(`ws://127.0.0.1:${(server.address() as AddressInfo).port}/ws`, { localAddress: '127.0.0.1', codec: 'json', timeoutMs: 5_000 });
    const heard: Envelope[] = [];
    socket.listen((envelope) => heard.push(envelope));
    return { socket, peer: await peerOpened, heard };
  };
  const until = async (check: () => boolean): Promise<void> => {
    for (let i = 0; i < 200 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  };

  it('sends frames a ws server reads, and reads split, fragmented and back-to-back frames whole and in order', async () => {
    const { socket, peer, heard } = await connected();
    const got: string[] = [];
    peer.on('message', (data: Buffer) => got.push(data.toString('utf8')));
    socket.send(ACTIONS.HEARTBEAT);
    socket.send(ACTIONS.ACK_REQUEST, { mid: 7, from: 2 });
    await until(() => got.length === 2);
    expect(got.map((text) => (JSON.parse(text) as { action: string }).action)).toEqual([ACTIONS.HEARTBEAT, ACTIONS.ACK_REQUEST]);

    // 200 KB: many reads on loopback, with a 64-bit length header.
    const big = 'x'.repeat(200_000);
    peer.send(JSON.stringify({ ver: 1, seq: 1, action: ACTIONS.MESSAGE_CHAT, data: { mid: 1, from: 2, to: 1, type: 1, content: big } }));
    peer.send(JSON.stringify({ ver: 1, seq: 2, action: ACTIONS.ACK_NOTIFY, data: { mid: 1 } }), { fin: false });
    peer.send('', { fin: true });
    peer.send(JSON.stringify({ ver: 1, seq: 3, action: ACTIONS.HEARTBEAT }));
    await until(() => heard.length === 3);
    expect(heard.map((envelope) => envelope.seq)).toEqual([1, 2, 3]);
    expect((heard[0]!.data as { content: string }).content).toBe(big);
    expect(socket.isOpen).toBe(true);
  });

  it("answers pings, and reports the server's close code once as the reason it was lost", async () => {
    const { socket, peer } = await connected();
    const pong = new Promise<string>((resolve) => peer.once('pong', (data: Buffer) => resolve(data.toString())));
    peer.ping('beat');
    expect(await pong).toBe('beat');
    const reasons: string[] = [];
    socket.onLost = (reason) => reasons.push(reason);
    peer.close(4001, 'kicked');
    await until(() => reasons.length > 0);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(reasons).toEqual(['closed 4001']);
    expect(socket.lostReason).toBe('closed 4001');
    expect(socket.isOpen).toBe(false);
  });

  it('reports a connection dropped without a close frame as 1006, and nothing after its own close', async () => {
    const first = await connected();
    const reasons: string[] = [];
    first.socket.onLost = (reason) => reasons.push(reason);
    first.peer.terminate();
    await until(() => reasons.length > 0);
    expect(reasons).toEqual(['closed 1006']);
    await new Promise((resolve) => wss!.close(resolve));

    const second = await connected();
    const closed = new Promise<number>((resolve) => second.peer.once('close', resolve));
    second.socket.onLost = (reason) => reasons.push(reason);
    second.socket.close();
    expect(await closed).toBe(1000);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(reasons).toEqual(['closed 1006']);
  });
});
