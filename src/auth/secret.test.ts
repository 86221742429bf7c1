import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deriveKey, KEY_PURPOSE, loadOrCreateSecret, SECRET_FILE_NAME } from './secret.js';

let root: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'glide-secret-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('loadOrCreateSecret', () => {
  it('uses a configured secret of at least 32 bytes', async () => {
    const configured = 's'.repeat(32);
    expect(await loadOrCreateSecret({ configured, dataDir: join(root, 'unused') })).toBe(configured);
  });

  it('rejects a configured secret shorter than 32 bytes with a clear error', async () => {
    await expect(loadOrCreateSecret({ configured: 'short', dataDir: root })).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      message: expect.stringContaining('at least 32 bytes') as unknown,
    });
  });

  it('creates the directory and a 0600 secret file, then reuses it', async () => {
    const dataDir = join(root, 'nested', 'data');
    const first = await loadOrCreateSecret({ configured: '', dataDir });
    expect(Buffer.byteLength(first)).toBeGreaterThanOrEqual(64);
    const file = join(dataDir, SECRET_FILE_NAME);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await readFile(file, 'utf8')).trim()).toBe(first);
    expect(await loadOrCreateSecret({ configured: '', dataDir })).toBe(first);
  });

  it('generates a different secret in another data directory', async () => {
    const a = await loadOrCreateSecret({ configured: '', dataDir: join(root, 'a') });
    const b = await loadOrCreateSecret({ configured: '', dataDir: join(root, 'b') });
    expect(a).not.toBe(b);
  });

  it('gives every concurrent caller the same secret', async () => {
    const results = await Promise.all(Array.from({ length: 8 }, () => loadOrCreateSecret({ configured: '', dataDir: root })));
    expect(new Set(results).size).toBe(1);
  });

  it('refuses a truncated secret file', async () => {
    await writeFile(join(root, SECRET_FILE_NAME), 'abc\n');
    await expect(loadOrCreateSecret({ configured: '', dataDir: root })).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
  });

  it('refuses an empty secret file (a crash while it was first written), naming it and what to do', async () => {
    const file = join(root, SECRET_FILE_NAME);
    await writeFile(file, '');
    await expect(loadOrCreateSecret({ configured: '', dataDir: root })).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      message: `configuration is invalid: secret file ${file} is empty (cut short by a crash or power loss?); delete it to generate a new one (this signs every device out), or restore it from a backup`,
    });
  });

  it('refuses a secret file full of zero bytes as damaged', async () => {
    await writeFile(join(root, SECRET_FILE_NAME), Buffer.alloc(65));
    await expect(loadOrCreateSecret({ configured: '', dataDir: root })).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      message: expect.stringContaining('is damaged (it holds control or zero bytes)') as unknown,
    });
  });

  it('leaves no temp file behind', async () => {
    await loadOrCreateSecret({ configured: '', dataDir: root });
    expect(await readdir(root)).toEqual([SECRET_FILE_NAME]);
  });
});

describe('deriveKey', () => {
  it('derives distinct 32-byte keys per purpose', () => {
    const secret = 'k'.repeat(40);
    const token = deriveKey(secret, KEY_PURPOSE.token);
    expect(token).toHaveLength(32);
    expect(token.equals(deriveKey(secret, KEY_PURPOSE.ticket))).toBe(false);
    expect(token.equals(deriveKey(secret, KEY_PURPOSE.token))).toBe(true);
  });
});
