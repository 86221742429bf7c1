import { WebSocket } from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { GlideClient, MemoryCache, type ClientOptions, type LocalCache, type Message, type MessageChange } from '../../src/client/index.js';
import { registerUser, type TestUser } from '../helpers/api-client.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { waitFor, waitForAsync } from '../helpers/wait-for.js';

const FAST: Partial<ClientOptions> = { reconnect: { initialDelayMs: 50, maxDelayMs: 200 }, ackTimeoutMs: 300, gapWaitMs: 100 };

/** Messages and changes as one client emitted them, in emission order. */
function timeline(client: GlideClient): (Message | MessageChange)[] {
  const items: (Message | MessageChange)[] = [];
  client.on('message', (m) => items.push(m));
  client.on('groupMessage', (m) => items.push(m));
  client.on('messageChange', (c) => items.push(c));
  return items;
}

describe('SDK: edits, reactions and pins', () => {
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
    it(`emits each change in sequence order among the messages and updates the cached message (${codec})`, async () => {
      server = await startTestServer();
      const [alice, bob] = [await registerUser(server), await registerUser(server)];
      const cache = new MemoryCache();
      const b = await connect(bob, { codec, cache });
      const items = timeline(b);
      const a = await connect(alice, { codec });
      const first = await a.send(bob.uid, 'hello');
      await a.api.messages.edit(first.mid, 'hello, edited');
      await b.api.messages.react(first.mid, '👍', true);
      await a.send(bob.uid, 'second');
      await b.api.messages.pin(first.mid, true);
      await waitFor(() => items.length === 5, 10_000, 'two messages and three changes');
      expect(items.map((i) => ('target' in i ? i.kind : i.content))).toEqual(['hello', 'edit', 'reaction', 'second', 'pin']);
      const seqs = items.map((i) => i.seq!);
      expect(seqs).toEqual(seqs.map((_, k) => seqs[0]! + k));
      expect(items[1]).toMatchObject({ conversation: `chat:${alice.uid}`, target: first.mid, by: alice.uid, content: 'hello, edited' });
      await waitForAsync(async () => (await cache.getMessage(bob.uid, first.mid))?.reactions?.['👍'] === 1, 5_000, 'the cached message updated');
      expect(await cache.getMessage(bob.uid, first.mid)).toMatchObject({ content: 'hello, edited', editedAt: expect.any(Number) });
      expect(await b.api.messages.pins({ peer: alice.uid })).toEqual([{ mid: first.mid, by: bob.uid, at: expect.any(Number) }]);
      const history = await b.api.messages.chatHistory(alice.uid);
      expect(history.find((m) => m.mid === first.mid)).toMatchObject({ content: 'hello, edited', reactions: { '👍': 1 }, editedAt: expect.any(Number) });
      expect((await a.api.messages.revisions(first.mid)).map((r) => r.content)).toEqual(['hello', 'hello, edited']);
    });
  }

  it('a client that was offline gets the changes in order when it reconnects from its cursors', async () => {
    server = await startTestServer();
    const [alice, bob] = [await registerUser(server), await registerUser(server)];
    const cache: LocalCache = new MemoryCache();
    const first = await connect(bob, { cache });
    const a = await connect(alice);
    const sent = await a.send(bob.uid, 'before');
    await waitForAsync(async () => (await cache.getMessage(bob.uid, sent.mid)) !== undefined, 5_000, 'bob has the message');
    first.close();
    await a.api.messages.edit(sent.mid, 'after');
    await a.api.messages.react(sent.mid, '🎉', true);
    await a.api.messages.pin(sent.mid, true);
    await a.api.messages.pin(sent.mid, false);
    const again = new GlideClient({ url: `http://127.0.0.1:${server.httpPort}`, WebSocket, ...FAST, cache });
    clients.push(again);
    const items = timeline(again);
    await again.connect(bob.token);
    await waitFor(() => items.length === 4, 20_000, 'four changes');
    expect(items.map((i) => ('target' in i ? [i.kind, i.isOn ?? null] : i.content))).toEqual([
      ['edit', null],
      ['reaction', true],
      ['pin', true],
      ['pin', false],
    ]);
    const seqs = items.map((i) => i.seq!);
    expect(seqs).toEqual(seqs.map((_, k) => seqs[0]! + k));
    expect((await again.api.messages.chatHistory(alice.uid))[0]).toMatchObject({ content: 'after', reactions: { '🎉': 1 } });
  });

  it('group changes arrive in group seq order and show on group history', async () => {
    server = await startTestServer();
    const [owner, member] = [await registerUser(server), await registerUser(server)];
    const o = await connect(owner);
    const gid = await o.api.groups.create('team', [member.uid]);
    const m = await connect(member);
    const items = timeline(m);
    const post = await o.sendGroup(gid, 'group hello');
    await m.api.messages.react(post.mid, '👍', true, { gid });
    await o.api.messages.pin(post.mid, true, { gid });
    await waitFor(() => items.filter((i) => 'target' in i).length === 2, 10_000, 'two group changes');
    const changes = items.filter((i): i is MessageChange => 'target' in i);
    expect(changes.map((c) => [c.kind, c.conversation, c.seq])).toEqual([
      ['reaction', `group:${gid}`, post.seq + 1],
      ['pin', `group:${gid}`, post.seq + 2],
    ]);
    const history = await m.api.messages.groupHistory(gid);
    expect(history.find((h) => h.mid === post.mid)).toMatchObject({ reactions: { '👍': 1 } });
    await expect(m.api.messages.pin(post.mid, true, { gid })).rejects.toMatchObject({ detail: { apiCode: 4004 } });
  });
});
