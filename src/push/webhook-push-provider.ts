import type { Clock } from '../core/index.js';
import { signedHeaders, type HttpPoster } from '../outbox/index.js';
import type { PushEndpoint } from '../store/index.js';
import { answerOf, PUSH_KINDS, type PushAnswer, type PushNotification, type PushProvider } from './push-provider.js';

const MAX_TOKEN_CHARS = 700;

/**
 * Webhook push: the notification POSTed as signed JSON to one configured URL, with the device's token,
 * so a team's own push bridge (APNs, a vendor SDK) delivers it. Devices never choose the URL.
 */
export class WebhookPushProvider implements PushProvider {
  readonly kind = PUSH_KINDS.webhook;

  constructor(private readonly options: { url: string; secret: string; http: HttpPoster; clock: Clock }) {}

  check(address: string): string | undefined {
    return address.length > 0 && address.length <= MAX_TOKEN_CHARS ? undefined : `a webhook push token has 1 to ${MAX_TOKEN_CHARS} characters`;
  }

  routeOf(): string {
    return this.options.url;
  }

  async send(endpoint: PushEndpoint, notification: PushNotification): Promise<PushAnswer> {
    const body = JSON.stringify({ token: endpoint.address, uid: endpoint.uid, device: endpoint.device, notification });
    const answer = await this.options.http.post(this.options.url, body, signedHeaders(this.options.secret, body, this.options.clock.now()));
    return answerOf(answer.status, answer.error ?? answer.body.slice(0, 200));
  }
}
