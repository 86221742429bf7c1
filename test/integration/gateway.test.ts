import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/index.js';
import { LISTEN_BACKLOG } from '../../src/gateway/index.js';
import { RawTcpClient, RawWsClient } from '../helpers/raw-clients.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { waitFor, waitForAsync } from '../helpers/wait-for.js';

const HEARTBEAT_MS = 1_000;

describe('gateway over real sockets', () => {
  let server: TestServer | undefined;
  const clients: { close(): void }[] = [];
  let clock: ManualClock;

  async function start(overrides = {}): Promise<TestServer> {
    clock = new ManualClock();
    server = await startTestServer({ gateway: { heartbeatIntervalMs: HEARTBEAT_MS, heartbeatMaxMissed: 3, ...overrides } }, { clock });
    return server;
  }
  async function ws(protocols?: string[]): Promise<RawWsClient> {
    const client = await RawWsClient.connect(server!.wsUrl, protocols);
    clients.push(client);
    return client;
  }
  async function tcp(preface?: string | null): Promise<RawTcpClient> {
    const client = await RawTcpClient.connect(server!.tcpPort, preface);
    clients.push(client);
    return client;
  }

  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await server?.close();
    server = undefined;
  });

  it('answers an action that needs a sign-in with notify.auth and the request seq, over WebSocket', async () => {
    await start();
    const client = await ws();
    client.send({ ver: 1, seq: 7, action: 'message.chat', data: { to: '2', type: 1, content: 'hi' } });
    const reply = await client.next((f) => f.action === 'notify.auth');
    expect(reply.seq).toBe(7);
  });

  it('answers in the G1 casing when the first frame is G1', async () => {
    await start();
    const client = await ws();
    client.send({ Ver: 1, Seq: 3, Action: 'message.chat', Data: { To: 2, Type: 1, Content: 'hi' } });
    const reply = await client.next((f) => f.Action === 'notify.auth');
    expect(reply.Seq).toBe(3);
    expect(reply.action).toBeUndefined();
  });

  it('answers any non-public action of an anonymous connection with notify.auth and keeps the connection', async () => {
    await start();
    const client = await ws();
    client.send({ ver: 1, seq: 9, action: 'no.such.action' });
    expect((await client.next((f) => f.seq === 9)).action).toBe('notify.auth');
    client.send({ ver: 1, seq: 10, action: 'message.chat', data: {} });
    expect((await client.next((f) => f.seq === 10)).action).toBe('notify.auth');
  });

  it('closes a connection whose frame is not an envelope, with a reason', async () => {
    await start();
    const client = await ws();
    client.send('this is not json');
    const closed = await client.closed();
    expect(closed.code).toBe(4000);
    expect(closed.reason).toMatch(/envelope/);
  });

  it('sends heartbeat after a silent interval and closes after the missed limit', async () => {
    await start();
    const client = await ws();
    await waitFor(() => server!.app.gateway.connectionCount === 1);
    clock.advance(HEARTBEAT_MS);
    await client.next((f) => f.action === 'heartbeat');
    expect(client.closeInfo).toBeUndefined();
    clock.advance(2 * HEARTBEAT_MS);
    expect((await client.closed()).code).toBe(4002);
    await waitFor(() => server!.app.gateway.connectionCount === 0);
  });

  it('keeps a connection alive while the client sends heartbeats', async () => {
    await start();
    const client = await ws();
    for (let i = 0; i < 6; i++) {
      client.send({ ver: 1, seq: 100 + i, action: 'heartbeat' });
      client.send({ ver: 1, seq: 200 + i, action: 'message.chat' });
      await client.next((f) => f.seq === 200 + i);
      clock.advance(HEARTBEAT_MS);
    }
    expect(client.closeInfo).toBeUndefined();
  });

  it('keeps a connection alive on plain heartbeats alone and counts them as frames in', async () => {
    await start();
    const client = await ws();
    await waitFor(() => server!.app.gateway.connectionCount === 1);
    for (let i = 0; i < 6; i++) {
      client.send('{"ver":1,"seq":' + (300 + i) + ',"action":"heartbeat"}');
      await waitForAsync(async () => (await server!.app.metrics.metrics()).includes(`glide_gateway_frames_in_total{transport="ws"} ${i + 1}`));
      clock.advance(HEARTBEAT_MS);
    }
    expect(client.closeInfo).toBeUndefined();
    expect(client.frames.filter((f) => f.action !== 'heartbeat')).toEqual([]);
    // Silence now: the server's heartbeat, then the close after the missed limit.
    clock.advance(3 * HEARTBEAT_MS);
    expect((await client.closed()).code).toBe(4002);
  });

  it('keeps the dialect the first frame fixed when plain G2 heartbeats follow, and a first plain heartbeat fixes G2', async () => {
    await start();
    const g1 = await ws();
    g1.send({ Ver: 1, Seq: 1, Action: 'heartbeat' });
    g1.send('{"ver":1,"seq":2,"action":"heartbeat"}');
    g1.send({ Ver: 1, Seq: 3, Action: 'message.chat', Data: { To: 2, Type: 1, Content: 'hi' } });
    expect((await g1.next((f) => f.Action === 'notify.auth')).Seq).toBe(3);
    const g2 = await ws();
    g2.send('{"ver":1,"seq":1,"action":"heartbeat"}');
    g2.send({ Ver: 1, Seq: 2, Action: 'message.chat', Data: { To: 2, Type: 1, Content: 'hi' } });
    expect((await g2.next((f) => f.action === 'notify.auth')).seq).toBe(2);
  });

  it('closes a protobuf connection that sends a JSON heartbeat as text, as any frame its codec cannot read', async () => {
    await start();
    const client = await ws(['glide.protobuf']);
    client.send('{"ver":1,"seq":1,"action":"heartbeat"}');
    expect((await client.closed()).code).toBe(4000);
  });

  it('counts a WebSocket ping as traffic', async () => {
    await start();
    const client = await ws();
    for (let i = 0; i < 6; i++) {
      await new Promise<void>((resolve) => {
        client.ws.once('pong', () => resolve());
        client.ws.ping();
      });
      clock.advance(HEARTBEAT_MS);
    }
    expect(client.closeInfo).toBeUndefined();
  });

  it('disconnects a reader that stops reading once its queue overflows, while another keeps receiving', async () => {
    await start({ maxQueueBytes: 256 * 1024 });
    const slow = await ws();
    const fast = await ws();
    await waitFor(() => server!.app.gateway.connectionCount === 2);
    slow.ws.pause();
    const content = 'x'.repeat(16 * 1024);
    const total = 3_000;
    for (let i = 0; i < total; i++) {
      for (const conn of server!.app.gateway.registry.all()) conn.push({ action: 'message.cli', data: { to: 1, type: 1, content, seq: i } });
      if (i % 10 === 9) await new Promise((resolve) => setImmediate(resolve));
    }
    await waitFor(() => fast.frames.length === total, 10_000, 'the fast reader to get everything');
    expect(server!.app.gateway.connectionCount).toBe(1);
    const metrics = await server!.app.metrics.metrics();
    expect(metrics).toMatch(/glide_gateway_queue_overflows_total\{transport="ws"\} 1/);
  });

  it('speaks the TCP preface and length-prefixed frames', async () => {
    await start();
    const client = await tcp();
    expect(client.prefaceAnswer).toBe('GLIDE/1 json\n');
    client.send({ ver: 1, seq: 5, action: 'heartbeat' });
    client.send({ ver: 1, seq: 6, action: 'message.chat', data: {} });
    const reply = await client.next((f) => f.action === 'notify.auth');
    expect(reply.seq).toBe(6);
  });

  it('refuses a bad TCP preface with an error line and closes', async () => {
    await start();
    const client = await tcp('HELLO\n');
    await client.closed();
    expect(client.prefaceAnswer).toMatch(/^ERROR/);
  });

  it('closes a TCP connection that announces an oversized frame', async () => {
    await start({ maxFrameBytes: 1024 });
    const client = await tcp();
    const header = Buffer.alloc(4);
    header.writeUInt32BE(10_000);
    client.writeRaw(header);
    await client.closed();
    const last = client.frames.at(-1);
    expect(last?.action).toBe('notify.error');
  });

  it('closes a TCP connection that stays silent past the heartbeat limit', async () => {
    await start();
    const client = await tcp();
    await waitFor(() => server!.app.gateway.connectionCount === 1);
    clock.advance(3 * HEARTBEAT_MS);
    await client.closed();
    expect(client.frames.map((f) => f.action)).toContain('notify.error');
  });

  it.runIf(existsSync('/usr/bin/ss') || existsSync('/bin/ss'))('listens with a backlog for a reconnect storm on both ports, not Node\'s 511', async () => {
    await start();
    // For a listening socket, ss's Send-Q is its backlog as the kernel took it (capped at net.core.somaxconn).
    const somaxconn = Number(readFileSync('/proc/sys/net/core/somaxconn', 'utf8'));
    for (const port of [server!.httpPort, server!.tcpPort]) {
      const line = execFileSync('ss', ['-Hltn', `sport = :${port}`], { encoding: 'utf8' }).trim();
      expect(Number(line.split(/\s+/)[2])).toBe(Math.min(LISTEN_BACKLOG, somaxconn));
    }
    expect(LISTEN_BACKLOG).toBeGreaterThan(511);
  });

  it('shuts down gracefully: every client is told, every socket closed, the port released', async () => {
    await start();
    const wsClient = await ws();
    const tcpClient = await tcp();
    await waitFor(() => server!.app.gateway.connectionCount === 2);
    const { httpPort, tcpPort } = server!;
    await server!.close();
    server = undefined;
    expect((await wsClient.closed()).code).toBe(1001);
    await tcpClient.closed();
    expect(tcpClient.frames.at(-1)?.msg).toBe('server shutdown');
    for (const port of [httpPort, tcpPort]) {
      await new Promise<void>((resolve, reject) => {
        const probe = createServer();
        probe.once('error', reject);
        probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
      });
    }
  });
});
