import { readFile } from 'node:fs/promises';
import type { Config } from './config/index.js';
import { GlideError, type Clock, type Hooks, type Logger } from './core/index.js';
import type { MetricsRegistry } from './metrics/index.js';
import { createHttpPoster, OutboxWorker } from './outbox/index.js';
import { createWebPushProvider, FcmProvider, loadServiceAccount, OUTBOX_KIND_PUSH, PushService, WebhookPushProvider, type PushProvider } from './push/index.js';
import type { Store } from './store/index.js';
import { BeforeMessageHook, OUTBOX_KIND_WEBHOOK, WebhookDispatcher } from './webhooks/index.js';

const IDLE_OUTBOX_POLL_MS = 10_000;

/** Push notifications and webhooks, wired: what areas call (`hooks`), what routes use (`push`). */
export interface Reach {
  readonly hooks: Hooks;
  readonly push: PushService;
  start(): Promise<void>;
  close(): Promise<void>;
}

/** Builds the outbox, the configured push providers, the webhook dispatcher and the before-message hook. */
export async function createReach(deps: { config: Config; store: Store; clock: Clock; log: Logger; metrics: MetricsRegistry; nodeId: number }): Promise<Reach> {
  const { config, store, clock, metrics } = deps;
  const log = deps.log.child({ area: 'push' });
  const { outbox: outboxConfig, push: pushConfig, webhooks } = config;
  const ca = outboxConfig.caFile === '' ? undefined : await readFile(outboxConfig.caFile).catch((err: unknown) => {
    throw new GlideError('CONFIG_INVALID', `outbox.caFile: cannot read ${outboxConfig.caFile}`, { cause: err });
  });
  const http = createHttpPoster({ timeoutMs: outboxConfig.requestTimeoutMs, ...(ca ? { ca } : {}) });
  const providers: PushProvider[] = [];
  const { vapid } = pushConfig;
  if (vapid.publicKey !== '' || vapid.privateKey !== '') {
    if (vapid.publicKey === '' || vapid.privateKey === '') throw new GlideError('CONFIG_INVALID', 'push.vapid needs both publicKey and privateKey');
    providers.push(await createWebPushProvider({ vapid, agent: http.httpsAgent, timeoutMs: outboxConfig.requestTimeoutMs }));
  }
  if (pushConfig.webhook.url !== '') {
    if (pushConfig.webhook.secret === '') throw new GlideError('CONFIG_INVALID', 'push.webhook.secret is required with push.webhook.url');
    providers.push(new WebhookPushProvider({ ...pushConfig.webhook, http, clock }));
  }
  if (pushConfig.fcm.serviceAccountFile !== '') {
    providers.push(new FcmProvider({ account: await loadServiceAccount(pushConfig.fcm.serviceAccountFile), apiUrl: pushConfig.fcm.apiUrl.replace(/\/$/, ''), http, clock }));
  }
  // Nothing configured to reach (the usual bench and many single-purpose deployments): the outbox only looks
  // for items an earlier configuration left, every IDLE_OUTBOX_POLL_MS, so idle nodes are not woken (issue 17).
  const isReaching = providers.length > 0 || webhooks.urls.length > 0;
  const pollIntervalMs = isReaching ? outboxConfig.pollIntervalMs : Math.max(outboxConfig.pollIntervalMs, IDLE_OUTBOX_POLL_MS);
  const outbox = new OutboxWorker({ store: store.outbox, clock, log: deps.log.child({ area: 'outbox' }), metrics }, { ...outboxConfig, pollIntervalMs });

  const push = new PushService({ push: store.push, queue: store.pushQueue, users: store.users, groups: store.groups, outbox, providers, clock, log, metrics, nodeId: deps.nodeId }, pushConfig);
  outbox.register(OUTBOX_KIND_PUSH, push);

  if ((webhooks.urls.length > 0 || webhooks.beforeMessageUrl !== '') && webhooks.secret === '') throw new GlideError('CONFIG_INVALID', 'webhooks.secret is required with webhooks.urls or webhooks.beforeMessageUrl');
  const webhookLog = deps.log.child({ area: 'webhooks' });
  const dispatcher = new WebhookDispatcher({ outbox, http, clock, log: webhookLog }, webhooks);
  outbox.register(OUTBOX_KIND_WEBHOOK, dispatcher);
  const beforeHttp = webhooks.beforeMessageUrl === '' ? undefined : createHttpPoster({ timeoutMs: webhooks.beforeMessageTimeoutMs, ...(ca ? { ca } : {}) });
  const before = beforeHttp ? new BeforeMessageHook({ http: beforeHttp, clock, log: webhookLog, metrics }, { url: webhooks.beforeMessageUrl, secret: webhooks.secret, onFailure: webhooks.beforeMessageOnFailure }) : undefined;

  const hooks: Hooks = {
    isScreening: before !== undefined,
    screen: (draft) => (before ? before.screen(draft) : Promise.resolve(undefined)),
    emit(event) {
      push.onEvent(event);
      dispatcher.onEvent(event);
    },
  };
  return {
    hooks,
    push,
    async start() {
      // Without a provider nothing is ever queued for push: its flush and sweep timers would only wake the node.
      if (providers.length > 0) await push.start();
      outbox.start();
    },
    async close() {
      await push.close();
      await outbox.close();
      http.close();
      beforeHttp?.close();
    },
  };
}
