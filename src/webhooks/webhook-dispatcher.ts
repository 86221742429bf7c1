import { createHash } from 'node:crypto';
import { GlideError, runInBackground, type Clock, type GlideEvent, type Logger } from '../core/index.js';
import { SIGNATURE_HEADERS, signedHeaders, type HttpPoster, type OutboxOutcome, type OutboxSender, type OutboxWorker } from '../outbox/index.js';
import type { NewOutboxItem, OutboxItem } from '../store/index.js';
import { toWebhookEvent, WEBHOOK_EVENTS, type WebhookEventType } from './webhook-events.js';

export const OUTBOX_KIND_WEBHOOK = 'webhook';

export interface WebhookSettings {
  urls: readonly string[];
  secret: string;
  /** Empty: all. */
  events: readonly string[];
}

/**
 * After-events: each one becomes one outbox item per configured URL (dedup key: URL and event id), so
 * an endpoint that is down gets everything once it is back (at-least-once; receivers dedup on the id).
 * Each URL is its own route for the outbox's circuit breaker.
 */
export class WebhookDispatcher implements OutboxSender {
  private readonly wanted: ReadonlySet<string>;
  private readonly targets: { url: string; key: string }[];

  constructor(
    private readonly deps: { outbox: OutboxWorker; http: HttpPoster; clock: Clock; log: Logger },
    private readonly settings: WebhookSettings,
  ) {
    const unknown = settings.events.filter((e) => !(WEBHOOK_EVENTS as readonly string[]).includes(e));
    if (unknown.length > 0) throw new GlideError('CONFIG_INVALID', `webhooks.events: unknown ${unknown.join(', ')} (known: ${WEBHOOK_EVENTS.join(', ')})`);
    this.wanted = new Set(settings.events.length > 0 ? settings.events : WEBHOOK_EVENTS);
    this.targets = settings.urls.map((url) => ({ url, key: createHash('sha256').update(url).digest('hex').slice(0, 16) }));
  }

  get isActive(): boolean {
    return this.targets.length > 0;
  }

  onEvent(event: GlideEvent): void {
    if (this.targets.length === 0) return;
    const now = this.deps.clock.now();
    const out = toWebhookEvent(event, now);
    if (!out || !this.wanted.has(out.type satisfies WebhookEventType)) return;
    const body = JSON.stringify(out);
    const items: NewOutboxItem[] = this.targets.map((t) => ({ kind: OUTBOX_KIND_WEBHOOK, dedupKey: `wh:${t.key}:${out.id}`.slice(0, 191), target: t.url.slice(0, 191), route: t.url.slice(0, 191), payload: JSON.stringify({ url: t.url, id: out.id, body }), nextAt: now }));
    runInBackground(this.deps.log, 'webhook enqueue', this.deps.outbox.enqueue(items));
  }

  async deliver(item: OutboxItem): Promise<OutboxOutcome> {
    const { url, id, body } = JSON.parse(item.payload) as { url: string; id: string; body: string };
    const headers = { ...signedHeaders(this.settings.secret, body, this.deps.clock.now()), [SIGNATURE_HEADERS.eventId]: id };
    const answer = await this.deps.http.post(url, body, headers);
    if (answer.status >= 200 && answer.status < 300) return { outcome: 'done' };
    const reason = answer.status === 0 ? (answer.error ?? 'no answer') : `HTTP ${answer.status}`;
    // 410 Gone: the receiver asks never to get this again; anything else may pass once it is fixed.
    if (answer.status === 410) return { outcome: 'failed', reason };
    // No answer, 408, 429, 5xx: the endpoint is down (its circuit breaker holds its items back).
    return { outcome: 'retry', reason, isRouteDown: answer.status === 0 || answer.status === 408 || answer.status === 429 || answer.status >= 500 };
  }
}
