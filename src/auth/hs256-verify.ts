import { createHmac, createSecretKey, timingSafeEqual, type KeyObject } from 'node:crypto';

/** Why a compact HS256 JWT was refused; `expired` is the only outcome a caller reports apart. */
export type Hs256Refusal = 'malformed' | 'header' | 'signature' | 'claims' | 'expired';

export type Hs256Result = { payload: Record<string, unknown> } | { refusal: Hs256Refusal };

const SIGNATURE_BYTES = 32;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/**
 * Verifies a compact JWT signed with HMAC-SHA256, synchronously (node:crypto): jose's WebCrypto verify
 * costs ~50–90 µs of CPU and a thread-pool round trip per token, this ~12 µs, and a reconnecting
 * client's token is never in the node's cache. Only the tokens we issue pass: header exactly
 * {alg: HS256, typ: JWT} (so no `crit`, no `b64: false`), `aud` naming `audience`, numeric `iat` and
 * `exp` with exp > now, and `nbf`, when present, not after now (jose's rules, clock tolerance 0).
 */
export class Hs256Verifier {
  private readonly key: KeyObject;

  constructor(
    key: Uint8Array,
    private readonly audience: string,
  ) {
    this.key = createSecretKey(key);
  }

  verify(jwt: string, nowSec: number): Hs256Result {
    const parts = jwt.split('.');
    if (parts.length !== 3) return { refusal: 'malformed' };
    const [header, payload, signature] = parts as [string, string, string];
    if (!BASE64URL.test(header) || !BASE64URL.test(payload) || !BASE64URL.test(signature)) return { refusal: 'malformed' };
    const head = parseObject(header);
    if (!head) return { refusal: 'malformed' };
    if (Object.keys(head).length !== 2 || head['alg'] !== 'HS256' || head['typ'] !== 'JWT') return { refusal: 'header' };
    const given = Buffer.from(signature, 'base64url');
    const expected = createHmac('sha256', this.key).update(`${header}.${payload}`).digest();
    if (given.length !== SIGNATURE_BYTES || !timingSafeEqual(given, expected)) return { refusal: 'signature' };
    const claims = parseObject(payload);
    if (!claims) return { refusal: 'malformed' };
    const { aud, iat, exp, nbf } = claims;
    const isForUs = aud === this.audience || (Array.isArray(aud) && aud.includes(this.audience));
    if (!isForUs || typeof iat !== 'number' || typeof exp !== 'number' || (nbf !== undefined && typeof nbf !== 'number')) return { refusal: 'claims' };
    if (typeof nbf === 'number' && nbf > nowSec) return { refusal: 'claims' };
    if (exp <= nowSec) return { refusal: 'expired' };
    return { payload: claims };
  }
}

function parseObject(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
