import type { Clock, Logger, MessageDraft } from '../core/index.js';
import { Counter, type MetricsRegistry } from '../metrics/index.js';
import { signedHeaders, type HttpPoster } from '../outbox/index.js';

export interface BeforeMessageSettings {
  url: string;
  secret: string;
  /** open: a hook that fails or times out lets the message through; closed: refuses it. */
  onFailure: 'open' | 'closed';
}

const DEFAULT_REFUSAL = 'refused by the message policy';
const MAX_REASON_CHARS = 256;

/**
 * The synchronous moderation hook: the draft POSTed (signed) before the message is stored; the answer
 * `{"allow": false, "reason": "…"}` refuses it, anything else 2xx accepts it. The poster's timeout bounds
 * the wait; a failure is decided by `onFailure`.
 */
export class BeforeMessageHook {
  private readonly outcomes: Counter<'outcome'>;

  constructor(
    private readonly deps: { http: HttpPoster; clock: Clock; log: Logger; metrics: MetricsRegistry },
    private readonly settings: BeforeMessageSettings,
  ) {
    this.outcomes = new Counter({ name: 'glide_webhook_before_message_total', help: 'Before-message hook calls by outcome', labelNames: ['outcome'] as const, registers: [deps.metrics] });
  }

  async screen(draft: MessageDraft): Promise<string | undefined> {
    const body = JSON.stringify({ type: 'message.before', at: this.deps.clock.now(), data: { kind: draft.kind, from: draft.sender, to: draft.to, type: draft.type, content: draft.content } });
    const answer = await this.deps.http.post(this.settings.url, body, signedHeaders(this.settings.secret, body, this.deps.clock.now()));
    if (answer.status >= 200 && answer.status < 300) {
      const verdict = readVerdict(answer.body);
      this.outcomes.inc({ outcome: verdict.allow ? 'allowed' : 'refused' });
      return verdict.allow ? undefined : verdict.reason;
    }
    this.outcomes.inc({ outcome: 'failed' });
    this.deps.log.warn({ status: answer.status, reason: answer.error, onFailure: this.settings.onFailure }, 'before-message hook failed');
    return this.settings.onFailure === 'open' ? undefined : 'the message policy check is unavailable, retry later';
  }
}

function readVerdict(text: string): { allow: boolean; reason: string } {
  try {
    const value = JSON.parse(text) as { allow?: unknown; reason?: unknown };
    const reason = typeof value.reason === 'string' && value.reason !== '' ? value.reason.slice(0, MAX_REASON_CHARS) : DEFAULT_REFUSAL;
    return { allow: value.allow !== false, reason };
  } catch {
    return { allow: true, reason: DEFAULT_REFUSAL };
  }
}
