import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { createConnection, type RowDataPacket } from 'mysql2/promise';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/log/index.js';
import { createStore, type Store } from '../../src/store/index.js';
import { requireService, type ServiceName } from '../helpers/require-service.js';
import { chatMessage, isolatedDatabase, tempDir } from '../helpers/store-fixtures.js';
import { runStoreContract } from './store.contract.js';

/** Every migration, in the order a new database gets them. */
const MIGRATIONS = ['001_initial', '002_gid_range', '002_gid_range_device_acks', '003_accounts', '005_recall_erase', '006_outbox', '007_files', '008_search', '009_message_events', '010_replies_reads', '011_search_deferred', '012_push_queue', '013_outbox_target', '014_search_speed', '015_chat_lean', '016_chat_keys', '017_cli_mid_key', '018_search_rows_only'];

const log = silentLogger();

/**
 * An admin session that ends every server-side session on a database, as a restart would. It is
 * opened beforehand so that the store's next query follows the kill at once (the racy case).
 */
async function connectKiller(service: ServiceName, adminUrl: string): Promise<{ kill(database: string): Promise<void>; close(): Promise<void> }> {
  if (service === 'postgres') {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    return {
      kill: async (database) => {
        await client.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [database]);
      },
      close: () => client.end(),
    };
  }
  const connection = await createConnection({ uri: adminUrl });
  return {
    kill: async (database) => {
      const [rows] = await connection.query<RowDataPacket[]>('select id from information_schema.processlist where db = ?', [database]);
      for (const row of rows) await connection.query(`kill ${Number(row.id)}`);
    },
    close: () => connection.end(),
  };
}

runStoreContract('SQLite', async (clock) => {
  const dir = tempDir();
  const store = await createStore({ url: `sqlite:${join(dir.dir, 'contract.db')}`, dataDir: dir.dir, log, clock });
  return { store, dispose: dir.remove };
});

for (const [name, service] of [
  ['PostgreSQL', 'postgres'],
  ['MariaDB', 'mysql'],
] as const satisfies ReadonlyArray<readonly [string, ServiceName]>) {
  const info = await requireService(service);
  if (info) {
    runStoreContract(name, async (clock) => {
      const db = await isolatedDatabase(info);
      const store = await createStore({ url: db.url, dataDir: '.', log, clock, poolSize: 4 });
      return { store, dispose: db.drop };
    });
    describe(`${name} engine`, () => {
      it('lets several nodes start on an empty database at once; the schema is migrated once', async () => {
        const db = await isolatedDatabase(info);
        const stores: Store[] = [];
        try {
          const starts = Array.from({ length: 3 }, () => createStore({ url: db.url, dataDir: '.', log, migrate: false, poolSize: 2 }));
          stores.push(...(await Promise.all(starts)));
          const applied = await Promise.all(stores.map((s) => s.migrate()));
          expect(applied.flat()).toEqual(MIGRATIONS);
        } finally {
          await Promise.all(stores.map((s) => s.close()));
          await db.drop();
        }
      });

      it('survives the server dropping its idle connections', async () => {
        const db = await isolatedDatabase(info);
        const store = await createStore({ url: db.url, dataDir: '.', log, poolSize: 2 });
        const killer = await connectKiller(service, info.url);
        try {
          // Two connections in the pool, both dropped while idle.
          await Promise.all([store.users.getMany([1]), store.users.getMany([2])]);
          await killer.kill(new URL(db.url).pathname.slice(1));
          // A query may meet a dropped connection before the pool notices (even twice, until the
          // socket's end is processed): each such failure must be a retryable STORE_UNAVAILABLE,
          // and a caller that retries, yielding to I/O in between, must get through.
          const outcomes: string[] = [];
          for (let attempt = 0; attempt < 10 && outcomes.at(-1) !== 'ok'; attempt++) {
            if (attempt > 0) await new Promise((resolve) => setImmediate(resolve));
            outcomes.push(await store.users.getTokenVersion(1, 1).then(() => 'ok', (err: { code?: string }) => err.code ?? 'plain error'));
          }
          expect(outcomes.at(-1)).toBe('ok');
          expect(outcomes.slice(0, -1).every((code) => code === 'STORE_UNAVAILABLE')).toBe(true);
        } finally {
          await killer.close();
          await store.close();
          await db.drop();
        }
      });
    });
  }
  // No service: requireService has printed a loud notice (and with CI=true it threw instead).
}

