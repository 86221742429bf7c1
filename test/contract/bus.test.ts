import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { connectNats, MemoryBus, MemoryHub, NatsBus, type Bus, type MembershipEvent, type NatsConnection } from '../../src/bus/index.js';
import { ManualClock } from '../../src/core/index.js';
import { silentLogger } from '../../src/log/index.js';
import { requireService } from '../helpers/require-service.js';
import { waitFor } from '../helpers/wait-for.js';
import { runBusContract, type BusNetwork, type BusTiming } from './bus.contract.js';
import { hasNatsServerBinary, NatsServerProcess } from './bus-nats-server.js';

const log = silentLogger();
const FAST: BusTiming = { heartbeatIntervalMs: 40, leaseMs: 400 };
const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

function memoryNetwork(): BusNetwork {
  const hub = new MemoryHub();
  const buses: Bus[] = [];
  return {
    async start(nodeId, timing) {
      const bus = new MemoryBus({ hub, log }, { nodeId, ...timing });
      buses.push(bus);
      await bus.start();
      return bus;
    },
    async kill(bus) {
      hub.kill(bus.nodeId);
    },
    async dispose() {
      await Promise.all(buses.map((bus) => bus.close()));
    },
  };
}

/** Each node on its own connection (as separate processes), all under a prefix of their own. */
function natsNetwork(url: string): BusNetwork {
  const prefix = `t${randomBytes(5).toString('hex')}`;
  const nodes: Array<{ bus: Bus; nc: NatsConnection }> = [];
  return {
    async start(nodeId, timing) {
      const nc = await connectNats(log, { servers: url, name: `test-${nodeId}` });
      const bus = new NatsBus({ nc, log }, { nodeId, prefix, helloWaitMs: 500, ...timing });
      nodes.push({ bus, nc });
      try {
        await bus.start();
      } catch (err) {
        await nc.close();
        throw err;
      }
      return bus;
    },
    async kill(bus) {
      // Closing the connection under the bus: no leave goes out, its subscriptions vanish.
      await nodes.find((node) => node.bus === bus)?.nc.close();
    },
    async dispose() {
      for (const { bus, nc } of nodes) {
        await bus.close();
        await nc.close();
      }
    },
  };
}

runBusContract('MemoryBus', async () => memoryNetwork());

const nats = await requireService('nats');
if (nats) runBusContract('NatsBus', async () => natsNetwork(nats.url));

