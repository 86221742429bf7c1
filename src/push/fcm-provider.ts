import { readFile } from 'node:fs/promises';
import { importPKCS8, SignJWT } from 'jose';
import { GlideError, type Clock } from '../core/index.js';
import type { HttpPoster } from '../outbox/index.js';
import type { PushEndpoint } from '../store/index.js';
import { answerOf, PUSH_KINDS, type PushAnswer, type PushNotification, type PushProvider } from './push-provider.js';

interface ServiceAccount {
  project_id: string;
  client_email: string;
  private_key: string;
  token_uri: string;
}

const SCOPE = 'https://www.googleapis.com/auth/firebase.messaging';
const MAX_TOKEN_CHARS = 700;
/** An access token is renewed this long before Google says it expires. */
const RENEW_MARGIN_MS = 60_000;

/** Reads and checks a Google service-account file (the one Firebase's console hands out). */
export async function loadServiceAccount(file: string): Promise<ServiceAccount> {
  const text = await readFile(file, 'utf8').catch((err: unknown) => {
    throw new GlideError('CONFIG_INVALID', `push.fcm.serviceAccountFile: cannot read ${file}`, { cause: err });
  });
  const value = JSON.parse(text) as Partial<ServiceAccount>;
  for (const key of ['project_id', 'client_email', 'private_key', 'token_uri'] as const) {
    if (typeof value[key] !== 'string' || value[key] === '') throw new GlideError('CONFIG_INVALID', `push.fcm.serviceAccountFile: ${key} is missing`);
  }
  return value as ServiceAccount;
}

/**
 * FCM HTTP v1: an OAuth access token from the service account (a JWT assertion signed with its key,
 * exchanged at its token_uri, kept until shortly before it expires), then one `messages:send` per device.
 */
export class FcmProvider implements PushProvider {
  readonly kind = PUSH_KINDS.fcm;
  private access: { token: string; expiresAt: number } | undefined;

  constructor(private readonly options: { account: ServiceAccount; apiUrl: string; http: HttpPoster; clock: Clock }) {}

  check(address: string): string | undefined {
    return address.length > 0 && address.length <= MAX_TOKEN_CHARS ? undefined : `an FCM token has 1 to ${MAX_TOKEN_CHARS} characters`;
  }

  routeOf(): string {
    return this.options.apiUrl;
  }

  async send(endpoint: PushEndpoint, notification: PushNotification): Promise<PushAnswer> {
    const token = await this.accessToken();
    if (typeof token !== 'string') return token;
    const { account, apiUrl, http } = this.options;
    const body = JSON.stringify({
      message: {
        token: endpoint.address,
        notification: { title: notification.title, body: notification.body },
        data: { conversation: notification.conversation, badge: String(notification.badge) },
        android: { collapse_key: notification.tag, notification: { tag: notification.tag, notification_count: notification.badge } },
        apns: { headers: { 'apns-collapse-id': notification.tag.slice(0, 64) }, payload: { aps: { badge: notification.badge } } },
      },
    });
    const answer = await http.post(`${apiUrl}/v1/projects/${encodeURIComponent(account.project_id)}/messages:send`, body, { 'content-type': 'application/json', authorization: `Bearer ${token}` });
    if (answer.status === 401) this.access = undefined;
    // FCM says UNREGISTERED (404) for a token that is gone; 400 INVALID_ARGUMENT may be the payload, so it is not taken as expiry.
    return answerOf(answer.status, answer.error ?? fcmReason(answer.body));
  }

  /** The cached access token, or the answer to give when none can be had. */
  private async accessToken(): Promise<string | PushAnswer> {
    const now = this.options.clock.now();
    if (this.access && this.access.expiresAt - RENEW_MARGIN_MS > now) return this.access.token;
    const { account, http } = this.options;
    const key = await importPKCS8(account.private_key, 'RS256');
    const assertion = await new SignJWT({ scope: SCOPE })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
      .setIssuer(account.client_email)
      .setAudience(account.token_uri)
      .setIssuedAt(Math.floor(now / 1000))
      .setExpirationTime(Math.floor(now / 1000) + 3600)
      .sign(key);
    const form = new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion }).toString();
    const answer = await http.post(account.token_uri, form, { 'content-type': 'application/x-www-form-urlencoded' });
    if (answer.status !== 200) {
      const reading = answerOf(answer.status, `token: ${answer.error ?? answer.body.slice(0, 200)}`);
      // A refused assertion is the operator's to fix; it is never the device's fault.
      return reading.outcome === 'expired' ? { ...reading, outcome: 'rejected' } : reading;
    }
    const granted = JSON.parse(answer.body) as { access_token?: string; expires_in?: number };
    if (!granted.access_token) return { outcome: 'rejected', status: answer.status, detail: 'token: no access_token in the answer' };
    this.access = { token: granted.access_token, expiresAt: now + (granted.expires_in ?? 3600) * 1000 };
    return granted.access_token;
  }
}

function fcmReason(body: string): string {
  try {
    const parsed = JSON.parse(body) as { error?: { status?: string; message?: string } };
    return parsed.error ? `${parsed.error.status ?? ''} ${parsed.error.message ?? ''}`.trim() : body.slice(0, 200);
  } catch {
    return body.slice(0, 200);
  }
}
