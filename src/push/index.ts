import type { WebPushProvider } from './web-push-provider.js';

export { PushService, OUTBOX_KIND_PUSH, type PushDeps, type PushSettings, type PushTestResult } from './push-service.js';
export { PUSH_KINDS, type PushAnswer, type PushKind, type PushNotification, type PushOutcome, type PushProvider } from './push-provider.js';
export type { VapidSettings } from './web-push-provider.js';
export { WebhookPushProvider } from './webhook-push-provider.js';
export { FcmProvider, loadServiceAccount } from './fcm-provider.js';

/** web-push and its crypto dependencies load only when VAPID keys are configured (issue 17: idle nodes' baseline). */
export async function createWebPushProvider(...args: ConstructorParameters<typeof WebPushProvider>): Promise<WebPushProvider> {
  const { WebPushProvider: Provider } = await import('./web-push-provider.js');
  return new Provider(...args);
}
