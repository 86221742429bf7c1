export { WebhookDispatcher, OUTBOX_KIND_WEBHOOK, type WebhookSettings } from './webhook-dispatcher.js';
export { BeforeMessageHook, type BeforeMessageSettings } from './before-message-hook.js';
export { toWebhookEvent, WEBHOOK_EVENTS, type WebhookEvent, type WebhookEventType } from './webhook-events.js';
