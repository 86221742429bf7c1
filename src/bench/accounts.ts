/**
 * Bench users: registered and signed in over HTTP, a few at a time (each costs an argon2 hash on the
 * server), and cached in a JSON file keyed by server so repeated runs reuse accounts and tokens.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { BenchUser } from './types.js';

const PASSWORD = 'glide-bench-password';
/** Device 2 (web): one bench connection per user, so the device policy never kicks one. */
const DEVICE = 2;
/** Parallel register/sign-in requests: enough to keep the server's hashing threads busy. */
const CONCURRENCY = 8;

interface CachedUser extends BenchUser {
  account: string;
}

type CacheFile = Record<string, CachedUser[]>;

interface ApiReply {
  Code?: number;
  Msg?: string;
  Data?: { token?: string; uid?: number };
}

async function post(httpBase: string, path: string, body: unknown, token?: string): Promise<{ status: number; reply: ApiReply }> {
  const res = await fetch(`${httpBase}/api/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token === undefined ? {} : { authorization: `Bearer ${token}` }) },
    body: JSON.stringify(body),
  });
  return { status: res.status, reply: (await res.json()) as ApiReply };
}

/** Registers (an existing account is fine) and signs in; returns uid and token. */
async function provision(httpBase: string, account: string): Promise<CachedUser> {
  await post(httpBase, 'auth/register', { Account: account, Password: PASSWORD });
  const { reply } = await post(httpBase, 'auth/signin_v2', { Account: account, Password: PASSWORD, Device: DEVICE });
  const uid = reply.Data?.uid;
  const token = reply.Data?.token;
  if (reply.Code !== 100 || typeof uid !== 'number' || typeof token !== 'string') throw new Error(`sign-in of ${account} failed: ${reply.Code ?? '?'} ${reply.Msg ?? ''}`);
  return { account, uid, token };
}

/** A cached token still works (the server may have been reset since). */
async function isValid(httpBase: string, user: CachedUser): Promise<boolean> {
  try {
    const { status, reply } = await post(httpBase, 'user/profile', {}, user.token);
    return status === 200 && reply.Code === 100;
  } catch {
    return false;
  }
}

function readCache(file: string): CacheFile {
  if (!existsSync(file)) return {};
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as CacheFile;
  } catch {
    return {};
  }
}

function writeCache(file: string, cache: CacheFile): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(`${file}.tmp`, JSON.stringify(cache));
  renameSync(`${file}.tmp`, file);
}

/**
 * `count` users on the servers at `httpBases` (the nodes of one cluster share accounts: the request
 * lanes take turns over them, so hashing spreads too). With a cache file, accounts made before for the
 * same key are reused (checked by sampling their tokens) and new ones are added to it.
 */
export async function benchUsers(options: { httpBases: readonly string[]; count: number; cacheFile?: string; cacheKey: string; onProgress?: (done: number) => void }): Promise<BenchUser[]> {
  const { httpBases, count, cacheFile, cacheKey } = options;
  const httpBase = httpBases[0]!;
  const cache = cacheFile === undefined ? {} : readCache(cacheFile);
  let users = cache[cacheKey] ?? [];
  const samples = [users[0], users[Math.floor(users.length / 2)], users[users.length - 1]].filter((u): u is CachedUser => u !== undefined);
  for (const sample of samples) {
    if (!(await isValid(httpBase, sample))) {
      users = [];
      break;
    }
  }
  if (users.length < count) {
    const made: CachedUser[] = [...users];
    let next = users.length;
    const prefix = `bench${Date.now().toString(36)}_`;
    const lane = async (_: unknown, laneIndex: number): Promise<void> => {
      const base = httpBases[laneIndex % httpBases.length]!;
      while (next < count) {
        const index = next++;
        made[index] = await provision(base, `${prefix}${index}`);
        options.onProgress?.(made.filter(Boolean).length);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, lane));
    users = made;
    if (cacheFile !== undefined) writeCache(cacheFile, { ...cache, [cacheKey]: users });
  }
  return users.slice(0, count).map(({ uid, token }) => ({ uid, token }));
}
