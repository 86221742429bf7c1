import type { PushEndpoint } from '../store/index.js';

/** The registration kinds a device can use; each is served by one provider. */
export const PUSH_KINDS = { webPush: 'webpush', webhook: 'webhook', fcm: 'fcm' } as const;
export type PushKind = (typeof PUSH_KINDS)[keyof typeof PUSH_KINDS];

/** What leaves the server: already cut to the configured preview level. */
export interface PushNotification {
  title: string;
  body: string;
  /** Same tag, same conversation: the device replaces the notification instead of stacking them. */
  tag: string;
  /** The user's unread messages. */
  badge: number;
  /** Where a tap leads ('' with preview none). */
  conversation: string;
}

/**
 * sent: the provider took it. retry: try later (network, 429, 5xx). expired: the endpoint is gone
 * (removed at once). rejected: the provider refused it for good (bad payload, credentials): logged.
 */
export type PushOutcome = 'sent' | 'retry' | 'expired' | 'rejected';

export interface PushAnswer {
  outcome: PushOutcome;
  /** The provider's HTTP status, 0 when there was no answer. */
  status: number;
  /** The provider's reason, or the network error. */
  detail: string;
}

/** One push service. `send` never throws: every failure is an answer. */
export interface PushProvider {
  readonly kind: PushKind;
  /** Why this registration can never work (bad URL, missing keys), or undefined. */
  check(address: string, keys: string): string | undefined;
  /** Where this endpoint's notifications go (the service's URL or origin): the outbox's circuit breaker keys on it. */
  routeOf(endpoint: PushEndpoint): string;
  send(endpoint: PushEndpoint, notification: PushNotification): Promise<PushAnswer>;
}

/** The usual reading of an HTTP answer from a push service. */
export function answerOf(status: number, detail: string): PushAnswer {
  if (status >= 200 && status < 300) return { outcome: 'sent', status, detail };
  if (status === 404 || status === 410) return { outcome: 'expired', status, detail };
  if (status === 0 || status === 408 || status === 429 || status >= 500) return { outcome: 'retry', status, detail };
  return { outcome: 'rejected', status, detail };
}
