import { randomBytes } from 'node:crypto';
import { Kvm } from '@nats-io/kv';
import { afterEach, describe, expect, it } from 'vitest';
import { requireService } from '../../test/helpers/require-service.js';
import { waitFor, waitForAsync } from '../../test/helpers/wait-for.js';
import { connectNats, nodeIdBucket, type NatsConnection } from '../bus/index.js';
import { silentLogger } from '../log/index.js';
import { NodeIdLease, type NodeIdLeaseOptions } from './node-id-lease.js';

const log = silentLogger();
const nats = await requireService('nats');

describe.skipIf(!nats)('NodeIdLease on NATS', () => {
  let prefix = '';
  const connections: NatsConnection[] = [];
  const leases: NodeIdLease[] = [];

  const connect = async (): Promise<NatsConnection> => {
    const nc = await connectNats(log, { servers: nats!.url, name: 'lease-test' });
    connections.push(nc);
    return nc;
  };
  const acquire = async (options: NodeIdLeaseOptions = {}, nc?: NatsConnection): Promise<NodeIdLease> => {
    const lease = await NodeIdLease.acquire({ nc: nc ?? (await connect()), log }, { prefix, ...options });
    leases.push(lease);
    return lease;
  };
  const bucket = async () => new Kvm(connections[0] ?? (await connect())).open(nodeIdBucket(prefix));

  afterEach(async () => {
    for (const lease of leases.splice(0)) await lease.release();
    await (await bucket()).destroy().catch(() => undefined);
    for (const nc of connections.splice(0)) await nc.close();
  });

  it('gives five nodes leasing at once five distinct ids, the lowest free ones', async () => {
    prefix = `t${randomBytes(5).toString('hex')}`;
    const ids = (await Promise.all(Array.from({ length: 5 }, () => acquire()))).map((lease) => lease.nodeId);
    expect([...ids].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4]);
  });

  it('hands a released id to the next node', async () => {
    prefix = `t${randomBytes(5).toString('hex')}`;
    const first = await acquire();
    const second = await acquire();
    expect([first.nodeId, second.nodeId]).toEqual([0, 1]);
    await first.release();
    expect(first.isHeld).toBe(false);
    expect((await acquire()).nodeId).toBe(0);
  });

  it('refuses with CLUSTER_NO_FREE_NODE_ID when every id is leased', async () => {
    prefix = `t${randomBytes(5).toString('hex')}`;
    await acquire({ maxNodeId: 1 });
    await acquire({ maxNodeId: 1 });
    await expect(acquire({ maxNodeId: 1 })).rejects.toMatchObject({ code: 'CLUSTER_NO_FREE_NODE_ID', retryable: true });
  });

  it('keeps a refreshed id past the TTL and frees the id of a node that died', async () => {
    prefix = `t${randomBytes(5).toString('hex')}`;
    const options = { ttlMs: 1_000, refreshIntervalMs: 200 };
    const live = await acquire(options);
    const doomedNc = await connect();
    const doomed = await acquire(options, doomedNc);
    expect([live.nodeId, doomed.nodeId]).toEqual([0, 1]);
    await doomedNc.close(); // dies: no release, no refresh
    const kv = await bucket();
    await waitForAsync(async () => (await kv.get('node.1')) === null, 10_000, 'the dead node id expires');
    expect(await kv.get('node.0')).not.toBeNull();
    expect(live.isHeld).toBe(true);
    expect((await acquire(options)).nodeId).toBe(1);
  });

  it('reports the lease lost when another node took the id over', async () => {
    prefix = `t${randomBytes(5).toString('hex')}`;
    const lease = await acquire({ refreshIntervalMs: 50 });
    let lost = 0;
    lease.onLost(() => lost++);
    await (await bucket()).put(`node.${lease.nodeId}`, 'someone else');
    await waitFor(() => lost === 1, 5_000, 'lost event');
    expect(lease.isHeld).toBe(false);
  });
});
