import { SignJWT } from 'jose';
import { beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../core/index.js';
import { CredentialService } from './credentials.js';
import { MemoryTokenVersions } from './memory-token-versions.js';
import { deriveKey, KEY_PURPOSE } from './secret.js';
import { TokenService } from './tokens.js';

const SECRET = 'a-test-secret-that-is-long-enough-0123456789';
const TTL_SEC = 3600;

let clock: ManualClock;
let versions: MemoryTokenVersions;
let tokens: TokenService;

beforeEach(() => {
  clock = new ManualClock();
  versions = new MemoryTokenVersions();
  tokens = new TokenService({ secret: SECRET, clock, ttlSec: TTL_SEC, versions });
});

/** Signs arbitrary claims with the real token key, to test claim validation behind a good signature. */
async function forge(claims: Record<string, unknown>, options: { exp?: number | null } = {}): Promise<string> {
  const nowSec = Math.floor(clock.now() / 1000);
  const jwt = new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setAudience('glide:token').setIssuedAt(nowSec);
  if (options.exp !== null) jwt.setExpirationTime(options.exp ?? nowSec + 60);
  return jwt.sign(deriveKey(SECRET, KEY_PURPOSE.token));
}

function b64(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

describe('TokenService', () => {
  it('issues a token that verifies to its uid, device and version', async () => {
    const issued = await tokens.issue(42, 2);
    expect(issued.version).toBe(1);
    expect(issued.expiresAt).toBe(Math.floor(clock.now() / 1000) * 1000 + TTL_SEC * 1000);
    expect(await tokens.verify(issued.token)).toEqual({ uid: 42, device: 2, ver: 1 });
  });

  it('rejects a token once it expires, by the injected clock', async () => {
    const { token } = await tokens.issue(42, 2);
    clock.advance((TTL_SEC - 1) * 1000);
    await expect(tokens.verify(token)).resolves.toMatchObject({ uid: 42 });
    clock.advance(1000);
    await expect(tokens.verify(token)).rejects.toMatchObject({ code: 'AUTH_TOKEN_EXPIRED' });
  });

  it('revokes the older token when the same device signs in again', async () => {
    const old = await tokens.issue(42, 1);
    const fresh = await tokens.issue(42, 1);
    expect(fresh.version).toBe(2);
    await expect(tokens.verify(old.token)).rejects.toMatchObject({ code: 'AUTH_TOKEN_REVOKED' });
    await expect(tokens.verify(fresh.token)).resolves.toEqual({ uid: 42, device: 1, ver: 2 });
  });

  it('revokes on logout even when the token was verified (and cached) before', async () => {
    const { token } = await tokens.issue(42, 1);
    await tokens.verify(token);
    await tokens.revoke(42, 1);
    await expect(tokens.verify(token)).rejects.toMatchObject({ code: 'AUTH_TOKEN_REVOKED' });
  });

  it("leaves another device's and another user's tokens valid", async () => {
    const web = await tokens.issue(42, 2);
    const otherUser = await tokens.issue(43, 1);
    await tokens.issue(42, 1);
    await tokens.revoke(42, 1);
    await expect(tokens.verify(web.token)).resolves.toMatchObject({ device: 2 });
    await expect(tokens.verify(otherUser.token)).resolves.toMatchObject({ uid: 43 });
  });

  it('keeps older tokens of the device valid when revoking on issue is off', async () => {
    const shared = new TokenService({ secret: SECRET, clock, ttlSec: TTL_SEC, versions, isRevokingOnIssue: false });
    const first = await shared.issue(7, 2);
    const second = await shared.issue(7, 2);
    expect(second.version).toBe(first.version);
    await expect(shared.verify(first.token)).resolves.toMatchObject({ uid: 7 });
    await shared.revoke(7, 2);
    await expect(shared.verify(second.token)).rejects.toMatchObject({ code: 'AUTH_TOKEN_REVOKED' });
  });

  it('reports an expired cached token as expired', async () => {
    const { token } = await tokens.issue(42, 2);
    await tokens.verify(token);
    clock.advance(TTL_SEC * 1000);
    await expect(tokens.verify(token)).rejects.toMatchObject({ code: 'AUTH_TOKEN_EXPIRED' });
  });

  it('rejects a tampered signature or payload', async () => {
    const { token } = await tokens.issue(42, 2);
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const flipped = (signature[0] === 'A' ? 'B' : 'A') + signature.slice(1);
    await expect(tokens.verify(`${header}.${payload}.${flipped}`)).rejects.toMatchObject({ code: 'AUTH_TOKEN_INVALID' });
    const otherUid = b64({ ...(JSON.parse(Buffer.from(payload, 'base64url').toString()) as object), uid: 1 });
    await expect(tokens.verify(`${header}.${otherUid}.${signature}`)).rejects.toMatchObject({ code: 'AUTH_TOKEN_INVALID' });
  });

  it('rejects alg none, other algorithms and a token signed with another secret', async () => {
    const nowSec = Math.floor(clock.now() / 1000);
    const claims = { uid: 42, device: 2, ver: 1, aud: 'glide:token', iat: nowSec, exp: nowSec + 60 };
    await versions.bump(42, 2);
    await expect(tokens.verify(`${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`)).rejects.toMatchObject({ code: 'AUTH_TOKEN_INVALID' });
    const hs512 = await new SignJWT(claims).setProtectedHeader({ alg: 'HS512', typ: 'JWT' }).sign(new Uint8Array(64).fill(7));
    await expect(tokens.verify(hs512)).rejects.toMatchObject({ code: 'AUTH_TOKEN_INVALID' });
    const other = new TokenService({ secret: 'another-secret-that-is-long-enough-987654', clock, ttlSec: TTL_SEC, versions });
    const { token } = await other.issue(42, 2);
    await expect(tokens.verify(token)).rejects.toMatchObject({ code: 'AUTH_TOKEN_INVALID' });
  });

  it('rejects garbage, empty and oversized input', async () => {
    for (const bad of ['', 'abc', 'a.b.c', '...', 'x'.repeat(5000)]) {
      await expect(tokens.verify(bad)).rejects.toMatchObject({ code: 'AUTH_TOKEN_INVALID' });
    }
  });

  it.each([
    ['uid as a string', { uid: '42', device: 2, ver: 1 }],
    ['uid zero', { uid: 0, device: 2, ver: 1 }],
    ['uid at 2^31', { uid: 2 ** 31, device: 2, ver: 1 }],
    ['fractional uid', { uid: 4.5, device: 2, ver: 1 }],
    ['negative device', { uid: 42, device: -1, ver: 1 }],
    ['device missing', { uid: 42, ver: 1 }],
    ['ver as a string', { uid: 42, device: 2, ver: '1' }],
  ])('rejects a correctly signed token with %s', async (_name, claims) => {
    await expect(tokens.verify(await forge(claims))).rejects.toMatchObject({ code: 'AUTH_TOKEN_INVALID' });
  });

  it('rejects a correctly signed token without exp', async () => {
    await expect(tokens.verify(await forge({ uid: 42, device: 2, ver: 1 }, { exp: null }))).rejects.toMatchObject({ code: 'AUTH_TOKEN_INVALID' });
  });

  it('rejects a correctly signed token with a header we never issue or a future nbf', async () => {
    const nowSec = Math.floor(clock.now() / 1000);
    const key = deriveKey(SECRET, KEY_PURPOSE.token);
    const claims = { uid: 42, device: 2, ver: 1 };
    await versions.bump(42, 2);
    const withHeader = (header: Record<string, unknown>) => new SignJWT(claims).setProtectedHeader({ alg: 'HS256', ...header }).setAudience('glide:token').setIssuedAt(nowSec).setExpirationTime(nowSec + 60).sign(key);
    await expect(tokens.verify(await withHeader({ typ: 'JWT', kid: 'x' }))).rejects.toMatchObject({ code: 'AUTH_TOKEN_INVALID' });
    await expect(tokens.verify(await withHeader({}))).rejects.toMatchObject({ code: 'AUTH_TOKEN_INVALID' });
    const early = new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setAudience('glide:token').setIssuedAt(nowSec).setNotBefore(nowSec + 30).setExpirationTime(nowSec + 60);
    await expect(tokens.verify(await early.sign(key))).rejects.toMatchObject({ code: 'AUTH_TOKEN_INVALID' });
    const listed = new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setAudience(['other', 'glide:token']).setIssuedAt(nowSec).setExpirationTime(nowSec + 60);
    await expect(tokens.verify(await listed.sign(key))).resolves.toEqual(claims);
  });

  it('accepts a hand-signed token with valid claims, so the rejections above are about the claims', async () => {
    await versions.bump(42, 2);
    await expect(tokens.verify(await forge({ uid: 42, device: 2, ver: 1 }))).resolves.toEqual({ uid: 42, device: 2, ver: 1 });
  });
});

describe('CredentialService', () => {
  let credentials: CredentialService;

  beforeEach(() => {
    credentials = new CredentialService({ secret: SECRET, clock, ttlSec: 300, versions });
  });

  it('proves the uid, device and version of a sign-in', async () => {
    const issued = await tokens.issue(42, 5);
    const { credential } = await credentials.issue({ uid: 42, device: 5, ver: issued.version });
    expect(await credentials.verify(credential)).toEqual({ uid: 42, device: 5, ver: 1 });
  });

  it('cannot be swapped with a token, either way', async () => {
    const { token, version } = await tokens.issue(42, 5);
    const { credential } = await credentials.issue({ uid: 42, device: 5, ver: version });
    await expect(credentials.verify(token)).rejects.toMatchObject({ code: 'AUTH_TOKEN_INVALID' });
    await expect(tokens.verify(credential)).rejects.toMatchObject({ code: 'AUTH_TOKEN_INVALID' });
  });

  it('expires after its own short lifetime', async () => {
    const { version } = await tokens.issue(42, 5);
    const { credential } = await credentials.issue({ uid: 42, device: 5, ver: version });
    clock.advance(300_000);
    await expect(credentials.verify(credential)).rejects.toMatchObject({ code: 'AUTH_TOKEN_EXPIRED' });
  });

  it('is revoked by a newer sign-in or a logout of the same device', async () => {
    const { version } = await tokens.issue(42, 5);
    const { credential } = await credentials.issue({ uid: 42, device: 5, ver: version });
    await tokens.revoke(42, 5);
    await expect(credentials.verify(credential)).rejects.toMatchObject({ code: 'AUTH_TOKEN_REVOKED' });
  });
});