describe('createStore', () => {
  const opened: Store[] = [];
  const dirs: Array<{ remove(): void }> = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((s) => s.close()));
    for (const d of dirs.splice(0)) d.remove();
  });

  it('puts an empty URL at <dataDir>/glide.db, creating the directory, in WAL mode', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const dataDir = join(dir.dir, 'nested', 'data');
    const store = await createStore({ url: '', dataDir, log });
    opened.push(store);
    expect(store.engine).toBe('sqlite');
    await store.users.create({ account: 'wal', passwordHash: 'x' });
    const probe = new BetterSqlite3(join(dataDir, 'glide.db'), { readonly: true });
    try {
      expect(probe.pragma('journal_mode', { simple: true })).toBe('wal');
      const tables = probe.prepare("select name from sqlite_master where type = 'table' and name = 'glide_migration'").all();
      expect(tables).toHaveLength(1);
    } finally {
      probe.close();
    }
  });

  it('migrates once: a second store on the same file applies nothing', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const url = `sqlite:${join(dir.dir, 'twice.db')}`;
    const first = await createStore({ url, dataDir: dir.dir, log, migrate: false });
    opened.push(first);
    expect(await first.migrate()).toEqual(MIGRATIONS);
    expect(await first.migrate()).toEqual([]);
    const second = await createStore({ url, dataDir: dir.dir, log });
    opened.push(second);
    expect(await second.migrate()).toEqual([]);
  });

  it('005_recall_erase erases the content of messages recalled before recalls erased it, and nothing else', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const file = join(dir.dir, 'old.db');
    const store = await createStore({ url: `sqlite:${file}`, dataDir: dir.dir, log });
    const [kept, recalled] = [chatMessage(1, 2, { content: 'kept' }), chatMessage(1, 2, { content: 'recalled before' })];
    await store.messages.appendBatch([kept, recalled]);
    await store.close();
    // The database as the code before the migration left it: recalled with its content, 005 (and later) not applied.
    const old = new BetterSqlite3(file);
    try {
      old.prepare('update messages set status = 1, recall_by = 1 where mid = ?').run(recalled.mid);
      // Later migrations were not there either (Kysely applies them in name order only).
      old.prepare("delete from glide_migration where name >= '005_recall_erase'").run();
      for (const table of ['outbox', 'push_endpoints', 'push_mutes', 'push_settings', 'files', 'push_pending']) old.prepare(`drop table ${table}`).run();
      for (const table of ['messages', 'group_messages']) {
        for (const trigger of ['search_insert', 'search_update', 'search_delete']) old.exec(`drop trigger ${table}_${trigger}`);
        old.exec(`drop table ${table}_fts`);
        old.exec(`drop table ${table}_cjk`);
        for (const column of ['links', 'edit_mid', 'edited_at']) old.exec(`alter table ${table} drop column ${column}`);
      }
      for (const table of ['search_index_state', 'search_pending', 'group_mentions', 'message_revisions', 'message_reactions', 'message_pins']) old.exec(`drop table ${table}`);
      // 015_chat_lean dropped it.
      old.exec('create index sessions_recent_idx on sessions (owner, updated_at)');
    } finally {
      old.close();
    }
    const reopened = await createStore({ url: `sqlite:${file}`, dataDir: dir.dir, log });
    opened.push(reopened);
    expect(await reopened.messages.get(recalled.mid)).toMatchObject({ content: '', status: 1, recallBy: 1 });
    expect(await reopened.messages.get(kept.mid)).toMatchObject({ content: 'kept', status: 0 });
  });

  it('016_chat_keys stores session lines and cursors by their key on a populated file, keeping every row', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const file = join(dir.dir, 'keys.db');
    let store = await createStore({ url: `sqlite:${file}`, dataDir: dir.dir, log });
    const chat = [chatMessage(1, 2, { seqs: [1, 1] }), chatMessage(2, 1, { seqs: [2, 2] }), chatMessage(1, 3, { seqs: [1, 3] })];
    await store.messages.appendBatch(chat);
    await store.sessions.applyMessages(chat.flatMap((m) => [
      { owner: m.sender, type: 1, peer: m.receiver, mid: m.mid, unread: 0, at: m.createdAt },
      { owner: m.receiver, type: 1, peer: m.sender, mid: m.mid, unread: 1, at: m.createdAt },
    ]));
    await store.messages.advanceDeviceCursor(2, 1, 1);
    const before = { inbox: await store.messages.inboxAfter(1, 0, 10), sessions: await store.sessions.list(1), cursor: await store.messages.getDeviceCursor(2, 1) };
    await store.close();
    // The file as 015 left it: both tables with a rowid and their key in an index of its own.
    const old = new BetterSqlite3(file);
    try {
      for (const table of ['sessions', 'device_cursors']) {
        const { sql: ddl } = old.prepare("select sql from sqlite_master where type = 'table' and name = ?").get(table) as { sql: string };
        old.exec(`alter table ${table} rename to ${table}_was; ${ddl.replace(/\s*without rowid\s*$/i, '')}; insert into ${table} select * from ${table}_was; drop table ${table}_was`);
      }
      // Kysely applies migrations in name order only: 017 goes with it (a no-op on a file it already keyed).
      old.prepare("delete from glide_migration where name >= '016_chat_keys'").run();
    } finally {
      old.close();
    }
    store = await createStore({ url: `sqlite:${file}`, dataDir: dir.dir, log });
    opened.push(store);
    expect(await store.messages.inboxAfter(1, 0, 10)).toEqual(before.inbox);
    expect(await store.sessions.list(1)).toEqual(before.sessions);
    expect(await store.messages.getDeviceCursor(2, 1)).toBe(before.cursor);
    expect(before.inbox.entries.map((e) => e.message.mid)).toEqual(chat.map((m) => m.mid));
    // The keys still hold: lines and cursors are updated in place, not added.
    await store.sessions.applyMessages([{ owner: 1, type: 1, peer: 2, mid: chat[1]!.mid + 1, unread: 1, at: 1_700_000_000_002 }]);
    await store.messages.advanceDeviceCursor(2, 1, 2);
    expect((await store.sessions.list(1)).map((s) => s.peer).sort()).toEqual([2, 3]);
    expect(await store.sessions.get(1, 1, 2)).toMatchObject({ lastMid: chat[1]!.mid + 1, unread: 2 });
    expect(await store.messages.getDeviceCursor(2, 1)).toBe(2);
    const probe = new BetterSqlite3(file, { readonly: true });
    try {
      const tables = probe.prepare("select name, sql from sqlite_master where type = 'table' and name in ('inbox', 'sessions', 'device_cursors')").all() as { name: string; sql: string }[];
      expect(tables.map((t) => [t.name, /without rowid$/i.test(t.sql)]).sort()).toEqual([['device_cursors', true], ['inbox', false], ['sessions', true]]);
    } finally {
      probe.close();
    }
  });

  it('017_cli_mid_key keys the cliMid dedup by (cli_mid, sender) on a populated file, keeping rows, indexes and triggers', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const file = join(dir.dir, 'cli-mid.db');
    let store = await createStore({ url: `sqlite:${file}`, dataDir: dir.dir, log });
    const chat = [chatMessage(1, 2, { seqs: [1, 1] }), chatMessage(2, 1, { seqs: [2, 2] }), chatMessage(1, 3, { seqs: [1, 3] })];
    await store.messages.appendBatch(chat);
    const before = await store.messages.inboxAfter(1, 0, 10);
    await store.close();
    // The file as 016 left it: the key in (sender, cli_mid) order.
    const old = new BetterSqlite3(file);
    try {
      const objects = old.prepare("select type, sql from sqlite_master where tbl_name = 'messages' and sql is not null").all() as { type: string; sql: string }[];
      const table = objects.find((o) => o.type === 'table')!.sql;
      old.exec(`alter table messages rename to messages_was; ${table.replace('unique ("cli_mid", "sender")', 'unique ("sender", "cli_mid")')}; insert into messages select * from messages_was; drop table messages_was`);
      for (const o of objects) if (o.type !== 'table') old.exec(o.sql);
      expect(keyColumns(old)).toEqual(['sender', 'cli_mid']);
      old.prepare("delete from glide_migration where name >= '017_cli_mid_key'").run();
    } finally {
      old.close();
    }
    store = await createStore({ url: `sqlite:${file}`, dataDir: dir.dir, log });
    opened.push(store);
    expect(await store.messages.inboxAfter(1, 0, 10)).toEqual(before);
    expect(before.entries.map((e) => e.message.mid)).toEqual([chat[0]!.mid, chat[1]!.mid, chat[2]!.mid]);
    const probe = new BetterSqlite3(file, { readonly: true });
    try {
      expect(keyColumns(probe)).toEqual(['cli_mid', 'sender']);
      const names = (probe.prepare("select name from sqlite_master where tbl_name = 'messages' and sql is not null order by name").all() as { name: string }[]).map((r) => r.name);
      expect(names).toEqual(['messages', 'messages_pair_idx', 'messages_search_delete', 'messages_search_insert', 'messages_search_update']);
    } finally {
      probe.close();
    }
  });

  it('opens an in-memory SQLite database for sqlite::memory:', async () => {
    const store = await createStore({ url: 'sqlite::memory:', dataDir: '.', log });
    opened.push(store);
    const user = await store.users.create({ account: 'mem', passwordHash: 'x' });
    expect(await store.users.get(user.uid)).toEqual(user);
  });

  it('rejects an unknown scheme with STORE_BAD_URL', async () => {
    await expect(createStore({ url: 'redis://127.0.0.1', dataDir: '.', log })).rejects.toMatchObject({ code: 'STORE_BAD_URL' });
    await expect(createStore({ url: 'sqlite:', dataDir: '.', log })).rejects.toMatchObject({ code: 'STORE_BAD_URL' });
  });

  it('makes a missing service fail loudly under CI=true', async () => {
    const saved = { ci: process.env.CI, url: process.env.GLIDE_TEST_POSTGRES_URL };
    process.env.CI = 'true';
    process.env.GLIDE_TEST_POSTGRES_URL = 'postgres://postgres@127.0.0.1:1/none';
    try {
      await expect(requireService('postgres')).rejects.toThrow(/required in CI/);
    } finally {
      for (const [key, value] of [['CI', saved.ci], ['GLIDE_TEST_POSTGRES_URL', saved.url]] as const) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
  });

  it.each([
    ['postgres://postgres@127.0.0.1:1/none'],
    ['mysql://root@127.0.0.1:1/none'],
  ])('reports an unreachable server as retryable STORE_UNAVAILABLE (%s)', async (url) => {
    await expect(createStore({ url, dataDir: '.', log })).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE', retryable: true, status: 503 });
  });
});

/** The columns of `messages`' cliMid dedup key (its UNIQUE constraint's index), in their order. */
function keyColumns(db: BetterSqlite3.Database): string[] {
  const unique = (db.prepare('pragma index_list(messages)').all() as { name: string; origin: string }[]).filter((i) => i.origin === 'u');
  expect(unique).toHaveLength(1);
  return (db.prepare(`pragma index_info(${JSON.stringify(unique[0]!.name)})`).all() as { name: string }[]).map((c) => c.name);
}
