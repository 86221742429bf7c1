import { rmSync } from 'node:fs';
import { request } from 'node:https';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { silentLogger } from '../../src/log/index.js';
import { RawTcpClient, RawWsClient } from '../helpers/raw-clients.js';
import { startTestServer, testConfig, type TestServer } from '../helpers/test-server.js';
import { createTestCert, type TestCert } from '../helpers/tls-cert.js';

describe('TLS on the HTTP/WebSocket port and the TCP gateway', () => {
  let cert: TestCert;
  let server: TestServer | undefined;
  const clients: { close(): void }[] = [];

  beforeAll(() => {
    cert = createTestCert();
  });
  afterAll(() => cert.remove());
  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await server?.close();
    server = undefined;
  });

  async function start(prefaceTimeoutMs?: number): Promise<TestServer> {
    const tls = { certFile: cert.certFile, keyFile: cert.keyFile };
    server = await startTestServer({ server: { tls }, ...(prefaceTimeoutMs !== undefined ? { gateway: { prefaceTimeoutMs } } : {}) });
    return server;
  }

  it('serves /api/health over https', async () => {
    await start();
    const { status, body } = await httpsGet(server!.httpPort, '/api/health', cert.cert);
    expect(status).toBe(200);
    expect(JSON.parse(body)).toMatchObject({ Code: 100, Data: { status: 'ok' } });
  });

  it('carries frames over wss://', async () => {
    await start();
    const client = await RawWsClient.connect(`wss://127.0.0.1:${server!.httpPort}/ws`, undefined, { ca: cert.cert });
    clients.push(client);
    client.send({ ver: 1, seq: 1, action: 'heartbeat' });
    client.send({ ver: 1, seq: 2, action: 'message.chat', data: {} });
    const reply = await client.next((f) => f.seq === 2);
    expect(reply.action).toBe('notify.auth');
  });

  it('carries the preface and frames over TLS on the TCP port', async () => {
    await start();
    const client = await RawTcpClient.connect(server!.tcpPort, 'GLIDE/1 json\n', { ca: cert.cert });
    clients.push(client);
    expect(client.prefaceAnswer).toBe('GLIDE/1 json\n');
    client.send({ ver: 1, seq: 1, action: 'heartbeat' });
    client.send({ ver: 1, seq: 2, action: 'message.chat', data: {} });
    const reply = await client.next((f) => f.seq === 2);
    expect(reply.action).toBe('notify.auth');
  });

  it('does not answer plain text on the TLS TCP port', async () => {
    await start();
    const client = await RawTcpClient.connect(server!.tcpPort, null);
    clients.push(client);
    client.writeRaw('GLIDE/1 json\n');
    await client.closed();
    expect(client.prefaceAnswer).toBe('');
    expect(client.frames).toEqual([]);
  });

  it('drops a TCP socket that never starts its TLS handshake within gateway.prefaceTimeoutMs', async () => {
    await start(200);
    const client = await RawTcpClient.connect(server!.tcpPort, null);
    clients.push(client);
    await client.closed();
    expect(await server!.app.metrics.metrics()).toContain('glide_gateway_handshake_timeouts_total{stage="tls"} 1');
  });

  it('drops a socket that never starts its TLS handshake on the HTTPS port within server.headersTimeoutMs', async () => {
    server = await startTestServer({ server: { tls: { certFile: cert.certFile, keyFile: cert.keyFile }, headersTimeoutMs: 200 } });
    const client = await RawTcpClient.connect(server.httpPort, null);
    clients.push(client);
    await client.closed();
    expect(await server.app.metrics.metrics()).toContain('glide_http_refused_total{reason="timeout"} 1');
  });

  it('drops sockets still in their TLS handshake on shutdown instead of waiting for the handshake timeouts', async () => {
    const tls = { certFile: cert.certFile, keyFile: cert.keyFile };
    server = await startTestServer({ server: { tls, headersTimeoutMs: 600_000, requestTimeoutMs: 600_000 }, gateway: { prefaceTimeoutMs: 600_000 } });
    const onTcp = await RawTcpClient.connect(server.tcpPort, null);
    const onHttps = await RawTcpClient.connect(server.httpPort, null);
    clients.push(onTcp, onHttps);
    // A request answered after the two connects: by then the server has accepted both sockets.
    expect((await httpsGet(server.httpPort, '/api/health', cert.cert)).status).toBe(200);
    await server.close();
    server = undefined;
    await onTcp.closed();
    await onHttps.closed();
  });

  it('refuses to start with only one of certFile and keyFile', async () => {
    const config = testConfig({ server: { tls: { certFile: cert.certFile, keyFile: '' } } });
    try {
      await expect(createApp({ config, log: silentLogger() })).rejects.toThrow(/server\.tls needs both/);
    } finally {
      rmSync(config.server.dataDir, { recursive: true, force: true });
    }
  });
});

function httpsGet(port: number, path: string, ca: Buffer): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, ca, agent: false }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}
