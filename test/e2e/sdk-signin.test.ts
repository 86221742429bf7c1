import { WebSocket } from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { GlideClient, MemoryCache, type ClientOptions, type GroupNotice, type Message, type MessageChange } from '../../src/client/index.js';
import { registerUser, type TestUser } from '../helpers/api-client.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { waitFor } from '../helpers/wait-for.js';

const FAST: Partial<ClientOptions> = { reconnect: { initialDelayMs: 50, maxDelayMs: 200 }, ackTimeoutMs: 300, gapWaitMs: 100 };

/** A cache as slow as IndexedDB: the frames pushed right after the sign-in reply arrive while the client still reads its cursors. */
class SlowCache extends MemoryCache {
  override async getCursors(uid: number): ReturnType<MemoryCache['getCursors']> {
    await new Promise((resolve) => setTimeout(resolve, 100));
    return super.getCursors(uid);
  }
}

describe('SDK: what the server pushes at sign-in', () => {
  let server: TestServer | undefined;
  const clients: GlideClient[] = [];
  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await server?.close();
    server = undefined;
  });
  async function connect(user: TestUser, options: Partial<ClientOptions> = {}): Promise<GlideClient> {
    const client = new GlideClient({ url: `http://127.0.0.1:${server!.httpPort}`, WebSocket, ...FAST, ...options });
    clients.push(client);
    await client.connect(user.token);
    return client;
  }

  for (const codec of ['json', 'protobuf'] as const) {
    it(`emits every offline message and change once, in order, as the signed-in user, and caches them (${codec})`, async () => {
      server = await startTestServer();
      const [alice, bob] = [await registerUser(server), await registerUser(server)];
      const a = await connect(alice, { codec });
      const sent = [];
      for (let i = 1; i <= 10; i++) sent.push(await a.send(bob.uid, `offline ${i}`));
      await a.api.messages.edit(sent[0]!.mid, 'offline 1, edited');

      const cache = new SlowCache();
      const b = new GlideClient({ url: `http://127.0.0.1:${server.httpPort}`, WebSocket, ...FAST, codec, cache });
      clients.push(b);
      const messages: Message[] = [];
      const changes: MessageChange[] = [];
      b.on('message', (m) => messages.push(m));
      b.on('messageChange', (c) => changes.push(c));
      await b.connect(bob.token);
      await waitFor(() => messages.length >= 10 && changes.length >= 1, 10_000, 'the offline messages and the edit');
      await new Promise((resolve) => setTimeout(resolve, 300));

      expect(messages.map((m) => m.mid)).toEqual(sent.map((s) => s.mid));
      expect(messages.slice(1).map((m) => m.content)).toEqual(sent.slice(1).map((_, i) => `offline ${i + 2}`));
      expect(messages.every((m) => m.conversation === `chat:${alice.uid}` && m.peer === alice.uid && m.from === alice.uid && !m.isOwn)).toBe(true);
      expect(changes).toHaveLength(1);
      expect(changes[0]).toMatchObject({ kind: 'edit', target: sent[0]!.mid });
      expect((await b.cached(`chat:${alice.uid}`, { limit: 20 })).map((m) => m.mid).sort((x, y) => x - y)).toEqual(sent.map((s) => s.mid));
      expect((await cache.getMessage(bob.uid, sent[0]!.mid))?.content).toBe('offline 1, edited');
      expect(await cache.getMessage(0, sent[0]!.mid)).toBeUndefined();
    }, 30_000);

    it(`emits the group posts and notices pushed at sign-in once, in seq order, as the signed-in user (${codec})`, async () => {
      server = await startTestServer();
      const [alice, bob, carol] = [await registerUser(server), await registerUser(server), await registerUser(server)];
      const a = await connect(alice, { codec });
      const gid = await a.api.groups.create('team', [bob.uid]);
      const sent = [];
      for (let i = 1; i <= 3; i++) sent.push(await a.sendGroup(gid, `g${i}`));
      await a.api.groups.invite(gid, [carol.uid]);
      for (let i = 4; i <= 5; i++) sent.push(await a.sendGroup(gid, `g${i}`));

      const cache = new SlowCache();
      const b = new GlideClient({ url: `http://127.0.0.1:${server.httpPort}`, WebSocket, ...FAST, codec, cache });
      clients.push(b);
      const items: (Message | GroupNotice)[] = [];
      b.on('groupMessage', (m) => items.push(m));
      b.on('groupNotice', (n) => items.push(n));
      await b.connect(bob.token);
      await waitFor(() => items.filter((i) => 'kind' in i && 'content' in i).length >= 5, 10_000, 'the five group posts');
      await new Promise((resolve) => setTimeout(resolve, 300));

      const posts = items.filter((i): i is Message => 'content' in i && 'kind' in i);
      expect(posts.map((m) => m.content)).toEqual(['g1', 'g2', 'g3', 'g4', 'g5']);
      expect(posts.map((m) => m.seq)).toEqual(sent.map((s) => s.seq));
      expect(posts.every((m) => m.conversation === `group:${gid}` && m.from === alice.uid && !m.isOwn)).toBe(true);
      // The group's creation notice, three posts, the invite notice, two posts: the whole sequence, once each.
      expect(items.map((i) => ('kind' in i ? 'post' : 'notice'))).toEqual(['notice', 'post', 'post', 'post', 'notice', 'post', 'post']);
      const seqs = items.map((i) => i.seq!);
      expect(seqs).toEqual(seqs.map((_, k) => seqs[0]! + k));
      for (const s of sent) expect((await cache.getMessage(bob.uid, s.mid))?.content).toMatch(/^g\d$/);
      expect(await cache.getMessage(0, sent[0]!.mid)).toBeUndefined();
    }, 30_000);
  }
});
