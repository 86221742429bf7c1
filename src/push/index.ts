export { PushService, OUTBOX_KIND_PUSH, type PushDeps, type PushSettings, type PushTestResult } from './push-service.js';
export { PUSH_KINDS, type PushAnswer, type PushKind, type PushNotification, type PushOutcome, type PushProvider } from './push-provider.js';
export { WebPushProvider, type VapidSettings } from './web-push-provider.js';
export { WebhookPushProvider } from './webhook-push-provider.js';
export { FcmProvider, loadServiceAccount } from './fcm-provider.js';
