import webpush from 'web-push';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { GlideApi, httpCaller } from '../../src/client/index.js';
import { callApi } from '../helpers/api-client.js';
import { useChatHarness } from '../helpers/chat-harness.js';
import { startWebPushReceiver } from '../helpers/push-receivers.js';
import type { DeepPartial } from '../helpers/test-server.js';
import type { Config } from '../../src/config/index.js';
import { createTestCert, type TestCert } from '../helpers/tls-cert.js';
import { waitFor, waitForAsync } from '../helpers/wait-for.js';

/** A counter's value for these labels, from the app's registry. */
export async function counter(app: App, name: string, labels: Record<string, string>): Promise<number> {
  const metric = app.metrics.getSingleMetric(name);
  if (!metric) return 0;
  const { values } = await metric.get();
  return values.filter((v) => Object.entries(labels).every(([k, want]) => v.labels[k] === want)).reduce((sum, v) => sum + v.value, 0);
}

describe('push notifications through Web Push', () => {
  const h = useChatHarness();
  let cert: TestCert;
  let receiver: Awaited<ReturnType<typeof startWebPushReceiver>>;
  const vapid = webpush.generateVAPIDKeys();

  beforeAll(async () => {
    cert = createTestCert();
    receiver = await startWebPushReceiver(cert);
  });
  afterAll(async () => {
    await receiver.close();
    cert.remove();
  });

  const config = (push: DeepPartial<Config['push']> = {}): DeepPartial<Config> => ({
    outbox: { pollIntervalMs: 50, retryBaseMs: 50, retryMaxMs: 200, caFile: cert.certFile },
    // A second of grace: the online receiver's ack comes back well within it.
    push: { graceMs: 1_000, preview: 'full', maxTestsPerMinute: 2, maxEndpointsPerUser: 2, vapid: { ...vapid, subject: 'mailto:ops@example.com' }, ...push },
  });

  async function subscribe(token: string) {
    const sub = receiver.subscribe();
    const reply = await callApi(h.server(), 'push/register', { Kind: 'webpush', Endpoint: sub.endpoint, Keys: sub.keys }, token);
    expect(reply.body.Code).toBe(100);
    return sub;
  }

  it('notifies an offline receiver (the payload decrypts with its subscription keys) and not one whose device got the message live', async () => {
    const server = await h.start(config());
    const [alice, bob, carol] = [await h.user(), await h.user(), await h.user()];
    const bobSub = await subscribe(bob.token);
    const carolSub = await subscribe(carol.token);
    const carolOnline = await h.connect(carol);
    const a = await h.connect(alice);
    a.send(carol.uid, 'hello carol');
    await waitFor(() => carolOnline.chats().length === 1, 5_000, 'carol to get her message live');
    a.send(bob.uid, 'hello bob');
    await waitFor(() => receiver.of(bobSub.id).length === 1, 10_000, 'bob to be notified');
    expect(receiver.of(bobSub.id)[0]!.payload).toEqual({ title: alice.account, body: 'hello bob', tag: `chat:${alice.uid}`, badge: 1, conversation: `chat:${alice.uid}` });
    // Carol's message was due first: once the queue is empty, anything for her would have arrived.
    await waitForAsync(async () => (await server.app.store.outbox.backlog()).depth === 0, 10_000, 'the outbox to drain');
    expect(receiver.of(carolSub.id)).toEqual([]);
    expect(await counter(server.app, 'glide_push_sent_total', { provider: 'webpush', outcome: 'sent' })).toBe(1);
  });

  it('notifies a group member who is offline, with the group named', async () => {
    await h.start(config());
    const [alice, bob] = [await h.user(), await h.user()];
    const bobSub = await subscribe(bob.token);
    const created = await callApi(h.server(), 'group/create', { Name: 'climbers', Member: [bob.uid] }, alice.token);
    const gid = (created.body.Data as { Gid: number }).Gid;
    const a = await h.connect(alice);
    a.send(gid, 'rope check', undefined, 'message.group');
    await waitFor(() => receiver.of(bobSub.id).length === 1, 10_000, 'bob to be notified');
    expect(receiver.of(bobSub.id)[0]!.payload).toMatchObject({ title: `${alice.account} @ climbers`, body: 'rope check', tag: `group:${gid}` });
  });

  it('keeps quiet under do-not-disturb and for a muted conversation; with preview none nothing of the message leaves', async () => {
    const server = await h.start(config({ preview: 'none' }));
    const [alice, bob] = [await h.user(), await h.user()];
    const bobSub = await subscribe(bob.token);
    const a = await h.connect(alice);
    expect((await callApi(server, 'push/dnd', { On: true }, bob.token)).body.Code).toBe(100);
    a.send(bob.uid, 'during dnd');
    await waitForAsync(async () => (await counter(server.app, 'glide_push_skipped_total', { reason: 'dnd' })) === 1, 10_000, 'the dnd skip');
    await callApi(server, 'push/dnd', { On: false }, bob.token);
    expect((await callApi(server, 'push/mute', { Type: 1, Id: alice.uid, Mute: true }, bob.token)).body.Code).toBe(100);
    a.send(bob.uid, 'while muted');
    await waitForAsync(async () => (await counter(server.app, 'glide_push_skipped_total', { reason: 'muted' })) === 1, 10_000, 'the mute skip');
    await callApi(server, 'push/mute', { Type: 1, Id: alice.uid, Mute: false }, bob.token);
    a.send(bob.uid, 'the secret plan');
    await waitFor(() => receiver.of(bobSub.id).length === 1, 10_000, 'bob to be notified');
    // The badge is bob's real unread count: all three messages.
    expect(receiver.of(bobSub.id)[0]!.payload).toEqual({ title: 'New message', body: '', tag: 'glide', badge: 3, conversation: '' });
  });

  it('push/test reports what the push service answered; an expired endpoint is removed; calls are limited', async () => {
    const server = await h.start(config());
    const bob = await h.user();
    const sub = await subscribe(bob.token);
    const first = await callApi(server, 'push/test', {}, bob.token);
    expect(first.body.Data).toEqual([expect.objectContaining({ Kind: 'webpush', Outcome: 'sent', Status: 201 })]);
    expect(receiver.of(sub.id)[0]!.payload).toMatchObject({ body: 'Test notification' });
    receiver.answer(sub.id, 410);
    const second = await callApi(server, 'push/test', {}, bob.token);
    expect(second.body.Data).toEqual([expect.objectContaining({ Outcome: 'expired', Status: 410 })]);
    expect(await server.app.store.push.listOf(bob.uid)).toEqual([]);
    const third = await callApi(server, 'push/test', {}, bob.token);
    expect(third.status).toBe(429);
  });

  it('serves the push routes through the SDK’s typed methods', async () => {
    const server = await h.start(config());
    const bob = await h.user();
    const api = new GlideApi(httpCaller(`http://127.0.0.1:${server.httpPort}`, () => bob.token), () => bob.uid);
    expect(await api.push.config()).toEqual({ kinds: ['webpush'], vapidPublicKey: vapid.publicKey });
    const sub = receiver.subscribe();
    const id = await api.push.register({ kind: 'webpush', endpoint: sub.endpoint, keys: sub.keys });
    expect(await api.push.test()).toEqual([{ id, kind: 'webpush', outcome: 'sent', status: 201, detail: expect.any(String) }]);
    await api.push.mute({ gid: 77 }, true);
    await api.push.doNotDisturb(true);
    expect(await server.app.store.push.isMuted(bob.uid, 2, 77)).toBe(true);
    expect(await server.app.store.push.isDoNotDisturb(bob.uid)).toBe(true);
    expect(await api.push.unregister({ kind: 'webpush', endpoint: sub.endpoint })).toBe(true);
  });

  it('registers endpoints only for the caller: another user cannot unregister them; kinds, shapes and counts are checked', async () => {
    const server = await h.start(config());
    const [alice, bob] = [await h.user(), await h.user()];
    const sub = await subscribe(bob.token);
    const stolen = await callApi(server, 'push/unregister', { Kind: 'webpush', Endpoint: sub.endpoint }, alice.token);
    expect(stolen.body.Data).toEqual({ Removed: false });
    expect(await server.app.store.push.listOf(bob.uid)).toHaveLength(1);
    expect((await callApi(server, 'push/register', { Kind: 'fcm', Token: 'x' }, bob.token)).status).toBe(400);
    expect((await callApi(server, 'push/register', { Kind: 'webpush', Endpoint: 'http://127.0.0.1/plain', Keys: sub.keys }, bob.token)).status).toBe(400);
    expect((await callApi(server, 'push/register', { Kind: 'webpush', Endpoint: sub.endpoint }, bob.token)).status).toBe(400);
    await subscribe(bob.token);
    const third = receiver.subscribe();
    expect((await callApi(server, 'push/register', { Kind: 'webpush', Endpoint: third.endpoint, Keys: third.keys }, bob.token)).status).toBe(409);
    const mine = await callApi(server, 'push/unregister', { Kind: 'webpush', Endpoint: sub.endpoint }, bob.token);
    expect(mine.body.Data).toEqual({ Removed: true });
  });
});
