import { WebSocket } from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { GlideClient, type Message } from '../../src/client/index.js';
import { callApi, registerUser, type TestUser } from '../helpers/api-client.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { waitFor, waitForAsync } from '../helpers/wait-for.js';

describe('SDK: replies, forwards, mentions and group read receipts', () => {
  let server: TestServer | undefined;
  const clients: GlideClient[] = [];

  async function connect(user: TestUser, codec: 'json' | 'protobuf'): Promise<{ client: GlideClient; messages: Message[] }> {
    const client = new GlideClient({ url: `http://127.0.0.1:${server!.httpPort}`, WebSocket, codec, reconnect: { initialDelayMs: 50, maxDelayMs: 200 }, ackTimeoutMs: 300, gapWaitMs: 100 });
    clients.push(client);
    const messages: Message[] = [];
    // 1:1 messages come as `message`, group posts as `groupMessage`: both land here.
    client.on('message', (message) => messages.push(message));
    client.on('groupMessage', (message) => messages.push(message));
    await client.connect(user.token);
    return { client, messages };
  }

  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await server?.close();
    server = undefined;
  });

  for (const codec of ['json', 'protobuf'] as const) {
    it(`sends a reply, a forward and a mention with typed options and reads links, isMentioned and readCount back (${codec})`, async () => {
      server = await startTestServer();
      const [alice, bob] = [await registerUser(server), await registerUser(server)];
      const gid = ((await callApi(server, 'group/create', { Name: 'sdk', Member: [bob.uid] }, alice.token)).body.Data as { Gid: number }).Gid;
      const [a, b] = [await connect(alice, codec), await connect(bob, codec)];
      const first = await a.client.send(bob.uid, 'question');
      await b.client.send(alice.uid, 'answer', { replyTo: first.mid });
      await waitFor(() => a.messages.some((m) => m.content === 'answer'), 15_000);
      expect(a.messages.find((m) => m.content === 'answer')).toMatchObject({ replyTo: first.mid });
      const sent = await a.client.sendGroup(gid, '', { forwardMid: first.mid, mentions: [bob.uid] });
      await waitFor(() => b.messages.some((m) => m.kind === 'group' && m.seq === sent.seq), 15_000, 'the group post, live');
      const post = b.messages.find((m) => m.kind === 'group' && m.seq === sent.seq)!;
      expect(post).toMatchObject({ source: 'live', conversation: `group:${gid}`, from: alice.uid });
      expect(post).toMatchObject({ forward: { mid: first.mid, from: alice.uid }, content: 'question', mentions: [bob.uid], isMentioned: true });
      expect((await b.client.api.sessions.recent()).find((l) => l.peer === gid)?.isMentioned).toBe(true);
      await b.client.markGroupRead(gid, post.seq!);
      await waitForAsync(async () => (await a.client.api.messages.groupReaders(gid, post.seq!)).length === 1);
      expect(await a.client.api.messages.groupReaders(gid, post.seq!)).toEqual([{ uid: bob.uid, readSeq: post.seq }]);
      const page = await a.client.history(`group:${gid}`);
      expect(page.find((m) => m.seq === post.seq)).toMatchObject({ readCount: 1, forward: { mid: first.mid, from: alice.uid } });
    }, 60_000);
  }
});
