import { afterEach, describe, expect, it } from 'vitest';
import { GlideError } from '../../src/core/index.js';
import type { Bus, BusMessage, MembershipEvent, NodeId } from '../../src/bus/index.js';
import { waitFor } from '../helpers/wait-for.js';

export interface BusTiming {
  heartbeatIntervalMs: number;
  leaseMs: number;
}

/** One isolated network (a MemoryHub, or a fresh subject prefix on NATS) on which nodes start. */
export interface BusNetwork {
  /** A started node (NatsBus: on its own connection, as a separate process would be). */
  start(nodeId: NodeId, timing?: BusTiming): Promise<Bus>;
  /** The node's process dies: no leave is sent, it stops heartbeating and answering. */
  kill(bus: Bus): Promise<void>;
  /** Closes every node and connection still open. */
  dispose(): Promise<void>;
}

export type BusNetworkFactory = () => Promise<BusNetwork>;

const SLOW: BusTiming = { heartbeatIntervalMs: 1_000, leaseMs: 60_000 };
const FAST: BusTiming = { heartbeatIntervalMs: 40, leaseMs: 400 };

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const text = (data: Uint8Array): string => new TextDecoder().decode(data);

async function rejection(promise: Promise<unknown>): Promise<GlideError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof GlideError) return err;
    throw err;
  }
  throw new Error('expected a rejection');
}

