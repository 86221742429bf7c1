import { afterEach, describe, expect, it } from 'vitest';
import { MemoryBus, MemoryHub, type Bus } from '../bus/index.js';
import { waitFor } from '../../test/helpers/wait-for.js';
import { silentLogger } from '../log/index.js';
import { Crossings } from './crossings.js';
import { OwnerCalls } from './owner-calls.js';
import { Ownership } from './ownership.js';

const log = silentLogger();

describe('OwnerCalls over a MemoryHub', () => {
  const buses: Bus[] = [];
  afterEach(async () => {
    await Promise.all(buses.splice(0).map((bus) => bus.close()));
  });

  it('serves the calls of a key in the order they were made when the owner dies with one in flight', async () => {
    const hub = new MemoryHub();
    const served: string[] = [];
    const nodes = await Promise.all(
      [1, 2, 3].map(async (nodeId) => {
        const bus = new MemoryBus({ hub, log }, { nodeId, heartbeatIntervalMs: 40, leaseMs: 400 });
        buses.push(bus);
        const ownership = new Ownership({ bus, log });
        const append = new OwnerCalls({ bus, ownership, log, timeoutMs: 2_000, crossings: new Crossings() }).define<string, void>('append', 'idempotent', async (item) => void served.push(item));
        await bus.start();
        return { ownership, append };
      }),
    );
    const caller = nodes[0]!;
    await waitFor(() => caller.ownership.ring.nodes.length === 3, 5_000, 'three members');
    const key = Array.from({ length: 1_000 }, (_, i) => i + 1).find((k) => caller.ownership.ownerOf(k) === 2)!;

    hub.kill(2);
    const first = caller.append(key, 'first');
    // The ring drops node 2 while the first call is still on its way to it (or waiting to retry).
    await waitFor(() => caller.ownership.ownerOf(key) !== 2, 5_000, 'the owner to change');
    const second = caller.append(key, 'second');
    await Promise.all([first, second]);
    expect(served).toEqual(['first', 'second']);
  });

  it("keeps a failure's own text once when the caller's bus has closed under a call to another node", async () => {
    const hub = new MemoryHub();
    const nodes = await Promise.all(
      [1, 2].map(async (nodeId) => {
        const bus = new MemoryBus({ hub, log }, { nodeId, heartbeatIntervalMs: 40, leaseMs: 400 });
        buses.push(bus);
        const ownership = new Ownership({ bus, log });
        const echo = new OwnerCalls({ bus, ownership, log, timeoutMs: 2_000, crossings: new Crossings() }).define<string, string>('echo', 'idempotent', async (item) => item);
        await bus.start();
        return { bus, ownership, echo };
      }),
    );
    const caller = nodes[0]!;
    await waitFor(() => caller.ownership.ring.nodes.length === 2, 5_000, 'two members');
    const key = Array.from({ length: 1_000 }, (_, i) => i + 1).find((k) => caller.ownership.ownerOf(k) === 2)!;
    await caller.bus.close();
    await expect(caller.echo(key, 'x')).rejects.toMatchObject({ code: 'CLUSTER_CLOSED', message: 'cluster bus is closed' });
  });
});
