/**
 * Bench accounts for servers the bench spawned: written to a JSONL file with one argon2 hash reused for
 * every row, loaded with `glide user import --tokens` (batched transactions, tokens signed with the
 * nodes' secret). 100,000 accounts take seconds; the sign-up route would spend ~30 minutes on argon2.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hash } from '@node-rs/argon2';
import type { BenchUser } from './types.js';
import { childModule } from './worker-pool.js';

const PASSWORD = 'glide-bench-password';
/** Device 2 (web): one bench connection per user, so the device policy never kicks one. */
const DEVICE = 2;
/** The import of 200,000 rows on a loaded machine stays well within this. */
const IMPORT_TIMEOUT_MS = 600_000;

export interface SeedTarget {
  count: number;
  /** The nodes' store: a postgres:// or mysql:// URL, or undefined for SQLite in `dataDir`. */
  db: string | undefined;
  /** Node 1's data dir (its SQLite database and, without `secret`, its secret.key). */
  dataDir: string;
  /** The cluster's auth secret when the bench set one. */
  secret: string | undefined;
}

/** Seeds `count` fresh accounts and returns them with a sign-in token each, in order. */
export async function seedBenchUsers(target: SeedTarget): Promise<BenchUser[]> {
  const dir = mkdtempSync(join(tmpdir(), 'glide-bench-seed-'));
  try {
    const passwordHash = await hash(PASSWORD);
    const prefix = `bench${Date.now().toString(36)}_`;
    const file = join(dir, 'users.jsonl');
    const lines = new Array<string>(target.count);
    for (let i = 0; i < target.count; i++) lines[i] = `{"account":"${prefix}${i}","passwordHash":"${passwordHash}"}`;
    writeFileSync(file, `${lines.join('\n')}\n`);
    const tokensFile = join(dir, 'tokens.jsonl');
    const args = ['user', 'import', file, '--tokens', tokensFile, '--token-device', String(DEVICE), '--data', target.dataDir, '--json'];
    if (target.db !== undefined) args.push('--db', target.db);
    await runGlide(args, target.secret);
    const users = readFileSync(tokensFile, 'utf8')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => {
        const { uid, token } = JSON.parse(line) as { uid: number; token: string };
        return { uid, token };
      });
    if (users.length !== target.count) throw new Error(`glide user import gave ${users.length} tokens for ${target.count} accounts`);
    return users;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function runGlide(args: string[], secret: string | undefined): Promise<void> {
  const main = childModule('../main');
  const env = { ...process.env, ...(secret === undefined ? {} : { GLIDE_AUTH_SECRET: secret }) };
  const child = spawn(process.execPath, [...main.execArgv, main.path, ...args], { stdio: ['ignore', 'ignore', 'pipe'], env });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), IMPORT_TIMEOUT_MS);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`glide user import failed (${signal ?? `exit ${code ?? '?'}`}): ${stderr.trim()}`));
    });
  });
}
