import { createHash } from 'node:crypto';
import type { Agent } from 'node:https';
import webpush from 'web-push';
import type { PushEndpoint } from '../store/index.js';
import { answerOf, PUSH_KINDS, type PushAnswer, type PushNotification, type PushProvider } from './push-provider.js';

export interface VapidSettings {
  publicKey: string;
  privateKey: string;
  subject: string;
}

/** Hours a push service keeps an undelivered notification (the device may be off). */
const TTL_SEC = 24 * 3600;

/** Web Push (RFC 8030/8291/8292) through the `web-push` library: payload encrypted to the subscription's keys, signed with VAPID. */
export class WebPushProvider implements PushProvider {
  readonly kind = PUSH_KINDS.webPush;

  constructor(private readonly options: { vapid: VapidSettings; agent: Agent; timeoutMs: number }) {}

  check(address: string, keys: string): string | undefined {
    if (!/^https:\/\//.test(address)) return 'a Web Push endpoint is an https URL';
    const parsed = parseKeys(keys);
    return parsed ? undefined : 'Keys must hold the subscription keys p256dh and auth';
  }

  routeOf(endpoint: PushEndpoint): string {
    // One push service per origin (FCM, Mozilla, Apple): down or up for all its subscriptions.
    return URL.canParse(endpoint.address) ? new URL(endpoint.address).origin : endpoint.address.slice(0, 100);
  }

  async send(endpoint: PushEndpoint, notification: PushNotification): Promise<PushAnswer> {
    const keys = parseKeys(endpoint.keys);
    if (!keys) return { outcome: 'rejected', status: 0, detail: 'the subscription has no keys' };
    try {
      const result = await webpush.sendNotification({ endpoint: endpoint.address, keys }, JSON.stringify(notification), {
        vapidDetails: this.options.vapid,
        TTL: TTL_SEC,
        // The push service keeps only the newest notification per topic (one per conversation).
        topic: topicOf(notification.tag),
        urgency: 'high',
        agent: this.options.agent,
        timeout: this.options.timeoutMs,
      });
      return answerOf(result.statusCode, result.body);
    } catch (err) {
      if (err instanceof webpush.WebPushError) return answerOf(err.statusCode, err.body || err.message);
      return { outcome: 'retry', status: 0, detail: err instanceof Error ? err.message : String(err) };
    }
  }
}

function parseKeys(keys: string): { p256dh: string; auth: string } | undefined {
  try {
    const value = JSON.parse(keys) as unknown;
    if (typeof value !== 'object' || value === null) return undefined;
    const { p256dh, auth } = value as Record<string, unknown>;
    return typeof p256dh === 'string' && typeof auth === 'string' && p256dh.length > 0 && auth.length > 0 ? { p256dh, auth } : undefined;
  } catch {
    return undefined;
  }
}

/** Topics are at most 32 URL-safe base64 characters. */
function topicOf(tag: string): string {
  return createHash('sha256').update(tag).digest('base64url').slice(0, 32);
}
