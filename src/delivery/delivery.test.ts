import { afterEach, describe, expect, it } from 'vitest';
import { createUnitGateway } from '../../test/helpers/unit-gateway.js';
import { waitFor } from '../../test/helpers/wait-for.js';
import { MemoryHub } from '../bus/index.js';
import { joinMemoryCluster, type ClusterNode } from '../cluster/index.js';
import { systemClock } from '../core/index.js';
import { silentLogger } from '../log/index.js';
import { MemoryPresence } from '../presence/index.js';
import { Delivery } from './delivery.js';
import { readPeerMessage } from './peer-messages.js';
import { LocalPeers } from './peers.js';

const notice = { action: 'notify.login', data: { uid: 1, device: 2 } };

describe('Delivery', () => {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
  });

  /** A node of a two-node in-process cluster: its gateway, cluster node and Delivery. */
  const startNodes = async () => {
    const hub = new MemoryHub();
    const presence = new MemoryPresence();
    const nodes: (ReturnType<typeof createUnitGateway> & { cluster: ClusterNode; delivery: Delivery; nodeId: number })[] = [];
    for (const nodeId of [1, 2]) {
      const unit = createUnitGateway();
      const cluster: ClusterNode = joinMemoryCluster({ hub, presence }, { nodeId, requestTimeoutMs: 2_000, heartbeatIntervalMs: 100, leaseMs: 600 }, { log: silentLogger(), clock: systemClock });
      const delivery = new Delivery({ connections: unit.gateway, peers: cluster.peers });
      closers.push(unit.close, () => cluster.close());
      await cluster.start();
      nodes.push({ ...unit, cluster, delivery, nodeId });
    }
    await waitFor(() => nodes.every((n) => n.cluster.bus.members().length === 2), 5_000, 'both nodes live');
    const open = async (node: (typeof nodes)[number], uid: number) => {
      const probe = node.open(uid);
      await presence.add(uid, 1, node.nodeId, probe.conn.id);
      return probe;
    };
    return { nodes: [nodes[0]!, nodes[1]!] as const, open, hub };
  };

  it('pushes to every local connection of the users but the excepted one, and to no other node when alone', async () => {
    const unit = createUnitGateway();
    closers.push(unit.close);
    const delivery = new Delivery({ connections: unit.gateway, peers: new LocalPeers() });
    const [a1, a2, b] = [unit.open(1), unit.open(1, 2), unit.open(2)];
    expect(delivery.push([1, 2], notice, { except: delivery.ref(a2.conn) })).toBe(2);
    await waitFor(() => a1.frames().length === 1 && b.frames().length === 1, 2_000, 'the notice');
    expect(a1.framesOf('notify.login')[0]!.data).toEqual({ uid: '1', device: 2 });
    expect(a2.frames()).toEqual([]);
    expect(delivery.isOnline(1)).toBe(true);
    expect(delivery.isOnline(3)).toBe(false);
    expect(delivery.unavailable()).toBeUndefined();
  });

  it('delivers on this node first, then one peer message per other node with the receivers there', async () => {
    const { nodes, open } = await startNodes();
    const [n1, n2] = nodes;
    const here = await open(n1, 1);
    const there = [await open(n2, 1), await open(n2, 2)];
    expect(n1.delivery.push([1, 2, 3], notice)).toBe(1);
    for (const probe of [here, ...there]) await waitFor(() => probe.framesOf('notify.login').length === 1, 5_000, 'the notice on every node');
    expect(n1.cluster.crossings.snapshot()).toEqual({ 'deliver.push': 1 });
    expect(n2.delivery.isOnline(1) && n1.delivery.isOnline(2)).toBe(true);
  });

  it("skips the sender's connection on its node, and sends that node nothing when it holds no other", async () => {
    const { nodes, open } = await startNodes();
    const [n1, n2] = nodes;
    const sender = await open(n2, 1);
    const ref = n2.delivery.ref(sender.conn);
    n1.delivery.push([1], notice, { except: ref });
    expect(n1.cluster.crossings.total()).toBe(0);
    const other = await open(n2, 1);
    n1.delivery.push([1], notice, { except: ref });
    await waitFor(() => other.framesOf('notify.login').length === 1, 5_000, 'the other device');
    expect(n1.cluster.crossings.snapshot()).toEqual({ 'deliver.push': 1 });
    expect(sender.frames()).toEqual([]);
  });

  it("writes a peer's ack.notify after the continuations of a reply that came with it (ack.message first)", async () => {
    const { nodes, open } = await startNodes();
    const [owner, here] = nodes;
    const sender = await open(here, 1);
    const receipt = { action: 'ack.notify', data: { mid: 7, from: 2 } };
    // The owner answers the send, then (same turn, same batch) relays the receiver's receipt of it.
    owner.cluster.bus.handle('test.send', () => {
      queueMicrotask(() => owner.delivery.push([1], receipt));
      return new Uint8Array([7]);
    });
    const acked = here.cluster.bus.request(owner.nodeId, 'test.send', new Uint8Array(), 2_000).then(() => sender.conn.push({ action: 'ack.message', data: { mid: 7 } }));
    await acked;
    await waitFor(() => sender.frames().length === 2, 5_000, 'the ack and the receipt');
    expect(sender.frames().map((f) => f.action)).toEqual(['ack.message', 'ack.notify']);
  });

  it('reports the other nodes out of reach while the bus is down', async () => {
    const { nodes, hub } = await startNodes();
    hub.disconnect(nodes[0].nodeId);
    expect(nodes[0].delivery.unavailable()).toMatch(/bus is down/);
    expect(nodes[1].delivery.unavailable()).toBeUndefined();
    hub.reconnect(nodes[0].nodeId);
    await waitFor(() => nodes[0].delivery.unavailable() === undefined, 5_000, 'the bus back');
  });
});

describe('the peer message catalogue', () => {
  it('accepts each well-formed message and refuses unknown types and malformed bodies', () => {
    expect(readPeerMessage({ type: 'blocklist.changed', owner: 7 })).toEqual({ type: 'blocklist.changed', owner: 7 });
    expect(readPeerMessage({ type: 'deliver', uids: [1], item: { kind: 'push', envelope: notice } }).type).toBe('deliver');
    expect(() => readPeerMessage({ type: 'chat.new', owner: 7 })).toThrow(/chat.new/);
    expect(() => readPeerMessage({ type: 'chat.receipt', mid: 'x', uid: 1 })).toThrow(/not in the catalogue or malformed/);
    expect(() => readPeerMessage({ type: 'deliver', uids: [1], item: { kind: 'unknown' } })).toThrow();
    expect(() => readPeerMessage('deliver')).toThrow();
  });
});
