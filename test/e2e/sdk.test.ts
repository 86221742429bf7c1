import { WebSocket } from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { GlideClient, isClientError, webSocketTransport, type ClientOptions, type Message, type TransportFactory } from '../../src/client/index.js';
import { tcpTransport } from '../../src/client/node/index.js';
import { registerUser, signin, type TestUser } from '../helpers/api-client.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { waitFor } from '../helpers/wait-for.js';

/** A WebSocket transport the test can cut (frames in flight are lost) and filter. */
class Tap {
  readonly sent: string[] = [];
  dropInbound: (frame: string) => boolean = () => false;
  private cut: (() => void) | undefined;

  constructor(private readonly url: string) {}

  readonly factory: TransportFactory = (handlers, codec) => {
    const inner = webSocketTransport(this.url, WebSocket)(
      {
        onOpen: () => handlers.onOpen(),
        onFrame: (frame) => {
          if (typeof frame === 'string' && this.dropInbound(frame)) return;
          handlers.onFrame(frame);
        },
        onClose: (code, reason) => handlers.onClose(code, reason),
      },
      codec,
    );
    this.cut = () => inner.close(4999, 'cut by the test');
    return {
      send: (frame) => {
        if (typeof frame === 'string') this.sent.push(frame);
        inner.send(frame);
      },
      close: (code, reason) => inner.close(code, reason),
    };
  };

  /** Drops the connection from the client side, as a network failure would. */
  drop(): void {
    this.cut?.();
  }
}

const FAST: Partial<ClientOptions> = { reconnect: { initialDelayMs: 50, maxDelayMs: 200 }, ackTimeoutMs: 300, gapWaitMs: 100 };

