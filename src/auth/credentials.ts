import type { Clock } from '../core/index.js';
import { JwtCodec } from './jwt-codec.js';
import { deriveKey, KEY_PURPOSE } from './secret.js';
import type { AuthClaims, IssuedCredential, TokenVersions } from './types.js';

export interface CredentialServiceOptions {
  secret: string;
  clock: Clock;
  ttlSec: number;
  versions: TokenVersions;
}

/**
 * The G2 `credential` for `authenticate {credential, version}`: a short-lived proof of (uid, device, ver)
 * handed out with a token. Its own key and audience keep it from being swapped with a token.
 * It shares the token's version, so a newer sign-in or a logout revokes it too.
 */
export class CredentialService {
  private readonly codec: JwtCodec;
  private readonly ttlSec: number;

  constructor(options: CredentialServiceOptions) {
    this.ttlSec = options.ttlSec;
    // Verified once per connection, so no cache.
    this.codec = new JwtCodec({
      key: deriveKey(options.secret, KEY_PURPOSE.credential),
      audience: 'glide:credential',
      label: 'credential',
      clock: options.clock,
      versions: options.versions,
      cacheSize: 0,
    });
  }

  /** Signs claims that were just issued or verified (no version bump: it rides on the token's version). */
  async issue(claims: AuthClaims): Promise<IssuedCredential> {
    const { jwt, expiresAt } = await this.codec.sign(claims, this.ttlSec);
    return { credential: jwt, expiresAt };
  }

  /** Throws AUTH_TOKEN_INVALID, AUTH_TOKEN_EXPIRED or AUTH_TOKEN_REVOKED (detail says 'credential'). */
  verify(credential: string): Promise<AuthClaims> {
    return this.codec.verify(credential);
  }
}
