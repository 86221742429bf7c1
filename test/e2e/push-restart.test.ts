import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import webpush from 'web-push';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApi, registerUser, type TestUser } from '../helpers/api-client.js';
import { ChatClient } from '../helpers/chat-client.js';
import { startChildServer, type ChildServer } from '../helpers/child-server.js';
import { startWebPushReceiver } from '../helpers/push-receivers.js';
import { createTestCert, type TestCert } from '../helpers/tls-cert.js';
import { waitFor } from '../helpers/wait-for.js';

const GRACE_MS = 4_000;

describe('the push grace across a crash (real process, SIGKILL)', () => {
  let cert: TestCert;
  let receiver: Awaited<ReturnType<typeof startWebPushReceiver>>;
  let dataDir: string;
  const servers: ChildServer[] = [];
  const clients: ChatClient[] = [];
  const vapid = webpush.generateVAPIDKeys();

  beforeAll(async () => {
    cert = createTestCert();
    receiver = await startWebPushReceiver(cert);
    dataDir = mkdtempSync(join(tmpdir(), 'glide-push-crash-'));
  });
  afterAll(async () => {
    for (const client of clients) client.close();
    for (const server of servers) await server.kill();
    await receiver.close();
    cert.remove();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const start = async () => {
    const server = await startChildServer(dataDir, {
      env: {
        GLIDE_PUSH_GRACE_MS: String(GRACE_MS),
        GLIDE_PUSH_PREVIEW: 'full',
        GLIDE_PUSH_VAPID_PUBLIC_KEY: vapid.publicKey,
        GLIDE_PUSH_VAPID_PRIVATE_KEY: vapid.privateKey,
        GLIDE_PUSH_VAPID_SUBJECT: 'mailto:ops@example.com',
        GLIDE_OUTBOX_CA_FILE: cert.certFile,
        GLIDE_OUTBOX_POLL_INTERVAL_MS: '50',
      },
    });
    servers.push(server);
    return server;
  };
  /** The server's own database, read beside it (WAL lets a reader in while it runs). */
  const query = <T>(text: string): T[] => {
    const db = new BetterSqlite3(join(dataDir, 'glide.db'), { readonly: true, fileMustExist: true });
    try {
      return db.prepare(text).all() as T[];
    } finally {
      db.close();
    }
  };
  const subscribe = async (server: ChildServer, user: TestUser) => {
    const sub = receiver.subscribe();
    const reply = await callApi(server, 'push/register', { Kind: 'webpush', Endpoint: sub.endpoint, Keys: sub.keys }, user.token);
    expect(reply.body.Code).toBe(100);
    return sub;
  };

  it('notifies the offline receiver exactly once after a restart within the grace, and not the one who got it live', async () => {
    const first = await start();
    const [alice, bob, carol] = [await registerUser(first), await registerUser(first), await registerUser(first)];
    const bobSub = await subscribe(first, bob);
    const carolSub = await subscribe(first, carol);
    const a = await ChatClient.connect(first, alice);
    const c = await ChatClient.connect(first, carol);
    clients.push(a, c);
    a.send(carol.uid, 'hello carol');
    await c.waitForChats(1, 10_000);
    const sentAt = Date.now();
    a.send(bob.uid, 'hello bob');
    // Bob's message waits in the stored queue; carol's never got there or is gone (her device acked it).
    await waitFor(() => query<{ uid: number }>('select uid from push_pending').map((r) => r.uid).join() === String(bob.uid), 10_000, "only bob's row in push_pending");
    expect(Date.now() - sentAt).toBeLessThan(GRACE_MS);
    await first.kill();
    expect(receiver.of(bobSub.id)).toEqual([]);
    a.close();
    c.close();

    await start();
    await waitFor(() => receiver.of(bobSub.id).length === 1, 30_000, 'bob to be notified after the restart');
    expect(receiver.of(bobSub.id)[0]!.payload).toMatchObject({ title: alice.account, body: 'hello bob', tag: `chat:${alice.uid}`, badge: 1 });
    await waitFor(() => query<{ n: number }>('select (select count(*) from push_pending) + (select count(*) from outbox where state = 0) as n')[0]!.n === 0, 10_000, 'the queues to drain');
    // One sweep more: nothing else comes.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(receiver.of(bobSub.id)).toHaveLength(1);
    expect(receiver.of(carolSub.id)).toEqual([]);
  }, 120_000);
});
