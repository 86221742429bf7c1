import { webcrypto } from 'node:crypto';
import { SignJWT } from 'jose';
import { GlideError, type Clock } from '../core/index.js';
import { LruCache } from '../core/index.js';
import { Hs256Verifier } from './hs256-verify.js';
import type { AuthClaims, TokenVersions } from './types.js';

/** Longer input is rejected before parsing. Our tokens are about 200 characters. */
export const MAX_JWT_CHARS = 2048;
/** uids are read as 32-bit ints by Java clients. */
const UID_LIMIT = 2 ** 31;

export interface JwtCodecOptions {
  key: Uint8Array;
  /** `aud` claim; distinct per kind so a token never verifies as a credential or the reverse. */
  audience: string;
  /** Used in error details ('token', 'credential'). */
  label: string;
  clock: Clock;
  versions: TokenVersions;
  /** Verified signatures kept (0 disables). Only signature and claim parsing is cached, never the version check. */
  cacheSize: number;
}

interface CachedClaims extends AuthClaims {
  expSec: number;
}

/** HS256 JWTs carrying AuthClaims, checked against the clock and the stored version. Shared by tokens and credentials. */
export class JwtCodec {
  private readonly cache: LruCache<string, CachedClaims>;
  /** Imported once: given the raw bytes, jose imports a WebCrypto key on every call (~10 % of a node's CPU in a sign-in storm). */
  private cryptoKey: Promise<webcrypto.CryptoKey> | undefined;

  private readonly verifier: Hs256Verifier;

  constructor(private readonly options: JwtCodecOptions) {
    this.cache = new LruCache(options.cacheSize);
    this.verifier = new Hs256Verifier(options.key, options.audience);
  }

  async sign(claims: AuthClaims, ttlSec: number): Promise<{ jwt: string; expiresAt: number }> {
    const iatSec = Math.floor(this.options.clock.now() / 1000);
    const expSec = iatSec + ttlSec;
    const jwt = await new SignJWT({ uid: claims.uid, device: claims.device, ver: claims.ver })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setAudience(this.options.audience)
      .setIssuedAt(iatSec)
      .setExpirationTime(expSec)
      .sign(await this.key());
    return { jwt, expiresAt: expSec * 1000 };
  }

  private key(): Promise<webcrypto.CryptoKey> {
    this.cryptoKey ??= webcrypto.subtle.importKey('raw', this.options.key, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
    return this.cryptoKey;
  }

  /** Throws AUTH_TOKEN_INVALID (malformed, bad signature or claims), AUTH_TOKEN_EXPIRED or AUTH_TOKEN_REVOKED. */
  async verify(jwt: string): Promise<AuthClaims> {
    const claims = this.verifySignature(jwt);
    const stored = await this.options.versions.get(claims.uid, claims.device);
    if (claims.ver < stored) throw new GlideError('AUTH_TOKEN_REVOKED', `${this.options.label} was replaced by a newer sign-in or a logout`);
    return { uid: claims.uid, device: claims.device, ver: claims.ver };
  }

  private verifySignature(jwt: string): CachedClaims {
    const { label, clock } = this.options;
    if (typeof jwt !== 'string' || jwt.length === 0 || jwt.length > MAX_JWT_CHARS) {
      throw new GlideError('AUTH_TOKEN_INVALID', `${label} is missing or too long`);
    }
    const nowSec = Math.floor(clock.now() / 1000);
    const cached = this.cache.get(jwt);
    if (cached !== undefined) {
      // Same rule as jose: expired once exp <= now.
      if (cached.expSec > nowSec) return cached;
      this.cache.delete(jwt);
      throw new GlideError('AUTH_TOKEN_EXPIRED', label);
    }
    const result = this.verifier.verify(jwt, nowSec);
    if ('refusal' in result) {
      if (result.refusal === 'expired') throw new GlideError('AUTH_TOKEN_EXPIRED', label);
      throw new GlideError('AUTH_TOKEN_INVALID', `${label}: ${result.refusal}`);
    }
    const { uid, device, ver, exp } = result.payload;
    if (!isIntIn(uid, 1, UID_LIMIT - 1) || !isIntIn(device, 1, Number.MAX_SAFE_INTEGER) || !isIntIn(ver, 1, Number.MAX_SAFE_INTEGER) || typeof exp !== 'number') {
      throw new GlideError('AUTH_TOKEN_INVALID', `${label} claims have the wrong types`);
    }
    const claims: CachedClaims = { uid, device, ver, expSec: exp };
    this.cache.set(jwt, claims);
    return claims;
  }
}

function isIntIn(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= min && value <= max;
}
