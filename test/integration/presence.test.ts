import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { callApi, registerUser } from '../helpers/api-client.js';
import { ChatClient } from '../helpers/chat-client.js';
import { requireService } from '../helpers/require-service.js';
import { isolatedDatabase } from '../helpers/store-fixtures.js';
import { removeDataDir, startTestServer, testConfig, type TestServer } from '../helpers/test-server.js';
import { waitFor } from '../helpers/wait-for.js';

const postgres = await requireService('postgres');

describe('presence of contacts', () => {
  let server: TestServer | undefined;
  const clients: ChatClient[] = [];
  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await server?.close();
    server = undefined;
  });

  it('tells mutual contacts when a user comes online and goes offline, and lists who is online', async () => {
    server = await startTestServer();
    const [alice, bob, stranger] = [await registerUser(server), await registerUser(server), await registerUser(server)];
    expect((await callApi(server, 'contacts/add', { Uid: bob.uid }, alice.token)).body.Code).toBe(100);
    expect((await callApi(server, 'contacts/add', { Uid: alice.uid }, bob.token)).body.Code).toBe(100);
    const b = await ChatClient.connect(server, bob);
    const s = await ChatClient.connect(server, stranger);
    clients.push(b, s);
    const a = await ChatClient.connect(server, alice);
    clients.push(a);
    expect((await b.raw.next((f) => f.action === 'event.user.online')).data).toMatchObject({ uid: String(alice.uid), device: 2, online: true });
    const listed = await callApi(server, 'contacts/list', {}, bob.token);
    expect(listed.body.Data).toEqual([expect.objectContaining({ Id: alice.uid, Online: true })]);
    a.close();
    expect((await b.raw.next((f) => f.action === 'event.user.offline')).data).toMatchObject({ uid: String(alice.uid), online: false });
    await waitFor(() => server!.app.gateway.connectionsOf(alice.uid).size === 0);
    expect((await callApi(server, 'contacts/list', {}, bob.token)).body.Data).toEqual([expect.objectContaining({ Id: alice.uid, Online: false })]);
    expect(s.framesOf('event.user.online')).toEqual([]);
  });

  it('gives no presence to someone who added a user the user has not added back, neither pushed nor listed', async () => {
    server = await startTestServer();
    const [watcher, target] = [await registerUser(server), await registerUser(server)];
    expect((await callApi(server, 'contacts/add', { Uid: target.uid }, watcher.token)).body.Code).toBe(100);
    const w = await ChatClient.connect(server, watcher);
    clients.push(w);
    const t = await ChatClient.connect(server, target);
    clients.push(t);
    // The target is online, the watcher sees nothing; a mutual pair created afterwards shows it.
    expect((await callApi(server, 'contacts/list', {}, watcher.token)).body.Data).toEqual([expect.objectContaining({ Id: target.uid, Online: false })]);
    t.close();
    await waitFor(() => server!.app.gateway.connectionsOf(target.uid).size === 0);
    const again = await ChatClient.connect(server, target);
    clients.push(again);
    expect((await callApi(server, 'contacts/add', { Uid: watcher.uid }, target.token)).body.Code).toBe(100);
    expect((await callApi(server, 'contacts/list', {}, watcher.token)).body.Data).toEqual([expect.objectContaining({ Id: target.uid, Online: true })]);
    // Now mutual: the target leaving reaches the watcher, after anything sent before (one connection, in order).
    again.close();
    await w.raw.next((f) => f.action === 'event.user.offline');
    expect(w.framesOf('event.user.online')).toEqual([]);
    expect(w.framesOf('event.user.offline')).toHaveLength(1);
  });

  it.runIf(postgres)('finishes the offline announcements of a closing node before its store closes: no failed presence work logged', async () => {
    const lines: string[] = [];
    const log = pino({ level: 'warn' }, new Writable({ write(chunk: Buffer, _encoding, done) { lines.push(chunk.toString()); done(); } }));
    // PostgreSQL: its contact reads are still in flight when the gateway's close returns (SQLite's settle first).
    const database = await isolatedDatabase(postgres!);
    const config = testConfig({ store: { url: database.url } });
    const app = await createApp({ config, log });
    const { httpPort } = await app.start();
    const address = { httpPort, wsUrl: `ws://127.0.0.1:${httpPort}/ws` };
    try {
      const users = await Promise.all(Array.from({ length: 12 }, () => registerUser(address)));
      for (const user of users) for (const other of users) if (other !== user) await callApi(address, 'contacts/add', { Uid: other.uid }, user.token);
      for (const user of users) clients.push(await ChatClient.connect(address, user));
      await app.close();
      expect(lines.filter((line) => line.includes('presence offline'))).toEqual([]);
    } finally {
      await app.close();
      removeDataDir(config.server.dataDir);
      await database.drop();
    }
  });
});