/** The one contract every Bus engine passes. */
export function runBusContract(name: string, makeNetwork: BusNetworkFactory): void {
  describe(`Bus contract on ${name}`, () => {
    let network: BusNetwork | undefined;
    const net = async (): Promise<BusNetwork> => (network ??= await makeNetwork());

    afterEach(async () => {
      await network?.dispose();
      network = undefined;
    });

    describe('membership', () => {
      it('lists the node itself once started, and is connected', async () => {
        const a = await (await net()).start(1, SLOW);
        expect(a.nodeId).toBe(1);
        expect(a.members()).toEqual([1]);
        expect(a.isConnected).toBe(true);
      });

      it('gives a starting node the complete member list by the time start() resolves', async () => {
        const n = await net();
        await n.start(3, SLOW);
        await n.start(1, SLOW);
        const c = await n.start(2, SLOW);
        expect(c.members()).toEqual([1, 2, 3]);
      });

      it('tells the running nodes about a join, with the new member list', async () => {
        const n = await net();
        const a = await n.start(1, SLOW);
        const events: MembershipEvent[] = [];
        a.onMembership((event) => events.push(event));
        await n.start(2, SLOW);
        await waitFor(() => events.length === 1, 5_000, 'join event');
        expect(events[0]).toEqual({ kind: 'join', node: 2, members: [1, 2] });
        expect(a.members()).toEqual([1, 2]);
      });

      it('converges when several nodes start at once', async () => {
        const n = await net();
        const nodes = await Promise.all([1, 2, 3, 4].map((id) => n.start(id, SLOW)));
        await waitFor(() => nodes.every((bus) => bus.members().length === 4), 5_000, 'all four see all four');
      });

      it('sees a closed node leave at once, long before its lease', async () => {
        const n = await net();
        const a = await n.start(1, SLOW);
        const b = await n.start(2, SLOW);
        await waitFor(() => a.members().length === 2, 5_000, 'b joined');
        const events: MembershipEvent[] = [];
        a.onMembership((event) => events.push(event));
        await b.close();
        await waitFor(() => events.length === 1, 5_000, 'leave event');
        expect(events[0]).toEqual({ kind: 'leave', node: 2, members: [1] });
        expect(b.isConnected).toBe(false);
      });

      it('drops a node that stops heartbeating once its lease runs out', async () => {
        const n = await net();
        const a = await n.start(1, FAST);
        const b = await n.start(2, FAST);
        await waitFor(() => a.members().length === 2, 5_000, 'b joined');
        const events: MembershipEvent[] = [];
        a.onMembership((event) => events.push(event));
        await n.kill(b);
        await waitFor(() => events.length === 1, 5_000, 'lease expiry');
        expect(events[0]).toMatchObject({ kind: 'leave', node: 2, members: [1] });
      });

      it('keeps a live node across many lease periods', async () => {
        const n = await net();
        // Leases long enough that a loaded test machine's event-loop stalls never look like a death.
        const steady: BusTiming = { heartbeatIntervalMs: 100, leaseMs: 1_500 };
        const a = await n.start(1, steady);
        await n.start(2, steady);
        await waitFor(() => a.members().length === 2, 5_000, 'the second node seen');
        const events: MembershipEvent[] = [];
        a.onMembership((event) => events.push(event));
        // The one wait on time itself: "nothing happens" needs several leases to pass.
        const until = Date.now() + 3 * steady.leaseMs;
        await waitFor(() => Date.now() >= until, 10_000, 'four leases');
        expect(events).toEqual([]);
        expect(a.members()).toEqual([1, 2]);
      });

      it('takes a restarted node (same id, new process) as a leave and a join', async () => {
        const n = await net();
        const a = await n.start(1, SLOW);
        const b = await n.start(2, SLOW);
        await waitFor(() => a.members().length === 2, 5_000, 'b joined');
        const events: MembershipEvent[] = [];
        a.onMembership((event) => events.push(event));
        await n.kill(b);
        await n.start(2, SLOW);
        await waitFor(() => events.length === 2, 5_000, 'restart seen');
        expect(events.map((e) => `${e.kind}:${e.node}`)).toEqual(['leave:2', 'join:2']);
        expect(a.members()).toEqual([1, 2]);
      });

      it('refuses to start a second live node with the same id', async () => {
        const n = await net();
        const first = await n.start(1, SLOW);
        const err = await rejection(n.start(1, SLOW));
        expect(err).toMatchObject({ code: 'CLUSTER_NODE_ID_TAKEN', retryable: false });
        expect(first.members()).toEqual([1]);
      });
    });

    describe('publish and broadcast', () => {
      it('delivers to one node with the sender, topic and kind', async () => {
        const n = await net();
        const a = await n.start(1, SLOW);
        const b = await n.start(2, SLOW);
        const got: BusMessage[] = [];
        b.handle('t.one', (message) => void got.push(message));
        await waitFor(() => a.members().length === 2, 5_000, 'b joined');
        await flushHandlers(a, b);
        a.publish(2, 't.one', bytes('hi'));
        await waitFor(() => got.length === 1, 5_000, 'delivery');
        expect(got[0]).toMatchObject({ topic: 't.one', kind: 'publish', from: 1 });
        expect(text(got[0]!.payload)).toBe('hi');
      });

      it('keeps the order of one sender to one receiver, across topics', async () => {
        const n = await net();
        const a = await n.start(1, SLOW);
        const b = await n.start(2, SLOW);
        const got: string[] = [];
        b.handle('t.a', (m) => void got.push(text(m.payload)));
        b.handle('t.b', (m) => void got.push(text(m.payload)));
        await flushHandlers(a, b);
        const sent: string[] = [];
        for (let i = 0; i < 2_000; i++) {
          sent.push(String(i));
          a.publish(2, i % 3 === 0 ? 't.b' : 't.a', bytes(String(i)));
        }
        await waitFor(() => got.length === sent.length, 10_000, 'all delivered');
        expect(got).toEqual(sent);
      });

      it('delivers to the node itself', async () => {
        const a = await (await net()).start(1, SLOW);
        const got: number[] = [];
        a.handle('t.self', (m) => void got.push(m.from));
        await flushHandlers(a, a);
        a.publish(1, 't.self', bytes('x'));
        await waitFor(() => got.length === 1, 5_000, 'self delivery');
        expect(got).toEqual([1]);
      });

      it('drops a publish to a node without a handler or gone, without an error', async () => {
        const n = await net();
        const a = await n.start(1, SLOW);
        await n.start(2, SLOW);
        expect(() => a.publish(2, 't.none', bytes('x'))).not.toThrow();
        expect(() => a.publish(77, 't.none', bytes('x'))).not.toThrow();
      });

      it('broadcasts to every node that handles the topic, the sender included', async () => {
        const n = await net();
        const nodes = await Promise.all([1, 2, 3].map((id) => n.start(id, SLOW)));
        const got: string[] = [];
        for (const bus of nodes) bus.handle('t.all', (m) => void got.push(`${bus.nodeId}<${m.from}:${m.kind}`));
        await flushHandlers(nodes[0]!, ...nodes);
        nodes[1]!.broadcast('t.all', bytes('x'));
        await waitFor(() => got.length === 3, 5_000, 'three deliveries');
        expect(got.sort()).toEqual(['1<2:broadcast', '2<2:broadcast', '3<2:broadcast']);
      });

      it('stops delivering to a removed handler, and lets the topic be handled again', async () => {
        const n = await net();
        const a = await n.start(1, SLOW);
        const remove = a.handle('t.x', () => undefined);
        expect(() => a.handle('t.x', () => undefined)).toThrow(/already has a handler/);
        remove();
        await expect(a.request(1, 't.x', bytes(''), 5_000)).rejects.toMatchObject({ code: 'CLUSTER_NO_RESPONDER' });
        a.handle('t.x', () => bytes('again'));
        await flushHandlers(a, a);
        expect(text(await a.request(1, 't.x', bytes(''), 5_000))).toBe('again');
      });

      it('fails every send with CLUSTER_CLOSED after close; close is idempotent', async () => {
        const a = await (await net()).start(1, SLOW);
        await a.close();
        await a.close();
        expect(() => a.publish(1, 't.x', bytes(''))).toThrow(expect.objectContaining({ code: 'CLUSTER_CLOSED' }));
        expect(() => a.broadcast('t.x', bytes(''))).toThrow(expect.objectContaining({ code: 'CLUSTER_CLOSED' }));
        await expect(a.request(1, 't.x', bytes(''), 100)).rejects.toMatchObject({ code: 'CLUSTER_CLOSED' });
      });

      it('rejects a topic that is not a plain subject (a bug)', async () => {
        const a = await (await net()).start(1, SLOW);
        expect(() => a.handle('a.*', () => undefined)).toThrow(/bad bus topic/);
        expect(() => a.publish(1, 'a b', bytes(''))).toThrow(/bad bus topic/);
      });
    });

    describe('request', () => {
      it('resolves with the reply of a sync or async handler; nothing returned is an empty reply', async () => {
        const n = await net();
        const a = await n.start(1, SLOW);
        const b = await n.start(2, SLOW);
        b.handle('r.sync', (m) => bytes(`sync:${text(m.payload)}:${m.from}:${m.kind}`));
        b.handle('r.async', async (m) => bytes(`async:${text(m.payload)}`));
        b.handle('r.void', () => undefined);
        await flushHandlers(a, b);
        expect(text(await a.request(2, 'r.sync', bytes('1'), 5_000))).toBe('sync:1:1:request');
        expect(text(await a.request(2, 'r.async', bytes('2'), 5_000))).toBe('async:2');
        expect((await a.request(2, 'r.void', bytes(''), 5_000)).length).toBe(0);
      });

      it('rejects with a retryable CLUSTER_NO_RESPONDER for a missing handler or node, without waiting for the timeout', async () => {
        const n = await net();
        const a = await n.start(1, SLOW);
        await n.start(2, SLOW);
        // A timeout would show as CLUSTER_TIMEOUT (and outlast the test): the refusal is immediate.
        const missing = await rejection(a.request(2, 'r.none', bytes(''), 30_000));
        const gone = await rejection(a.request(99, 'r.none', bytes(''), 30_000));
        expect(missing).toMatchObject({ code: 'CLUSTER_NO_RESPONDER', retryable: true });
        expect(gone).toMatchObject({ code: 'CLUSTER_NO_RESPONDER', retryable: true });
      });

      it('rejects with a retryable CLUSTER_TIMEOUT when the handler does not answer in time', async () => {
        const n = await net();
        const a = await n.start(1, SLOW);
        const b = await n.start(2, SLOW);
        b.handle('r.slow', () => new Promise<Uint8Array>(() => undefined));
        await flushHandlers(a, b);
        await expect(a.request(2, 'r.slow', bytes(''), 150)).rejects.toMatchObject({ code: 'CLUSTER_TIMEOUT', retryable: true });
      });

      it('times each request out by its own deadline, a short one behind a long one too', async () => {
        const n = await net();
        const a = await n.start(1, SLOW);
        const b = await n.start(2, SLOW);
        b.handle('r.slow', () => new Promise<Uint8Array>(() => undefined));
        await flushHandlers(a, b);
        const long = rejection(a.request(2, 'r.slow', bytes(''), 1_500));
        const startedAt = Date.now();
        await expect(a.request(2, 'r.slow', bytes(''), 100)).rejects.toMatchObject({ code: 'CLUSTER_TIMEOUT' });
        expect(Date.now() - startedAt).toBeLessThan(1_000);
        expect(await long).toMatchObject({ code: 'CLUSTER_TIMEOUT' });
        expect(Date.now() - startedAt).toBeGreaterThanOrEqual(1_400);
      });

      it('passes a handler GlideError through with its code; any other throw is CLUSTER_REMOTE_FAILED', async () => {
        const n = await net();
        const a = await n.start(1, SLOW);
        const b = await n.start(2, SLOW);
        b.handle('r.glide', () => {
          throw new GlideError('GROUP_NOT_FOUND', 'gid 7');
        });
        b.handle('r.bug', async () => {
          throw new Error('boom');
        });
        await flushHandlers(a, b);
        const glide = await rejection(a.request(2, 'r.glide', bytes(''), 5_000));
        expect(glide).toMatchObject({ code: 'GROUP_NOT_FOUND', retryable: false });
        expect(glide.message).toContain('gid 7');
        const bug = await rejection(a.request(2, 'r.bug', bytes(''), 5_000));
        expect(bug).toMatchObject({ code: 'CLUSTER_REMOTE_FAILED' });
        expect(bug.message).not.toContain('boom');
      });

      it('rejects requests to a killed node as retryable', async () => {
        const n = await net();
        const a = await n.start(1, SLOW);
        const b = await n.start(2, SLOW);
        b.handle('r.echo', (m) => m.payload);
        await flushHandlers(a, b);
        await n.kill(b);
        const err = await rejection(a.request(2, 'r.echo', bytes(''), 300));
        expect(err.retryable).toBe(true);
        expect(['CLUSTER_NO_RESPONDER', 'CLUSTER_TIMEOUT']).toContain(err.code);
      });

      it('orders requests after earlier publishes of the same sender', async () => {
        const n = await net();
        const a = await n.start(1, SLOW);
        const b = await n.start(2, SLOW);
        let count = 0;
        b.handle('o.add', () => void count++);
        b.handle('o.get', () => bytes(String(count)));
        await flushHandlers(a, b);
        for (let i = 0; i < 100; i++) a.publish(2, 'o.add', bytes(''));
        expect(text(await a.request(2, 'o.get', bytes(''), 5_000))).toBe('100');
      });
    });
  });
}

/**
 * Waits until `from` can reach every handler of `targets`: a request per node on a probe topic.
 * (NatsBus subscriptions become live one round trip after `handle`.)
 */
async function flushHandlers(from: Bus, ...targets: Bus[]): Promise<void> {
  for (const target of new Set(targets)) {
    const remove = target.handle('probe.ready', () => undefined);
    try {
      const deadline = Date.now() + 5_000;
      for (;;) {
        try {
          await from.request(target.nodeId, 'probe.ready', new Uint8Array(0), 1_000);
          break;
        } catch (err) {
          if (Date.now() > deadline) throw err;
        }
      }
    } finally {
      remove();
    }
  }
}
