import { generateKeyPairSync } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { importSPKI, jwtVerify } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { verifySignature } from '../../src/outbox/index.js';
import { callApi } from '../helpers/api-client.js';
import { useChatHarness } from '../helpers/chat-harness.js';
import { startRecorder, type ReceivedCall } from '../helpers/push-receivers.js';
import { createTestCert } from '../helpers/tls-cert.js';
import { waitFor, waitForAsync } from '../helpers/wait-for.js';

const SECRET = 'whsec-test';
const FAST_OUTBOX = { pollIntervalMs: 50, retryBaseMs: 50, retryMaxMs: 200 };

interface Event {
  id: string;
  type: string;
  data: Record<string, unknown>;
}

function eventsOf(calls: readonly ReceivedCall[]): Event[] {
  return calls.filter((c) => c.path === '/events').map((c) => JSON.parse(c.body) as Event);
}

function isSigned(call: ReceivedCall): boolean {
  return verifySignature(SECRET, String(call.headers['x-glide-timestamp']), call.body, String(call.headers['x-glide-signature']), Math.floor(Date.now() / 1000));
}

describe('webhooks', () => {
  const h = useChatHarness();
  const closers: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
  });
  async function recorder(options: Parameters<typeof startRecorder>[0] = {}) {
    const r = await startRecorder(options);
    closers.push(r.close);
    return r;
  }

  it('sends signed events for accounts and messages, and the before-message hook refuses a message with its reason', async () => {
    const hook = await recorder();
    hook.answerWith((call) => {
      if (call.path !== '/before') return { status: 200 };
      const { data } = JSON.parse(call.body) as { data: { content: string } };
      return { status: 200, body: JSON.stringify(data.content.includes('forbidden') ? { allow: false, reason: 'no forbidden words' } : { allow: true }) };
    });
    const server = await h.start({ outbox: FAST_OUTBOX, webhooks: { urls: [`${hook.url}/events`], secret: SECRET, beforeMessageUrl: `${hook.url}/before` } });
    const [alice, bob] = [await h.user(), await h.user()];
    const a = await h.connect(alice);
    a.send(bob.uid, 'hello');
    const refused = a.send(bob.uid, 'a forbidden word');
    await waitFor(() => a.failures().length === 1, 5_000, 'the refusal');
    expect(a.failures()[0]).toMatchObject({ cliMid: refused, reason: expect.stringContaining('no forbidden words') });
    a.send(bob.uid, 'after');
    await waitFor(() => eventsOf(hook.calls).filter((e) => e.type === 'message.stored').length === 2, 10_000, 'two message events');
    const history = await callApi(server, 'msg/chat/history', { Uid: alice.uid }, bob.token);
    expect((history.body.Data as { Content: string }[]).map((m) => m.Content).sort()).toEqual(['after', 'hello']);
    await waitFor(() => eventsOf(hook.calls).filter((e) => e.type === 'user.signed_in').length === 2, 10_000, 'sign-in events');
    const events = eventsOf(hook.calls);
    expect(events.filter((e) => e.type === 'user.registered').map((e) => e.data.uid).sort()).toEqual([alice.uid, bob.uid].sort());
    expect(events.find((e) => e.type === 'message.stored' && e.data.content === 'hello')).toMatchObject({ id: expect.stringMatching(/^message\.stored:/), data: { kind: 'chat', from: alice.uid, to: bob.uid } });
    for (const call of hook.calls.filter((c) => c.path === '/events')) {
      expect(isSigned(call)).toBe(true);
      expect(call.headers['x-glide-event-id']).toBe((JSON.parse(call.body) as Event).id);
    }
    // A body changed in transit fails the check.
    const sample = hook.calls.find((c) => c.path === '/events')!;
    expect(isSigned({ ...sample, body: sample.body.replace('"type"', '"tipe"') })).toBe(false);
  });

  it('refuses messages while the before-message hook fails when it is fail-closed', async () => {
    const hook = await recorder();
    hook.answerWith(() => ({ status: 503 }));
    await h.start({ webhooks: { secret: SECRET, beforeMessageUrl: `${hook.url}/before`, beforeMessageOnFailure: 'closed' } });
    const [alice, bob] = [await h.user(), await h.user()];
    const a = await h.connect(alice);
    a.send(bob.uid, 'anything');
    await waitFor(() => a.failures().length === 1, 5_000, 'the refusal');
    expect(a.failures()[0]!.reason).toContain('unavailable');
  });

  it('loses nothing while the endpoint is down: the outbox delivers every event once it is back', async () => {
    const hook = await recorder();
    let isDown = true;
    let refusedCalls = 0;
    hook.answerWith(() => {
      if (!isDown) return { status: 200 };
      refusedCalls++;
      return { status: 503 };
    });
    const server = await h.start({ outbox: FAST_OUTBOX, webhooks: { urls: [`${hook.url}/events`], secret: SECRET, events: ['message.stored', 'group.created', 'group.member_changed', 'message.recalled'] } });
    const [alice, bob] = [await h.user(), await h.user()];
    const a = await h.connect(alice);
    const sent = ['one', 'two', 'three', 'four', 'five'];
    for (const text of sent) a.send(bob.uid, text);
    const created = await callApi(server, 'group/create', { Name: 'g', Member: [bob.uid] }, alice.token);
    const gid = (created.body.Data as { Gid: number }).Gid;
    await waitFor(() => refusedCalls >= 10, 10_000, 'the outbox to retry against the down endpoint');
    expect(hook.calls).toEqual([]);
    isDown = false;
    await waitFor(() => eventsOf(hook.calls).filter((e) => e.type === 'message.stored').length >= sent.length, 15_000, 'every message event');
    await waitFor(() => eventsOf(hook.calls).some((e) => e.type === 'group.member_changed'), 10_000, 'the group events');
    const events = eventsOf(hook.calls);
    expect(events.filter((e) => e.type === 'message.stored').map((e) => e.data.content).sort()).toEqual([...sent].sort());
    expect(events.find((e) => e.type === 'group.created')?.data).toMatchObject({ gid, owner: alice.uid });
    expect(events.find((e) => e.type === 'group.member_changed')?.data).toMatchObject({ gid, change: 'member_added' });
    await waitForAsync(async () => (await server.app.store.outbox.backlog()).depth === 0, 10_000, 'the outbox to drain');
  });

  it('webhook push POSTs the signed notification with the device token for an offline receiver', async () => {
    const bridge = await recorder();
    await h.start({ outbox: FAST_OUTBOX, push: { graceMs: 200, webhook: { url: `${bridge.url}/push`, secret: SECRET } } });
    const [alice, bob] = [await h.user(), await h.user()];
    expect((await callApi(h.server(), 'push/register', { Kind: 'webhook', Token: 'bob-phone' }, bob.token)).body.Code).toBe(100);
    const a = await h.connect(alice);
    a.send(bob.uid, 'ping');
    await waitFor(() => bridge.calls.length === 1, 10_000, 'the bridge to be called');
    const call = bridge.calls[0]!;
    expect(isSigned(call)).toBe(true);
    // The default preview is the sender only.
    expect(JSON.parse(call.body)).toMatchObject({ token: 'bob-phone', uid: bob.uid, notification: { title: alice.account, body: 'New message', badge: 1 } });
  });

  it('FCM HTTP v1: exchanges a signed service-account assertion for a token, sends per device, drops an unregistered token', async () => {
    const cert = createTestCert();
    closers.push(() => cert.remove());
    const fcm = await recorder({ cert });
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const file = join(tmpdir(), `glide-fcm-${process.pid}-${Date.now()}.json`);
    writeFileSync(file, JSON.stringify({ type: 'service_account', project_id: 'demo', client_email: 'push@demo.iam.gserviceaccount.com', private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }), token_uri: `${fcm.url}/token` }));
    closers.push(() => rmSync(file, { force: true }));
    fcm.answerWith((call) => {
      if (call.path === '/token') return { status: 200, body: JSON.stringify({ access_token: 'ya29.test', expires_in: 3600, token_type: 'Bearer' }) };
      const { message } = JSON.parse(call.body) as { message: { token: string } };
      if (message.token === 'gone-token') return { status: 404, body: JSON.stringify({ error: { code: 404, status: 'NOT_FOUND', message: 'Requested entity was not found.', details: [{ errorCode: 'UNREGISTERED' }] } }) };
      return { status: 200, body: JSON.stringify({ name: 'projects/demo/messages/1' }) };
    });
    const server = await h.start({ outbox: { ...FAST_OUTBOX, caFile: cert.certFile }, push: { graceMs: 200, preview: 'full', fcm: { serviceAccountFile: file, apiUrl: fcm.url } } });
    const [alice, bob, carol] = [await h.user(), await h.user(), await h.user()];
    await callApi(server, 'push/register', { Kind: 'fcm', Token: 'bob-fcm-token' }, bob.token);
    await callApi(server, 'push/register', { Kind: 'fcm', Token: 'gone-token' }, carol.token);
    const a = await h.connect(alice);
    a.send(bob.uid, 'to bob');
    a.send(carol.uid, 'to carol');
    await waitFor(() => fcm.calls.some((c) => c.path === '/v1/projects/demo/messages:send'), 10_000, 'the FCM send');
    await waitForAsync(async () => (await server.app.store.push.listOf(carol.uid)).length === 0, 10_000, 'the unregistered token to be removed');
    const assertion = new URLSearchParams(fcm.calls.find((c) => c.path === '/token')!.body).get('assertion')!;
    const { payload } = await jwtVerify(assertion, await importSPKI(publicKey.export({ type: 'spki', format: 'pem' }).toString(), 'RS256'), { issuer: 'push@demo.iam.gserviceaccount.com', audience: `${fcm.url}/token` });
    expect(payload.scope).toBe('https://www.googleapis.com/auth/firebase.messaging');
    const send = fcm.calls.find((c) => c.path === '/v1/projects/demo/messages:send')!;
    expect(send.headers.authorization).toBe('Bearer ya29.test');
    expect(JSON.parse(send.body)).toMatchObject({ message: { token: 'bob-fcm-token', notification: { title: alice.account, body: 'to bob' }, android: { collapse_key: `chat:${alice.uid}` }, apns: { payload: { aps: { badge: 1 } } } } });
  });
});
