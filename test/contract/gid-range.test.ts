import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/log/index.js';
import { createStore, FIRST_GID, MAX_UID, type Store } from '../../src/store/index.js';
import { createMigrator } from '../../src/store/sql/migrations.js';
import { dialectFor } from '../../src/store/sql/sql-store.js';
import { requireService } from '../helpers/require-service.js';
import { isolatedDatabase, tempDir } from '../helpers/store-fixtures.js';

const log = silentLogger();

/** A database as Glide left it before 002_gid_range: the initial schema and one group, gid 1. */
async function databaseBeforeGidRange(url: string, dataDir: string): Promise<void> {
  const d = await dialectFor(url, dataDir, { poolSize: 1, sqliteSync: 'full', onIdleError: () => undefined });
  const db = new Kysely<unknown>({ dialect: d.kysely });
  try {
    const { error } = await createMigrator(db, d).migrateTo('001_initial');
    if (error) throw error;
    await sql`insert into chat_groups (name, avatar, owner_uid, mute, dissolved, allow_history, last_seq, created_at, updated_at) values ('old', '', 7, 0, 0, 1, 0, 0, 0)`.execute(db);
  } finally {
    await db.destroy();
  }
}

const engines: Array<{ name: string; open: () => Promise<{ url: string; dataDir: string; dispose: () => Promise<void> | void }> }> = [
  {
    name: 'SQLite',
    open: async () => {
      const dir = tempDir();
      return { url: `sqlite:${join(dir.dir, 'old.db')}`, dataDir: dir.dir, dispose: dir.remove };
    },
  },
];
for (const [name, service] of [['PostgreSQL', 'postgres'], ['MariaDB', 'mysql']] as const) {
  const info = await requireService(service);
  if (info) engines.push({ name, open: async () => { const db = await isolatedDatabase(info); return { url: db.url, dataDir: '.', dispose: db.drop }; } });
}

describe.each(engines)('gid range on $name', ({ open }) => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('keeps the groups of an existing database and gives new groups gids from FIRST_GID on, above every uid', async () => {
    const db = await open();
    cleanups.push(db.dispose);
    await databaseBeforeGidRange(db.url, db.dataDir);
    const store: Store = await createStore({ url: db.url, dataDir: db.dataDir, log });
    cleanups.push(() => store.close());
    expect(await store.migrate()).toEqual([]);
    expect(await store.groups.get(1)).toMatchObject({ gid: 1, name: 'old', ownerUid: 7 });
    const user = await store.users.create({ account: 'after', passwordHash: 'x' });
    expect(user.uid).toBeLessThan(FIRST_GID);
    const first = await store.groups.create({ name: 'new', ownerUid: user.uid });
    const second = await store.groups.create({ name: 'newer', ownerUid: user.uid });
    expect([first.group.gid, second.group.gid]).toEqual([FIRST_GID, FIRST_GID + 1]);
  });
});

describe('uid cap', () => {
  it('refuses a user whose uid would reach the gid range, keeping no row of it (SQLite)', async () => {
    const dir = tempDir();
    const file = join(dir.dir, 'full.db');
    const store = await createStore({ url: `sqlite:${file}`, dataDir: dir.dir, log });
    try {
      await store.users.create({ account: 'first', passwordHash: 'x' });
      const raw = new BetterSqlite3(file);
      raw.prepare("update sqlite_sequence set seq = ? where name = 'users'").run(MAX_UID - 1);
      raw.close();
      expect((await store.users.create({ account: 'last', passwordHash: 'x' })).uid).toBe(MAX_UID);
      await expect(store.users.create({ account: 'over', passwordHash: 'x' })).rejects.toMatchObject({ code: 'STORE_INTERNAL' });
      expect(await store.users.getByAccount('over')).toBeUndefined();
    } finally {
      await store.close();
      dir.remove();
    }
  });
});
