import { createHmac, timingSafeEqual } from 'node:crypto';
import { deriveKey, KEY_PURPOSE } from './secret.js';

/** HMAC-SHA256 over a path and its expiry: download links that work without the bearer token, until they expire. */
export class LinkSigner {
  private readonly key: Buffer;

  constructor(secret: string) {
    this.key = deriveKey(secret, KEY_PURPOSE.link);
  }

  sign(path: string, expiresAtSec: number): string {
    return createHmac('sha256', this.key).update(`${path}\n${expiresAtSec}`).digest('base64url');
  }

  isValid(path: string, expiresAtSec: number, signature: string): boolean {
    const expected = Buffer.from(this.sign(path, expiresAtSec));
    const given = Buffer.from(signature);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}
