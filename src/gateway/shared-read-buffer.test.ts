import { once } from 'node:events';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { readIntoSharedBuffer } from './shared-read-buffer.js';

/** A server on 127.0.0.1 port 0 and a client connected to it: the accepted socket and the client's. */
async function socketPair(server: Server): Promise<{ accepted: Socket; client: Socket }> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const accepted = once(server, 'connection') as Promise<[Socket]>;
  const { port } = server.address() as { port: number };
  const client = connect(port, '127.0.0.1');
  await once(client, 'connect');
  return { accepted: (await accepted)[0], client };
}

async function until(isDone: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !isDone(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe('readIntoSharedBuffer', () => {
  const servers: Server[] = [];
  afterEach(() => {
    for (const server of servers.splice(0)) server.close();
  });

  // Pins the fast path on the Node this runs on: a Node that drops the internals fails here instead of
  // falling back to `data` events unnoticed (a held connection's heartbeat would cost ~20 % more again).
  it('hands an accepted socket’s reads to the callback in one buffer shared by sockets, not as data events', async () => {
    servers.push(createServer(), createServer());
    const [a, b] = [await socketPair(servers[0]!), await socketPair(servers[1]!)];
    const reads: { who: string; text: string; buffer: Buffer }[] = [];
    let dataEvents = 0;
    for (const [who, { accepted }] of [['a', a], ['b', b]] as const) {
      accepted.on('data', () => dataEvents++);
      const isShared = readIntoSharedBuffer(accepted, function (length, buffer) {
        expect(this).toBe(accepted);
        reads.push({ who, text: buffer.toString('utf8', 0, length), buffer });
      });
      expect(isShared).toBe(true);
    }
    a.client.write('hello');
    await until(() => reads.length === 1);
    b.client.write('world');
    await until(() => reads.length === 2);
    expect(reads.map((r) => `${r.who}:${r.text}`)).toEqual(['a:hello', 'b:world']);
    expect(reads[0]!.buffer).toBe(reads[1]!.buffer);
    expect(dataEvents).toBe(0);
    // The end of the stream still comes as events.
    const ended = once(a.accepted, 'end');
    const closed = once(a.accepted, 'close');
    a.client.end();
    await ended;
    await closed;
    b.client.destroy();
  });

  it('declines a socket that already holds unread bytes', async () => {
    const server = createServer();
    servers.push(server);
    const { accepted, client } = await socketPair(server);
    accepted.pause();
    client.write('early');
    await until(() => accepted.readableLength > 0);
    expect(readIntoSharedBuffer(accepted, () => undefined)).toBe(false);
    expect(accepted.read()?.toString()).toBe('early');
    client.destroy();
  });
});