/** Until `from` gets an answer from `to` on a probe topic (subscriptions are live after a round trip). */
async function reachable(from: Bus, to: Bus): Promise<void> {
  const remove = to.handle('probe.reach', () => bytes('ok'));
  try {
    const deadline = Date.now() + 10_000;
    for (;;) {
      try {
        await from.request(to.nodeId, 'probe.reach', bytes(''), 500);
        return;
      } catch (err) {
        if (Date.now() > deadline) throw err;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
  } finally {
    remove();
  }
}

describe('MemoryBus on a hub', () => {
  const hubs: Bus[] = [];
  afterEach(async () => {
    await Promise.all(hubs.splice(0).map((bus) => bus.close()));
  });

  it('reports a lost link, refuses sends meanwhile, freezes its own view, and rejoins on reconnect', async () => {
    const hub = new MemoryHub();
    const a = new MemoryBus({ hub, log }, { nodeId: 1, ...FAST });
    const b = new MemoryBus({ hub, log }, { nodeId: 2, ...FAST });
    hubs.push(a, b);
    await a.start();
    await b.start();
    const seenByA: MembershipEvent[] = [];
    const seenByB: MembershipEvent[] = [];
    const statusOfB: boolean[] = [];
    a.onMembership((e) => seenByA.push(e));
    b.onMembership((e) => seenByB.push(e));
    b.onStatus((isUp) => statusOfB.push(isUp));

    hub.disconnect(2);
    expect(b.isConnected).toBe(false);
    expect(() => b.publish(1, 't.x', bytes(''))).toThrow(expect.objectContaining({ code: 'CLUSTER_UNAVAILABLE', retryable: true }));
    await expect(b.request(1, 't.x', bytes(''), 100)).rejects.toMatchObject({ code: 'CLUSTER_UNAVAILABLE' });
    await waitFor(() => seenByA.length === 1, 5_000, 'a drops b');
    expect(seenByA[0]).toMatchObject({ kind: 'leave', node: 2 });
    expect(b.members()).toEqual([1, 2]);
    expect(seenByB).toEqual([]);

    hub.reconnect(2);
    expect(b.isConnected).toBe(true);
    await waitFor(() => seenByA.length === 2, 5_000, 'a takes b back');
    expect(seenByA[1]).toMatchObject({ kind: 'join', node: 2, members: [1, 2] });
    expect(statusOfB).toEqual([false, true]);
    expect(seenByB).toEqual([]);
  });
});

describe.skipIf(!nats || !hasNatsServerBinary())('NatsBus when NATS restarts', () => {
  let server: NatsServerProcess | undefined;
  const opened: Array<{ close(): Promise<void> }> = [];
  afterEach(async () => {
    for (const item of opened.splice(0).reverse()) await item.close();
    await server?.dispose();
    server = undefined;
  });

  it('says it is disconnected, refuses sends, keeps its peers, and works again after the restart', async () => {
    server = await NatsServerProcess.start();
    const prefix = `t${randomBytes(5).toString('hex')}`;
    const start = async (nodeId: number): Promise<NatsBus> => {
      const nc = await connectNats(log, { servers: server!.url, name: `restart-${nodeId}`, reconnectTimeWaitMs: 50 });
      opened.push(nc);
      const bus = new NatsBus({ nc, log }, { nodeId, prefix, helloWaitMs: 300, ...FAST });
      opened.push(bus);
      await bus.start();
      return bus;
    };
    const a = await start(1);
    const b = await start(2);
    b.handle('r.echo', (m) => m.payload);
    await reachable(a, b);
    await waitFor(() => a.members().length === 2 && b.members().length === 2, 5_000, 'both joined');
    const events: MembershipEvent[] = [];
    const statuses: boolean[] = [];
    a.onMembership((e) => events.push(e));
    a.onStatus((isUp) => statuses.push(isUp));

    await server.kill();
    await waitFor(() => !a.isConnected && !b.isConnected, 10_000, 'both see the loss');
    expect(() => a.publish(2, 'r.echo', bytes(''))).toThrow(expect.objectContaining({ code: 'CLUSTER_UNAVAILABLE' }));
    await expect(a.request(2, 'r.echo', bytes(''), 200)).rejects.toMatchObject({ code: 'CLUSTER_UNAVAILABLE', retryable: true });
    // Down for more than a lease: a disconnected node must not expire the peers it cannot hear.
    const until = Date.now() + 2 * FAST.leaseMs;
    await waitFor(() => Date.now() >= until, 5_000, 'two leases down');
    expect(a.members()).toEqual([1, 2]);

    await server.restart();
    await waitFor(() => a.isConnected && b.isConnected, 15_000, 'both reconnect');
    await reachable(a, b);
    expect(new TextDecoder().decode(await a.request(2, 'r.echo', bytes('back'), 2_000))).toBe('back');
    expect(statuses).toEqual([false, true]);
    expect(events).toEqual([]);
    expect(a.members()).toEqual([1, 2]);
  });
});

describe.skipIf(!nats)('NatsBus heartbeats', () => {
  it('go out on the multiples of the interval since the epoch, so all nodes beat together', async () => {
    const prefix = `t${randomBytes(5).toString('hex')}`;
    const nc = await connectNats(log, { servers: nats!.url, name: 'beat-bus' });
    const watcher = await connectNats(log, { servers: nats!.url, name: 'beat-watcher' });
    const clock = new ManualClock(1_700_000_000_250);
    const bus = new NatsBus({ nc, log, clock }, { nodeId: 1, prefix, helloWaitMs: 100, heartbeatIntervalMs: 1_000, leaseMs: 4_000 });
    try {
      await bus.start();
      let beats = 0;
      watcher.subscribe(`${prefix}.sys.hb`, {
        callback: () => {
          beats++;
        },
      });
      await watcher.flush();
      clock.advance(749);
      await nc.flush();
      await watcher.flush();
      expect(beats).toBe(0);
      clock.advance(1);
      await waitFor(() => beats === 1, 5_000, 'the beat at the boundary');
    } finally {
      await bus.close();
      await nc.close();
      await watcher.close();
    }
  });
});
