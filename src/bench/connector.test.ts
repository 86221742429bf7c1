import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { DEFAULTS } from '../config/index.js';
import { Connector, keepAlivePeriodSlots, slotsDue } from './connector.js';
import type { WorkerPlan } from './types.js';

function plan(nodes: number, users: number, wsUrls?: string[]): WorkerPlan {
  return {
    workerIndex: 0,
    wsUrls: wsUrls ?? Array.from({ length: nodes }, (_, i) => `ws://127.0.0.1:${10_000 + i}/ws`),
    target: 'relay',
    codec: 'json',
    users: Array.from({ length: users }, (_, i) => ({ uid: i + 1, token: '', node: nodes - 1 })),
    sourceAddresses: ['127.0.0.1'],
    connectRate: 1000,
    connectConcurrency: 50,
    upgradeConcurrency: 50,
    heartbeatMs: 1000,
    runTag: 'test',
  };
}

describe('Connector', () => {
  let server: WebSocketServer | undefined;
  let connector: Connector | undefined;
  afterEach(async () => {
    connector?.closeAll();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    server = undefined;
    connector = undefined;
  });

  it("spreads a dead node's clients over every other node on failover", () => {
    const c = new Connector(plan(6, 50));
    for (const peer of c.peers) c.failover(peer);
    const landed = new Map<number, number>();
    for (const peer of c.peers) landed.set(peer.node, (landed.get(peer.node) ?? 0) + 1);
    expect([...landed.keys()].sort()).toEqual([0, 1, 2, 3, 4]);
    expect(Math.min(...landed.values())).toBe(10);
  });

  it('moves to the other node when there are two', () => {
    const c = new Connector(plan(2, 4));
    for (const peer of c.peers) c.failover(peer);
    expect(c.peers.map((peer) => peer.node)).toEqual([0, 0, 0, 0]);
  });

  it('never leaves a socket quiet long enough for the server to beat it first, at the default heartbeats', () => {
    const heartbeatMs = 20_000; // the bench's --heartbeat default
    const longestQuietMs = 0.8 * heartbeatMs + keepAlivePeriodSlots(heartbeatMs) * 1000;
    expect(longestQuietMs).toBeLessThan(DEFAULTS.gateway.heartbeatIntervalMs);
  });

  it('looks at every keepalive slot a late tick missed, all of them after a long stall', () => {
    expect(slotsDue(100, 101, 20)).toEqual([1]);
    expect(slotsDue(100, 100, 20)).toEqual([]);
    // A worker that ticked 5 s late: five slots, else those sockets wait a whole period more.
    expect(slotsDue(100, 105, 20).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5]);
    expect(slotsDue(100, 160, 20).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it('keeps idle connections alive with heartbeats from the moment they open', async () => {
    server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise((resolve) => server!.once('listening', resolve));
    const address = server.address();
    if (typeof address !== 'object' || address === null) throw new Error('no address');
    const beats: string[] = [];
    server.on('connection', (ws) => ws.on('message', (data: Buffer) => beats.push(data.toString())));
    connector = new Connector(plan(1, 4, [`ws://127.0.0.1:${address.port}/ws`]));
    const result = await connector.openAll(() => undefined);
    expect(result.opened).toBe(4);
    // heartbeatMs 1 s: each socket is looked at every tick and beats once it was quiet for 0.8 s.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(beats.filter((frame) => frame.includes('"heartbeat"')).length).toBeGreaterThanOrEqual(4);
    const held = await connector.hold(1_200);
    expect(held).toMatchObject({ alive: 4, closed: 0, lostBefore: 0 });
    expect(held.heartbeats).toBeGreaterThanOrEqual(4);
  });

  it('runs at most upgradeConcurrency upgrades at once when many peers reopen together, the rest in turn', async () => {
    // A node that answers each upgrade 30 ms late: the peers of a dead node all reopening at once pile up here.
    server = new WebSocketServer({ noServer: true });
    const http = createServer();
    let pending = 0;
    let maxPending = 0;
    http.on('upgrade', (req, socket, head) => {
      maxPending = Math.max(maxPending, ++pending);
      setTimeout(() => {
        pending--;
        server!.handleUpgrade(req, socket, head, () => undefined);
      }, 30);
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    try {
      connector = new Connector({ ...plan(1, 12, [`ws://127.0.0.1:${(http.address() as AddressInfo).port}/ws`]), upgradeConcurrency: 3 });
      const sockets = await Promise.all(connector.peers.map((peer) => connector!.open(peer)));
      expect(sockets.every((socket) => socket.isOpen)).toBe(true);
      expect(maxPending).toBe(3);
    } finally {
      connector?.closeAll();
      http.close();
    }
  });

  it('opens again after the wait a node asked for instead of counting the connection failed', async () => {
    // A node whose sign-in line is backed up for the first two upgrades: 503 with Retry-After, then it accepts.
    server = new WebSocketServer({ noServer: true });
    const http = createServer();
    let refusals = 0;
    http.on('upgrade', (req, socket, head) => {
      if (refusals++ < 2) return socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nRetry-After: 0\r\nContent-Length: 0\r\n\r\n');
      server!.handleUpgrade(req, socket, head, () => undefined);
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    try {
      connector = new Connector(plan(1, 1, [`ws://127.0.0.1:${(http.address() as AddressInfo).port}/ws`]));
      const result = await connector.openAll(() => undefined);
      expect(result).toMatchObject({ opened: 1, failed: 0 });
      expect(refusals).toBe(3);
    } finally {
      connector?.closeAll();
      http.close();
    }
  });
});

