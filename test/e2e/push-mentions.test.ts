import webpush from 'web-push';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApi } from '../helpers/api-client.js';
import { useChatHarness } from '../helpers/chat-harness.js';
import { startWebPushReceiver } from '../helpers/push-receivers.js';
import { createTestCert, type TestCert } from '../helpers/tls-cert.js';
import { waitFor, waitForAsync } from '../helpers/wait-for.js';
import type { App } from '../../src/app.js';

/** A counter's value for these labels, from the app's registry. */
async function counter(app: App, name: string, labels: Record<string, string>): Promise<number> {
  const metric = app.metrics.getSingleMetric(name);
  if (!metric) return 0;
  const { values } = await metric.get();
  return values.filter((v) => Object.entries(labels).every(([k, want]) => v.labels[k] === want)).reduce((sum, v) => sum + v.value, 0);
}

describe('a mention is pushed through a muted group', () => {
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

  it('skips a plain post to a muted group but notifies the member it mentions', async () => {
    const server = await h.start({
      outbox: { pollIntervalMs: 50, retryBaseMs: 50, retryMaxMs: 200, caFile: cert.certFile },
      push: { graceMs: 300, preview: 'full', vapid: { ...vapid, subject: 'mailto:ops@example.com' } },
    });
    const [alice, bob] = [await h.user(), await h.user()];
    const sub = receiver.subscribe();
    expect((await callApi(server, 'push/register', { Kind: 'webpush', Endpoint: sub.endpoint, Keys: sub.keys }, bob.token)).body.Code).toBe(100);
    const gid = ((await callApi(server, 'group/create', { Name: 'quiet', Member: [bob.uid] }, alice.token)).body.Data as { Gid: number }).Gid;
    expect((await callApi(server, 'push/mute', { Type: 2, Id: gid, Mute: true }, bob.token)).body.Code).toBe(100);
    const a = await h.connect(alice);
    a.send(gid, 'nobody in particular', undefined, 'message.group');
    await waitForAsync(async () => (await counter(server.app, 'glide_push_skipped_total', { reason: 'muted' })) === 1, 10_000, 'the mute skip');
    a.request('message.group', { cliMid: 'mention-1', to: String(gid), type: 1, content: '@bob ping', mentions: [String(bob.uid)] });
    await waitFor(() => receiver.of(sub.id).length === 1, 10_000, 'bob to be notified of the mention');
    expect(receiver.of(sub.id)[0]!.payload).toMatchObject({ body: '@bob ping', tag: `group:${gid}` });
  });
});
