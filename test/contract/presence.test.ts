import { randomBytes } from 'node:crypto';
import { Kvm } from '@nats-io/kv';
import { afterEach, describe, expect, it } from 'vitest';
import { connectNats, presenceBucket, type NatsConnection } from '../../src/bus/index.js';
import { silentLogger } from '../../src/log/index.js';
import { MemoryPresence, NatsPresence, type NatsPresenceOptions, type Presence } from '../../src/presence/index.js';
import { requireService } from '../helpers/require-service.js';
import { waitForAsync } from '../helpers/wait-for.js';
import { hasNatsServerBinary, NatsServerProcess } from './bus-nats-server.js';
import { runPresenceContract, type PresenceSpace } from './presence.contract.js';

const log = silentLogger();

runPresenceContract('MemoryPresence', async () => {
  const shared = new MemoryPresence();
  return { open: async () => shared, dispose: () => shared.close() };
});

/** Views on their own connections under a bucket of their own, destroyed afterwards. */
function natsSpace(url: string, options: NatsPresenceOptions = {}): PresenceSpace & { connections: NatsConnection[]; open(own?: NatsPresenceOptions): Promise<Presence> } {
  const prefix = `t${randomBytes(5).toString('hex')}`;
  const views: Presence[] = [];
  const connections: NatsConnection[] = [];
  return {
    connections,
    async open(own: NatsPresenceOptions = {}) {
      const nc = await connectNats(log, { servers: url, name: 'presence-test', reconnectTimeWaitMs: 50 });
      connections.push(nc);
      const view = await NatsPresence.create({ nc, log }, { prefix, ...options, ...own });
      views.push(view);
      return view;
    },
    async dispose() {
      for (const view of views) await view.close();
      const first = connections[0];
      if (first && !first.isClosed()) {
        const kv = await new Kvm(first).open(presenceBucket(prefix));
        await kv.destroy().catch(() => undefined);
      }
      for (const nc of connections) await nc.close();
    },
  };
}

const nats = await requireService('nats');
if (nats) runPresenceContract('NatsPresence', async () => natsSpace(nats.url));

describe.skipIf(!nats)('NatsPresence entries over time', () => {
  let space: ReturnType<typeof natsSpace> | undefined;
  afterEach(async () => {
    await space?.dispose();
    space = undefined;
  });

  it('keeps refreshed entries past the TTL and lets those of a stopped node expire', async () => {
    space = natsSpace(nats!.url, { ttlMs: 1_000, refreshIntervalMs: 250 });
    const writer = await space.open();
    const stopped = await space.open();
    const reader = await space.open();
    await writer.add(50, 1, 1, 1);
    await stopped.add(51, 1, 2, 1);
    await waitForAsync(async () => (await reader.nodesOf(51)).length === 1, 5_000, 'reader sees 51');
    await stopped.close(); // no remove, no refresh: only the TTL takes it away
    await waitForAsync(async () => (await reader.nodesOf(51)).length === 0, 10_000, 'entry of the stopped node expires');
    expect(await reader.nodesOf(50)).toEqual([1]);
    const fresh = await space.open();
    expect(await fresh.nodesOf(50)).toEqual([1]);
    expect(await fresh.nodesOf(51)).toEqual([]);
  });

  it("refreshes by the bucket's own TTL when it was made with another one", async () => {
    space = natsSpace(nats!.url);
    const reader = await space.open({ ttlMs: 1_000, refreshIntervalMs: 250 });
    // Asks for a TTL of a minute and a refresh every 50 s: with the bucket's 1 s TTL it must refresh well within 1 s.
    const writer = await space.open({ ttlMs: 60_000, refreshIntervalMs: 50_000 });
    await writer.add(70, 1, 3, 1);
    await waitForAsync(async () => (await reader.nodesOf(70)).length === 1, 5_000, 'reader sees 70');
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(reader.nodesOf(70)).toEqual([3]);
    expect(writer.nodesOf(70)).toEqual([3]);
  });

  it('fails writes after close with CLUSTER_CLOSED', async () => {
    space = natsSpace(nats!.url);
    const view = await space.open();
    await view.close();
    await expect(view.add(1, 1, 1, 1)).rejects.toMatchObject({ code: 'CLUSTER_CLOSED' });
  });
});

describe.skipIf(!nats || !hasNatsServerBinary())('NatsPresence when NATS restarts', () => {
  let server: NatsServerProcess | undefined;
  let space: ReturnType<typeof natsSpace> | undefined;
  afterEach(async () => {
    await space?.dispose();
    space = undefined;
    await server?.dispose();
    server = undefined;
  });

  it('keeps adds and removes made while NATS is away, writes them after the restart, and keeps its watch', async () => {
    server = await NatsServerProcess.start();
    space = natsSpace(server.url);
    const a = await space.open();
    const b = await space.open();
    await a.add(60, 1, 1, 1);
    await a.add(61, 1, 1, 2);
    await waitForAsync(async () => (await b.nodesOf(61)).length === 1, 5_000, 'b sees 61');

    await server.kill();
    await a.add(62, 1, 1, 3); // resolves: written once NATS is back
    expect(a.nodesOf(62)).toEqual([1]);
    await a.remove(61, 1, 1, 2); // resolves: the delete is retried once NATS is back
    expect(await a.nodesOf(61)).toEqual([]);

    await server.restart();
    await waitForAsync(async () => (await b.nodesOf(61)).length === 0, 15_000, 'deferred delete reaches b');
    await waitForAsync(async () => (await b.nodesOf(62)).length === 1, 15_000, 'deferred add reaches b');
    await waitForAsync(
      async () => a.add(63, 1, 1, 4).then(() => true, () => false),
      15_000,
      'adds work again',
    );
    await waitForAsync(async () => (await b.nodesOf(63)).length === 1, 5_000, 'b sees an add made after the restart');
    expect(await b.nodesOf(60)).toEqual([1]);
  });
});
