import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTokenSigner, runUserCommand } from '../../src/admin/index.js';
import { PasswordHasher } from '../../src/auth/index.js';
import { systemClock } from '../../src/core/index.js';
import { silentLogger } from '../../src/log/index.js';
import { createStore, type Store } from '../../src/store/index.js';
import { callApi, signin } from '../helpers/api-client.js';
import { requireService } from '../helpers/require-service.js';
import { isolatedDatabase, tempDir } from '../helpers/store-fixtures.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

const ROWS = 10_000;
const PASSWORD = 'imported-password';
/** 10,000 rows on a loaded machine: seconds per engine. */
const IMPORT_TIMEOUT_MS = 120_000;

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** One argon2 hash, reused for every row: the seeding a load test does. */
const hashOnce = new PasswordHasher().hash(PASSWORD);

function capture(): { out: string[]; err: string[]; output: { out: (t: string) => void; err: (t: string) => void } } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, output: { out: (t) => out.push(t), err: (t) => err.push(t) } };
}

async function storeFor(engine: 'sqlite' | 'postgres' | 'mysql'): Promise<{ store: Store; url: string; dir: string } | undefined> {
  const dir = tempDir();
  cleanups.push(dir.remove);
  let url = `sqlite:${join(dir.dir, 'glide.db')}`;
  if (engine !== 'sqlite') {
    const info = await requireService(engine);
    if (!info) return undefined;
    const db = await isolatedDatabase(info);
    cleanups.push(db.drop);
    url = db.url;
  }
  const store = await createStore({ url, dataDir: dir.dir, log: silentLogger(), clock: systemClock });
  cleanups.push(() => store.close());
  return { store, url, dir: dir.dir };
}

describe('glide user import', () => {
  for (const engine of ['sqlite', 'postgres', 'mysql'] as const) {
    it(`imports ${ROWS} pre-hashed accounts on ${engine}; one signs in with its password, another with its issued token`, async () => {
      const target = await storeFor(engine);
      if (!target) return;
      const prefix = `imp${randomBytes(3).toString('hex')}`;
      const hash = await hashOnce;
      const file = join(target.dir, 'users.jsonl');
      writeFileSync(file, Array.from({ length: ROWS }, (_, i) => JSON.stringify({ account: `${prefix}_${i}`, name: `User ${i}`, passwordHash: hash })).join('\n'));
      const tokensFile = join(target.dir, 'tokens.jsonl');
      const secret = randomBytes(32).toString('base64url');
      const { out, err, output } = capture();
      const code = await runUserCommand({ store: target.store, output, args: ['import', file], isJson: true, nickname: undefined, readPassword: () => Promise.resolve(''), tokensFile, tokenDevice: 2, signToken: () => Promise.resolve(createTokenSigner({ secret, ttlSec: 3600 })) });
      expect(err).toEqual([]);
      expect(code).toBe(0);
      expect(JSON.parse(out.join(''))).toMatchObject({ imported: ROWS });
      const tokens = readFileSync(tokensFile, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { account: string; uid: number; token: string });
      expect(tokens).toHaveLength(ROWS);
      await target.store.close();

      const server: TestServer = await startTestServer({ store: { url: target.url }, auth: { secret } });
      cleanups.push(() => server.close());
      const last = tokens[ROWS - 1]!;
      expect(last.account).toBe(`${prefix}_${ROWS - 1}`);
      const profile = await callApi(server, 'user/profile', {}, last.token);
      expect(profile.body).toMatchObject({ Code: 100, Data: { uid: last.uid, Nickname: `User ${ROWS - 1}` } });
      const signed = await signin(server, `${prefix}_7`, PASSWORD);
      expect(signed.uid).toBe(tokens[7]!.uid);
      // The sign-in on device 2 revoked the token the import issued for it.
      expect((await callApi(server, 'user/profile', {}, tokens[7]!.token)).status).toBe(401);
    }, IMPORT_TIMEOUT_MS);
  }

  it('reads CSV with quoted names, and stops at a bad row naming its line, keeping earlier batches only', async () => {
    const target = await storeFor('sqlite');
    const hash = await hashOnce;
    const file = join(target!.dir, 'users.csv');
    writeFileSync(file, `account,name,passwordHash\nAda,"Lovelace, Ada",${hash}\nbob,,${hash}\n`);
    const ok = capture();
    const okCode = await runUserCommand({ store: target!.store, output: ok.output, args: ['import', file], isJson: false, nickname: undefined, readPassword: () => Promise.resolve('') });
    expect(ok.err).toEqual([]);
    expect(okCode).toBe(0);
    expect(await target!.store.users.getByAccount('ada')).toMatchObject({ nickname: 'Lovelace, Ada', passwordHash: hash });
    expect(await target!.store.users.getByAccount('bob')).toMatchObject({ nickname: 'bob' });

    writeFileSync(file, `carol,Carol,${hash}\ndave,Dave,plain-password\n`);
    const bad = capture();
    expect(await runUserCommand({ store: target!.store, output: bad.output, args: ['import', file], isJson: false, nickname: undefined, readPassword: () => Promise.resolve('') })).toBe(1);
    expect(bad.err.join('')).toMatch(/users\.csv:2: passwordHash must be an argon2 PHC string/);
    expect(await target!.store.users.getByAccount('carol')).toBeUndefined();

    writeFileSync(file, `erin,Erin,${hash}\nada,Again,${hash}\n`);
    const taken = capture();
    expect(await runUserCommand({ store: target!.store, output: taken.output, args: ['import', file], isJson: false, nickname: undefined, readPassword: () => Promise.resolve('') })).toBe(1);
    expect(taken.err.join('')).toMatch(/exists or appears twice; 0 users imported/);
    expect(await target!.store.users.getByAccount('erin')).toBeUndefined();
  });
});
