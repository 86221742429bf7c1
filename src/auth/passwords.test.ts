import { describe, expect, it } from 'vitest';
import { PasswordHasher } from './passwords.js';

// Cheap parameters keep the suite fast; one test covers the defaults.
const hasher = new PasswordHasher({ memoryCostKiB: 1024, timeCost: 1 });

describe('PasswordHasher', () => {
  it('hashes with argon2id at the default cost and verifies the password', async () => {
    const standard = new PasswordHasher();
    const hash = await standard.hash('correct horse');
    expect(hash).not.toContain('correct horse');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await standard.verify(hash, 'correct horse')).toBe(true);
    expect(standard.needsRehash(hash)).toBe(false);
  });

  it('salts each hash', async () => {
    expect(await hasher.hash('same')).not.toBe(await hasher.hash('same'));
  });

  it('rejects a wrong password', async () => {
    const hash = await hasher.hash('correct horse');
    expect(await hasher.verify(hash, 'correct hors')).toBe(false);
    expect(await hasher.verify(hash, '')).toBe(false);
  });

  it('returns false for a malformed hash instead of throwing', async () => {
    expect(await hasher.verify('', 'x')).toBe(false);
    expect(await hasher.verify('plain-text-password', 'plain-text-password')).toBe(false);
    expect(await hasher.verify('$argon2id$v=19$m=1024,t=1,p=1$broken', 'x')).toBe(false);
  });

  it('answers false for an unknown account after doing the same work', async () => {
    expect(await hasher.verifyAccount(undefined, 'anything')).toBe(false);
    expect(await hasher.verifyAccount(undefined, '')).toBe(false);
    const hash = await hasher.hash('pw');
    expect(await hasher.verifyAccount(hash, 'pw')).toBe(true);
  });

  it('asks for a rehash when the parameters changed or the hash is not argon2id', async () => {
    const weak = await hasher.hash('pw');
    expect(new PasswordHasher().needsRehash(weak)).toBe(true);
    expect(hasher.needsRehash(weak)).toBe(false);
    expect(hasher.needsRehash('$2b$10$abcdefghijklmnopqrstuv')).toBe(true);
  });
});