describe('SDK against a real server', () => {
  let server: TestServer | undefined;
  const clients: GlideClient[] = [];

  async function connect(user: TestUser, options: Partial<ClientOptions> = {}): Promise<GlideClient> {
    const client = new GlideClient({ url: `http://127.0.0.1:${server!.httpPort}`, WebSocket, ...FAST, ...options });
    clients.push(client);
    await client.connect(user.token);
    return client;
  }

  function collect(client: GlideClient): Message[] {
    const messages: Message[] = [];
    client.on('message', (message) => messages.push(message));
    return messages;
  }

  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await server?.close();
    server = undefined;
  });

  it('loses and duplicates nothing when both sides reconnect in the middle of a stream', async () => {
    // A burst well above the default per-connection rate limit.
    server = await startTestServer({ messaging: { maxMessagesPerSecond: 10_000 } });
    const [alice, bob] = [await registerUser(server), await registerUser(server)];
    const bobTap = new Tap(server.wsUrl);
    const aliceTap = new Tap(server.wsUrl);
    const b = await connect(bob, { transport: bobTap.factory });
    const a = await connect(alice, { transport: aliceTap.factory });
    const received = collect(b);
    const reconnects = { a: 0, b: 0 };
    a.on('state', (change) => change.state === 'reconnecting' && reconnects.a++);
    b.on('state', (change) => change.state === 'reconnecting' && reconnects.b++);
    const total = 300;
    const sends: Promise<unknown>[] = [];
    for (let i = 0; i < total; i++) {
      sends.push(a.send(bob.uid, `m${i}`));
      if (i === 150) aliceTap.drop();
      if (i % 25 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    await waitFor(() => received.length >= 60, 10_000, 'bob to be mid-stream');
    const receivedAtDrop = received.length;
    bobTap.drop();
    const acks = (await Promise.all(sends)) as { mid: number }[];
    expect(new Set(acks.map((ack) => ack.mid)).size).toBe(total);
    await waitFor(() => received.length >= total, 15_000, 'every message at bob');
    // One more message after everything: anything duplicated would have come before it.
    await a.send(bob.uid, 'end');
    await waitFor(() => received.some((m) => m.content === 'end'), 10_000, 'the end marker');
    expect(received.map((m) => m.content)).toEqual([...Array.from({ length: total }, (_, i) => `m${i}`), 'end']);
    expect(new Set(received.map((m) => m.mid)).size).toBe(total + 1);
    expect(received.every((m) => m.conversation === `chat:${alice.uid}` && !m.isOwn)).toBe(true);
    expect(receivedAtDrop).toBeLessThan(total);
    expect(reconnects).toEqual({ a: 1, b: 1 });
  });

  it('holds messages after a hole in the inbox and fills it with a sync, in order', async () => {
    server = await startTestServer();
    const [alice, bob] = [await registerUser(server), await registerUser(server)];
    const tap = new Tap(server.wsUrl);
    // Lost on a connection that stays up: only the inbox seq shows the hole.
    tap.dropInbound = (frame) => frame.includes('"content":"m2"') || frame.includes('"content":"m3"');
    const b = await connect(bob, { transport: tap.factory });
    const received = collect(b);
    const a = await connect(alice);
    for (let i = 1; i <= 5; i++) await a.send(bob.uid, `m${i}`);
    await waitFor(() => received.length >= 5, 5_000, 'all five messages');
    expect(received.map((m) => m.content)).toEqual(['m1', 'm2', 'm3', 'm4', 'm5']);
    expect(received.map((m) => m.source)).toEqual(['live', 'sync', 'sync', 'live', 'live']);
  });

  it('gives one message when the ack is dropped and the client resends', async () => {
    server = await startTestServer();
    const [alice, bob] = [await registerUser(server), await registerUser(server)];
    const tap = new Tap(server.wsUrl);
    let droppedAcks = 0;
    tap.dropInbound = (frame) => frame.includes('"action":"ack.message"') && droppedAcks++ === 0;
    const a = await connect(alice, { transport: tap.factory });
    const b = await connect(bob);
    const received = collect(b);
    const result = await a.send(bob.uid, 'only once');
    expect(droppedAcks).toBeGreaterThanOrEqual(1);
    expect(tap.sent.filter((f) => f.includes('"action":"message.chat.retry"')).length).toBeGreaterThanOrEqual(1);
    await a.send(bob.uid, 'after');
    await waitFor(() => received.length >= 2, 5_000, 'both messages');
    expect(received.map((m) => [m.mid, m.content])).toEqual([
      [result.mid, 'only once'],
      [expect.any(Number), 'after'],
    ]);
  });

  it('gives one message when the connection drops before the ack', async () => {
    server = await startTestServer();
    const [alice, bob] = [await registerUser(server), await registerUser(server)];
    const tap = new Tap(server.wsUrl);
    const a = await connect(alice, { transport: tap.factory });
    const b = await connect(bob);
    const received = collect(b);
    tap.dropInbound = (frame) => frame.includes('"action":"ack.message"');
    const sending = a.send(bob.uid, 'through a reconnect');
    await waitFor(() => tap.sent.some((f) => f.includes('through a reconnect')), 5_000, 'the first send');
    tap.dropInbound = () => false;
    tap.drop();
    const result = await sending;
    await waitFor(() => received.length >= 1, 5_000, 'the message');
    await a.send(bob.uid, 'marker');
    await waitFor(() => received.length >= 2, 5_000, 'the marker');
    expect(received.map((m) => m.content)).toEqual(['through a reconnect', 'marker']);
    expect(received[0]!.mid).toBe(result.mid);
  });

  it('fires kicked when the same device signs in elsewhere, and stays closed', async () => {
    server = await startTestServer();
    const bob = await registerUser(server);
    const first = await connect(bob);
    const kicked = first.once('kicked');
    const again = await signin(server, bob.account, bob.password, 2);
    await connect(again);
    expect((await kicked).reason).toMatch(/another device/);
    expect(first.state).toBe('closed');
    await expect(first.send(1, 'too late')).rejects.toSatisfy((err: unknown) => isClientError(err, 'NOT_CONNECTED'));
  });

  it('reports delivery, read receipts, typing and recall', async () => {
    server = await startTestServer();
    const [alice, bob] = [await registerUser(server), await registerUser(server)];
    const a = await connect(alice);
    const b = await connect(bob);
    const received = collect(b);
    const delivered = a.once('delivered');
    const sent = await a.send(bob.uid, 'hi');
    expect(await delivered).toEqual({ mid: sent.mid, peer: bob.uid });
    await waitFor(() => received.length === 1, 5_000, 'the message');
    const typing = a.once('typing');
    b.typing(alice.uid);
    expect(await typing).toEqual({ from: bob.uid, to: alice.uid });
    const read = a.once('read');
    await b.markRead(alice.uid, sent.mid);
    expect(await read).toEqual({ kind: 'chat', peer: bob.uid, mid: sent.mid });
    const recalled = b.once('recall');
    await a.recall(`chat:${bob.uid}`, sent.mid);
    expect(await recalled).toEqual({ conversation: `chat:${alice.uid}`, mid: sent.mid, by: alice.uid });
    expect((await b.cached(`chat:${alice.uid}`))[0]).toMatchObject({ mid: sent.mid, status: 1 });
  });

  it('searches what the user can read, typed, 1:1 and group hits alike', async () => {
    server = await startTestServer();
    const [alice, bob] = [await registerUser(server), await registerUser(server)];
    const a = await connect(alice);
    const gid = await a.api.groups.create('team', [bob.uid]);
    const chat = await a.send(bob.uid, 'ferry at noon');
    const post = await a.sendGroup(gid, 'the ferry is late');
    const b = await connect(bob);
    const page = await b.api.messages.search('ferry', { limit: 1 });
    expect(page.messages).toEqual([expect.objectContaining({ mid: post.mid, kind: 'group', conversation: `group:${gid}`, from: alice.uid, content: 'the ferry is late' })]);
    const next = await b.api.messages.search('ferry', { cursor: page.cursor });
    expect(next).toEqual({ messages: [expect.objectContaining({ mid: chat.mid, kind: 'chat', conversation: `chat:${alice.uid}`, isOwn: false })] });
    expect((await b.api.messages.search('ferry', { peer: alice.uid })).messages.map((m) => m.mid)).toEqual([chat.mid]);
  });

  it('pulls a group gap and keeps group order, also across a reconnect', async () => {
    server = await startTestServer();
    const [alice, bob] = [await registerUser(server), await registerUser(server)];
    const tap = new Tap(server.wsUrl);
    tap.dropInbound = (frame) => frame.includes('"content":"g2"') || frame.includes('"content":"g3"');
    const a = await connect(alice);
    const gid = await a.api.groups.create('team', [bob.uid]);
    const b = await connect(bob, { transport: tap.factory });
    const received: Message[] = [];
    b.on('groupMessage', (message) => received.push(message));
    for (let i = 1; i <= 5; i++) await a.sendGroup(gid, `g${i}`);
    await waitFor(() => received.length >= 5, 5_000, 'five group messages');
    expect(received.map((m) => m.content)).toEqual(['g1', 'g2', 'g3', 'g4', 'g5']);
    expect(received.filter((m) => m.source === 'sync').map((m) => m.content)).toEqual(['g2', 'g3']);
    expect(received.every((m) => m.conversation === `group:${gid}` && m.from === alice.uid)).toBe(true);
    // Offline while the group goes on: the reconnect brings the rest, once each.
    tap.dropInbound = () => true;
    for (let i = 6; i <= 8; i++) await a.sendGroup(gid, `g${i}`);
    tap.dropInbound = () => false;
    tap.drop();
    await waitFor(() => received.length >= 8, 10_000, 'the messages sent while away');
    await a.sendGroup(gid, 'g9');
    await waitFor(() => received.length >= 9, 5_000, 'the last one');
    expect(received.map((m) => m.content)).toEqual(['g1', 'g2', 'g3', 'g4', 'g5', 'g6', 'g7', 'g8', 'g9']);
    expect(new Set(received.map((m) => m.seq)).size).toBe(9);
  });

  it('works over TCP from Node', async () => {
    server = await startTestServer();
    const [alice, bob] = [await registerUser(server), await registerUser(server)];
    const b = await connect(bob, { transport: tcpTransport({ host: '127.0.0.1', port: server.tcpPort }) });
    const received = collect(b);
    const a = await connect(alice);
    const sent = await a.send(bob.uid, 'over tcp');
    await waitFor(() => received.length === 1, 5_000, 'the message over TCP');
    expect(received[0]).toMatchObject({ mid: sent.mid, content: 'over tcp', from: alice.uid });
    const history = await b.history(`chat:${alice.uid}`);
    expect(history.map((m) => m.content)).toEqual(['over tcp']);
  });

  it('reconnects when the server goes silent and the heartbeat probe gets no answer', async () => {
    server = await startTestServer();
    const bob = await registerUser(server);
    const tap = new Tap(server.wsUrl);
    const b = await connect(bob, { transport: tap.factory, heartbeatIntervalMs: 150, requestTimeoutMs: 300 });
    const reasons: string[] = [];
    b.on('state', (change) => change.state === 'reconnecting' && reasons.push(change.reason ?? ''));
    tap.dropInbound = () => true;
    await waitFor(() => reasons.length > 0, 5_000, 'the dead connection to be noticed');
    expect(reasons[0]).toBe('no reply from the server');
    tap.dropInbound = () => false;
    await waitFor(() => b.state === 'online', 5_000, 'the client to be back');
  });

  it('rejects connect with AUTH_FAILED for a bad token', async () => {
    server = await startTestServer();
    const client = new GlideClient({ url: `http://127.0.0.1:${server.httpPort}`, WebSocket, ...FAST });
    clients.push(client);
    await expect(client.connect('not-a-token')).rejects.toSatisfy((err: unknown) => isClientError(err, 'AUTH_FAILED'));
    expect(client.state).toBe('closed');
  });

  it('registers without a WebSocket, and refuses a bad password with SIGNIN_FAILED', async () => {
    server = await startTestServer();
    const withoutSocket = { url: `http://127.0.0.1:${server.httpPort}`, WebSocket: undefined };
    const client = new GlideClient(withoutSocket);
    const account = `reg${process.pid}_${Date.now()}`;
    await client.api.auth.register({ account, password: 'right-password' });
    await expect(client.api.auth.signIn({ account, password: 'wrong-password' })).rejects.toSatisfy((err: unknown) => isClientError(err, 'SIGNIN_FAILED'));
    await expect(client.signIn(`nobody_${account}`, 'right-password')).rejects.toSatisfy((err: unknown) => isClientError(err, 'SIGNIN_FAILED'));
    expect((await client.api.auth.signIn({ account, password: 'right-password' })).uid).toBeGreaterThan(0);
    // The WebSocket is only needed to connect: on Node 20 without one, connect says so.
    if (typeof globalThis.WebSocket === 'undefined') await expect(client.signIn(account, 'right-password')).rejects.toSatisfy((err: unknown) => isClientError(err, 'NOT_CONNECTED'));
    client.close();
  });
});
