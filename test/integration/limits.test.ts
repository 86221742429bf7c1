import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config/index.js';
import { ManualClock } from '../../src/core/index.js';
import { callApi, registerUser } from '../helpers/api-client.js';
import { ChatClient } from '../helpers/chat-client.js';
import { RawTcpClient, RawWsClient, type RawTcpOptions } from '../helpers/raw-clients.js';
import { startTestServer, type DeepPartial, type TestServer } from '../helpers/test-server.js';
import { probeUpgrade } from '../helpers/upgrade-probe.js';
import { waitFor } from '../helpers/wait-for.js';

describe('connection limits and abuse guards over real sockets', () => {
  let server: TestServer | undefined;
  let clock: ManualClock;
  const closers: { close(): void }[] = [];

  async function start(overrides: DeepPartial<Config> = {}): Promise<TestServer> {
    clock = new ManualClock();
    server = await startTestServer(overrides, { clock });
    return server;
  }
  async function ws(localAddress?: string): Promise<RawWsClient> {
    const client = await RawWsClient.connect(server!.wsUrl, undefined, localAddress !== undefined ? { localAddress } : {});
    closers.push(client);
    return client;
  }
  async function tcp(preface: string | null = 'GLIDE/1 json\n', options: RawTcpOptions = {}): Promise<RawTcpClient> {
    const client = await RawTcpClient.connect(server!.tcpPort, preface, options);
    closers.push(client);
    return client;
  }
  async function metrics(): Promise<string> {
    return server!.app.metrics.metrics();
  }
  /** A TCP socket that is refused at once: the ERROR line, then the close. */
  async function refusedTcp(options: RawTcpOptions = {}): Promise<string> {
    const client = await tcp(null, options);
    await client.closed();
    return client.prefaceAnswer;
  }

  afterEach(async () => {
    for (const closer of closers.splice(0)) closer.close();
    await server?.close();
    server = undefined;
  });

  it('refuses a WebSocket upgrade with 503 and a TCP socket with an ERROR line beyond gateway.maxConnections', async () => {
    await start({ gateway: { maxConnections: 2 } });
    await ws();
    const first = await tcp();
    await waitFor(() => server!.app.gateway.admittedSockets === 2);

    const refused = await probeUpgrade(server!.httpPort);
    expect(refused.status).toBe(503);
    expect(refused.body).toBe('too many connections on this node');
    expect(await refusedTcp()).toBe('ERROR too many connections on this node\n');

    first.close();
    await waitFor(() => server!.app.gateway.admittedSockets === 1);
    await ws();
    const text = await metrics();
    expect(text).toContain('glide_gateway_refused_total{transport="ws",reason="max_connections"} 1');
    expect(text).toContain('glide_gateway_refused_total{transport="tcp",reason="max_connections"} 1');
  });

  it('limits open sockets per client address and exempts auth.trustedAddresses', async () => {
    await start({ gateway: { maxConnectionsPerIp: 2 }, auth: { trustedAddresses: ['127.0.0.3'] } });
    await ws('127.0.0.2');
    await tcp(undefined, { localAddress: '127.0.0.2' });
    await waitFor(() => server!.app.gateway.admittedSockets === 2);

    const refused = await probeUpgrade(server!.httpPort, { localAddress: '127.0.0.2' });
    expect(refused.status).toBe(429);
    expect(refused.body).toBe('too many connections from this address');
    expect(await refusedTcp({ localAddress: '127.0.0.2' })).toBe('ERROR too many connections from this address\n');

    // Another address has its own count; a trusted one has none.
    await ws('127.0.0.4');
    for (let i = 0; i < 4; i++) await ws('127.0.0.3');
    expect(server!.app.gateway.admittedSockets).toBe(7);
    const text = await metrics();
    expect(text).toContain('glide_gateway_refused_total{transport="ws",reason="ip_connections"} 1');
    expect(text).toContain('glide_gateway_refused_total{transport="tcp",reason="ip_connections"} 1');
  });

  it('limits new sockets per second per client address, with a burst of one second', async () => {
    await start({ gateway: { connectionsPerIpPerSecond: 3 }, auth: { trustedAddresses: [] } });
    for (let i = 0; i < 3; i++) (await ws()).close();

    const refused = await probeUpgrade(server!.httpPort);
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toBe('1');
    expect(await refusedTcp()).toBe('ERROR connecting too fast from this address\n');

    clock.advance(1_000);
    await ws();
    await tcp();
    const text = await metrics();
    expect(text).toContain('glide_gateway_refused_total{transport="ws",reason="ip_rate"} 1');
    expect(text).toContain('glide_gateway_refused_total{transport="tcp",reason="ip_rate"} 1');
  });

  it('forgets an address once its sockets are closed and its bucket is full again', async () => {
    await start({ gateway: { heartbeatIntervalMs: 1_000 }, auth: { trustedAddresses: [] } });
    const client = await ws();
    expect(await metrics()).toContain('glide_gateway_tracked_addresses 1');
    client.close();
    await waitFor(() => server!.app.gateway.admittedSockets === 0);
    clock.advance(1_000);
    expect(await metrics()).toContain('glide_gateway_tracked_addresses 0');
  });

  it('closes connections that have not signed in within gateway.authTimeoutMs and keeps a signed-in one', async () => {
    await start({ gateway: { authTimeoutMs: 2_000, heartbeatIntervalMs: 10_000 } });
    const user = await registerUser(server!);
    const signedIn = await ChatClient.connect(server!, user);
    closers.push(signedIn);
    const anonymousWs = await ws();
    const anonymousTcp = await tcp();
    await waitFor(() => server!.app.gateway.connectionCount === 3);

    clock.advance(2_000);
    expect(await anonymousWs.closed()).toEqual({ code: 4008, reason: 'authentication timeout' });
    await anonymousTcp.closed();
    expect(anonymousTcp.frames.at(-1)).toMatchObject({ action: 'notify.error', data: { code: 4008, reconnect: true } });
    await waitFor(() => server!.app.gateway.connectionCount === 1);
    expect(signedIn.raw.closeInfo).toBeUndefined();
    const text = await metrics();
    expect(text).toContain('glide_gateway_auth_timeouts_total{transport="ws"} 1');
    expect(text).toContain('glide_gateway_auth_timeouts_total{transport="tcp"} 1');
  });

  it('starts the auth timeout over when a connection signs out and stays open', async () => {
    await start({ gateway: { authTimeoutMs: 2_000, heartbeatIntervalMs: 10_000 } });
    const client = await ChatClient.connect(server!, await registerUser(server!));
    closers.push(client);
    clock.advance(1_500);
    expect((await client.api('auth/logout')).action).toBe('api.success');
    clock.advance(1_500);
    client.raw.send({ ver: 1, seq: 99, action: 'message.chat', data: {} });
    expect((await client.raw.next((f) => f.seq === 99)).action).toBe('notify.auth');
    clock.advance(500);
    expect((await client.raw.closed()).code).toBe(4008);
  });

  it('closes an HTTP request whose headers never finish, a dribbled WebSocket upgrade, and keeps upgraded sockets', async () => {
    await start({ server: { headersTimeoutMs: 200, requestTimeoutMs: 200 } });
    const upgraded = await ws();
    const loris = await dribble(server!.httpPort, 'GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n');
    closers.push({ close: () => loris.socket.destroy() });
    await waitFor(() => loris.isClosed, 5_000, 'the dribbling socket to be closed');
    expect(loris.received).toMatch(/^HTTP\/1\.1 408/);

    // The upgraded socket left the HTTP timeouts behind when it upgraded.
    upgraded.send({ ver: 1, seq: 1, action: 'message.chat', data: {} });
    expect((await upgraded.next((f) => f.seq === 1)).action).toBe('notify.auth');
    expect(await metrics()).toContain('glide_http_refused_total{reason="timeout"} 1');
  });

  it('closes a TCP socket that never finishes its preface within gateway.prefaceTimeoutMs', async () => {
    await start({ gateway: { prefaceTimeoutMs: 200 } });
    const client = await tcp(null);
    client.writeRaw('GLIDE/1 js');
    await client.closed();
    await waitFor(() => server!.app.gateway.admittedSockets === 0);
    expect(server!.app.gateway.connectionCount).toBe(0);
    expect(await metrics()).toContain('glide_gateway_handshake_timeouts_total{stage="preface"} 1');
  });

  it('refuses an HTTP body over server.maxBodyBytes with 413 in the {Code, Msg} envelope, apart from gateway.maxFrameBytes', async () => {
    await start({ server: { maxBodyBytes: 1_024 }, gateway: { maxFrameBytes: 64 * 1024 } });
    const big = { Account: 'someone', Password: 'x'.repeat(2_048) };
    const response = await callApi(server!, 'auth/register', big);
    expect(response.status).toBe(413);
    expect(response.body).toEqual({ Code: 1001, Msg: 'request body exceeds the maximum size: limit 1024 bytes' });

    // The same size is a fine frame on the long connection.
    const client = await ws();
    client.send({ ver: 1, seq: 2, action: 'message.chat', data: { content: 'x'.repeat(2_048) } });
    expect((await client.next((f) => f.seq === 2)).action).toBe('notify.auth');
    expect(await metrics()).toContain('glide_http_refused_total{reason="body_too_large"} 1');
  });

  it('closes a WebSocket whose frame exceeds gateway.maxFrameBytes', async () => {
    await start({ gateway: { maxFrameBytes: 1_024 } });
    const client = await ws();
    client.send({ ver: 1, seq: 1, action: 'heartbeat', data: 'x'.repeat(2_048) });
    expect((await client.closed()).code).toBe(1009);
    expect(await metrics()).toContain('glide_gateway_decode_errors_total{transport="ws",kind="too_large"} 1');
  });
  it('refuses sign-ins and upgrades with a retry time once the sign-in line is backed up auth.signinMaxWaitMs, and takes them again when it moves', async () => {
    await start({ auth: { signinConcurrency: 1, signinMaxWaitMs: 5_000 } });
    const user = await registerUser(server!);
    const held = await server!.app.signinGate.enter(); // the one slot, taken as a running sign-in would
    const waiting = await ws();
    waiting.send({ action: 'api.auth', seq: 1, data: { Token: user.token } });
    await waitFor(() => server!.app.signinGate.waiting === 1);
    expect((await probeUpgrade(server!.httpPort)).status).toBe(101);

    clock.advance(6_000);
    const refused = await probeUpgrade(server!.httpPort);
    expect(refused.status).toBe(503);
    expect(refused.headers['retry-after']).toBe('6');
    expect(refused.body).toBe('too many sign-ins in progress on this node, retry shortly');
    expect(await refusedTcp()).toBe('ERROR too many sign-ins in progress on this node, retry shortly\n');
    expect(await metrics()).toContain('glide_gateway_refused_total{transport="ws",reason="signin_backlog"} 1');

    // The one in line keeps its place and signs in once the slot frees; the line is no longer backed up.
    held();
    expect(await waiting.next((frame) => frame.seq === 1)).toMatchObject({ action: 'api.success' });
    expect((await probeUpgrade(server!.httpPort)).status).toBe(101);
  });

  it('answers a sign-in that arrives while the line is backed up with api.failed and RetryAfterMs', async () => {
    await start({ auth: { signinConcurrency: 1, signinMaxWaitMs: 5_000 } });
    const user = await registerUser(server!);
    const late = await ws(); // connected before the line backed up
    const held = await server!.app.signinGate.enter();
    const waiting = await ws();
    waiting.send({ action: 'api.auth', seq: 1, data: { Token: user.token } });
    await waitFor(() => server!.app.signinGate.waiting === 1);
    clock.advance(7_500);
    late.send({ action: 'api.auth', seq: 1, data: { Token: user.token } });
    expect(await late.next((frame) => frame.seq === 1)).toMatchObject({ action: 'api.failed', data: { RetryAfterMs: 7_500 } });
    held();
    expect(await waiting.next((frame) => frame.seq === 1)).toMatchObject({ action: 'api.success' });
  });
});

/** Opens a raw socket, writes part of a request and never finishes it. */
async function dribble(port: number, partial: string): Promise<{ socket: Socket; received: string; isClosed: boolean }> {
  const socket = connect({ port, host: '127.0.0.1' });
  const state = { socket, received: '', isClosed: false };
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => (state.received += chunk));
  socket.on('close', () => (state.isClosed = true));
  socket.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('error', reject);
  });
  socket.write(partial);
  return state;
}
