import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
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
