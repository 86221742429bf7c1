import { hkdfSync, randomBytes } from 'node:crypto';
import { link, mkdir, open, readFile, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { GlideError, type Logger } from '../core/index.js';

/** HS256 wants a key at least as long as its 32-byte output (RFC 7518 3.2). */
export const MIN_SECRET_BYTES = 32;
export const SECRET_FILE_NAME = 'secret.key';

export interface SecretOptions {
  /** `auth.secret` from config; empty means load or generate. */
  configured: string;
  dataDir: string;
  log?: Logger;
}

/**
 * The signing secret: the configured one, else `<dataDir>/secret.key`, else a new random one saved
 * there with mode 0600, durably (a power cut right after the first start must not leave it empty).
 * Several processes starting at once end up with the same file. An empty, short or damaged file is
 * refused with CONFIG_INVALID naming the file and what to do.
 */
export async function loadOrCreateSecret(options: SecretOptions): Promise<string> {
  if (options.configured !== '') {
    assertLongEnough(options.configured, 'auth.secret', 'use a random string of at least 32 bytes, or leave it empty to generate one');
    return options.configured;
  }
  const file = join(options.dataDir, SECRET_FILE_NAME);
  const existing = await readSecretFile(file);
  if (existing !== undefined) return existing;

  await mkdir(options.dataDir, { recursive: true, mode: 0o700 });
  const secret = randomBytes(48).toString('base64url');
  // Write and fsync a temp file, then hard-link it into place: the name appears only with its full,
  // synced content, and link fails if another process got there first, in which case its secret wins.
  const temp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  await writeSynced(temp, `${secret}\n`);
  try {
    await link(temp, file);
  } catch (err) {
    if (!hasCode(err, 'EEXIST')) throw err;
    const winner = await readSecretFile(file);
    if (winner === undefined) throw new Error(`secret file ${file} vanished while being created`, { cause: err });
    return winner;
  } finally {
    await unlink(temp);
  }
  // The new name (and the data directory's own, if it was just made) must reach the disk too.
  await syncDirectory(options.dataDir);
  await syncDirectory(dirname(options.dataDir));
  options.log?.info({ file }, 'generated a new signing secret');
  return secret;
}

async function writeSynced(file: string, text: string): Promise<void> {
  const handle = await open(file, 'wx', 0o600);
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Purposes get separate keys, so a value signed for one can never verify as another. */
export const KEY_PURPOSE = {
  token: 'glide/token/v1',
  credential: 'glide/credential/v1',
  ticket: 'glide/ticket/v1',
  link: 'glide/link/v1',
} as const;
export type KeyPurpose = (typeof KEY_PURPOSE)[keyof typeof KEY_PURPOSE];

/** A 32-byte key for one purpose, derived from the secret with HKDF-SHA256. */
export function deriveKey(secret: string, purpose: KeyPurpose): Buffer {
  assertLongEnough(secret, 'signing secret', 'load it with loadOrCreateSecret');
  return Buffer.from(hkdfSync('sha256', secret, '', purpose, 32));
}

async function readSecretFile(file: string): Promise<string | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if (hasCode(err, 'ENOENT')) return undefined;
    throw err;
  }
  const secret = text.trim();
  const fix = 'delete it to generate a new one (this signs every device out), or restore it from a backup';
  // A crash while the file was first written leaves it empty or full of zero bytes on many file systems.
  if (secret === '') throw new GlideError('CONFIG_INVALID', `secret file ${file} is empty (cut short by a crash or power loss?); ${fix}`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(secret)) throw new GlideError('CONFIG_INVALID', `secret file ${file} is damaged (it holds control or zero bytes); ${fix}`);
  assertLongEnough(secret, `secret file ${file}`, fix);
  return secret;
}

function assertLongEnough(secret: string, what: string, hint: string): void {
  const bytes = Buffer.byteLength(secret, 'utf8');
  if (bytes < MIN_SECRET_BYTES) {
    throw new GlideError('CONFIG_INVALID', `${what} is ${bytes} bytes, at least ${MIN_SECRET_BYTES} are required; ${hint}`);
  }
}

function hasCode(err: unknown, code: string): boolean {
  return err instanceof Error && (err as NodeJS.ErrnoException).code === code;
}
