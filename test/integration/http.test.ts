import { afterEach, describe, expect, it } from 'vitest';
import { codecFor, DIALECTS } from '../../src/protocol/index.js';
import { RawWsClient } from '../helpers/raw-clients.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { waitFor } from '../helpers/wait-for.js';

describe('HTTP surface and the protobuf WebSocket', () => {
  let server: TestServer | undefined;
  const clients: RawWsClient[] = [];

  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await server?.close();
    server = undefined;
  });

  it('reports health and Prometheus metrics on the WebSocket port', async () => {
    server = await startTestServer();
    const client = await RawWsClient.connect(server.wsUrl);
    clients.push(client);
    await waitFor(() => server!.app.gateway.connectionCount === 1);
    const health = await fetch(`http://127.0.0.1:${server.httpPort}/api/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ Code: 100, Data: { status: 'ok', connections: 1 } });
    const metrics = await (await fetch(`http://127.0.0.1:${server.httpPort}/metrics`)).text();
    expect(metrics).toContain('glide_gateway_connections{transport="ws",codec="json"} 1');
    expect(metrics).toContain('glide_process_cpu_seconds_total');
  });

  it('answers CORS preflight with 204 for any origin and the Authorization header', async () => {
    server = await startTestServer();
    const response = await fetch(`http://127.0.0.1:${server.httpPort}/api/health`, {
      method: 'OPTIONS',
      headers: { Origin: 'http://example.test', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,content-type' },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
  });

  it('answers an unknown route with 404 in the GlideIM envelope', async () => {
    server = await startTestServer();
    const response = await fetch(`http://127.0.0.1:${server.httpPort}/api/nope`, { method: 'POST' });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ Code: 1001 });
  });

  it('speaks protobuf in binary frames when the client asks with the subprotocol', async () => {
    server = await startTestServer();
    const client = await RawWsClient.connect(server.wsUrl, ['glide.protobuf']);
    clients.push(client);
    expect(client.ws.protocol).toBe('glide.protobuf');
    const codec = codecFor('protobuf');
    client.send(Buffer.from(codec.stamp(codec.prepare(DIALECTS.G2, { action: 'message.chat' }), 5) as Uint8Array));
    await waitFor(() => client.binaryFrames.length === 1);
    const reply = codec.decode(client.binaryFrames[0]!).envelope;
    expect(reply).toMatchObject({ action: 'notify.auth', seq: 5 });
  });

  it('speaks protobuf when the client asks with ?codec=protobuf', async () => {
    server = await startTestServer();
    const client = await RawWsClient.connect(`${server.wsUrl}?codec=protobuf`);
    clients.push(client);
    const codec = codecFor('protobuf');
    client.send(Buffer.from(codec.stamp(codec.prepare(DIALECTS.G2, { action: 'heartbeat' }), 1) as Uint8Array));
    client.send(Buffer.from(codec.stamp(codec.prepare(DIALECTS.G2, { action: 'message.chat' }), 2) as Uint8Array));
    await waitFor(() => client.binaryFrames.length === 1);
    expect(codec.decode(client.binaryFrames[0]!).envelope).toMatchObject({ action: 'notify.auth', seq: 2 });
  });
});
