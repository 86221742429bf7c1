import BetterSqlite3 from 'better-sqlite3';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/index.js';
import { silentLogger } from '../../src/log/index.js';
import { createStore, type SearchQuery, type Store } from '../../src/store/index.js';
import { requireService } from '../helpers/require-service.js';
import { chatMessage, groupMessage, isolatedDatabase, nextUid, tempDir } from '../helpers/store-fixtures.js';
import { searchContract } from './store/search.js';

// The store contract's searches read few rows, so they test each readable row. The same contract here
// with searchScanMaxRows 0 makes every search on SQLite walk the FTS5 index first, and on PostgreSQL read
// the index's matches in windows newest first (heavy users' plans). MySQL's optimizer picks FULLTEXT itself.
const log = silentLogger();

function indexLed(name: string, open: () => Promise<{ store: Store; dispose: () => Promise<void> | void }>): void {
  describe(`search led by the text index on ${name}`, () => {
    const clock = new ManualClock();
    let made: { store: Store; dispose: () => Promise<void> | void } | undefined;
    beforeAll(async () => {
      made = await open();
    });
    afterAll(async () => {
      await made?.store.close();
      await made?.dispose();
    });
    searchContract({
      clock,
      get store() {
        if (!made) throw new Error('store not made yet');
        return made.store;
      },
    });
  });
}

indexLed('SQLite', async () => {
  const dir = tempDir();
  const store = await createStore({ url: `sqlite:${join(dir.dir, 'search.db')}`, dataDir: dir.dir, log, searchScanMaxRows: 0 });
  return { store, dispose: dir.remove };
});

describe('018_search_rows_only on SQLite', () => {
  it('rebuilds a trigram index that 011 filled without positions: rows before and after are found, a term whose trigrams stand apart is not', async () => {
    const dir = tempDir();
    const file = join(dir.dir, 'rows-only.db');
    const open = () => createStore({ url: `sqlite:${file}`, dataDir: dir.dir, log, searchScanMaxRows: 0 });
    try {
      let store = await open();
      const [alice, bob] = [nextUid(), nextUid()];
      // Both hold the trigrams abc, bcd and cde; only the second holds "abcde".
      const old = [chatMessage(alice, bob, { content: 'zqold abcx bcde', createdAt: 1_000, seqs: [1, 1] }), chatMessage(bob, alice, { content: 'zqold abcde', createdAt: 2_000, seqs: [2, 2] })];
      await store.messages.appendBatch(old);
      await store.search.search({ uid: alice, terms: ['zqold'], limit: 1 }); // the indexer catches up
      await store.close();
      // The trigram tables as 011 left them (with positions), filled; 018 not applied.
      const before = new BetterSqlite3(file);
      try {
        for (const table of ['messages', 'group_messages']) {
          before.exec(`drop table ${table}_fts; create virtual table ${table}_fts using fts5(content, content='', contentless_delete=1, tokenize='trigram')`);
          before.exec(`insert into ${table}_fts(rowid, content) select mid, content from ${table} where content <> ''`);
        }
        before.prepare("delete from glide_migration where name = '018_search_rows_only'").run();
      } finally {
        before.close();
      }
      store = await open();
      try {
        const mids = async (term: string) => (await store.search.search({ uid: alice, terms: [term], limit: 20 })).hits.map((h) => h.message.mid);
        expect(await mids('zqold')).toEqual([old[1]!.mid, old[0]!.mid]);
        expect(await mids('abcde')).toEqual([old[1]!.mid]);
        const later = chatMessage(alice, bob, { content: 'zqnew abcde', createdAt: 3_000, seqs: [3, 3] });
        await store.messages.appendBatch([later]);
        expect(await mids('abcde')).toEqual([later.mid, old[1]!.mid]);
      } finally {
        await store.close();
      }
      const probe = new BetterSqlite3(file, { readonly: true });
      try {
        const tables = probe.prepare("select sql from sqlite_master where name in ('messages_fts', 'group_messages_fts')").all() as { sql: string }[];
        expect(tables.map((t) => /detail=none/.test(t.sql))).toEqual([true, true]);
      } finally {
        probe.close();
      }
    } finally {
      dir.remove();
    }
  });
});

const postgres = await requireService('postgres');
if (postgres) {
  indexLed('PostgreSQL', async () => {
    const db = await isolatedDatabase(postgres);
    const store = await createStore({ url: db.url, dataDir: '.', log, searchScanMaxRows: 0, poolSize: 4 });
    return { store, dispose: db.drop };
  });

  describe('014_search_speed on PostgreSQL', () => {
    it('copies the keys into an index that 011 filled, so stored messages stay findable with every filter', async () => {
      const db = await isolatedDatabase(postgres);
      try {
        let store = await createStore({ url: db.url, dataDir: '.', log, searchScanMaxRows: 0, poolSize: 2 });
        const [alice, bob, carol] = [nextUid(), nextUid(), nextUid()];
        const { group } = await store.groups.create({ name: 'g', ownerUid: alice, memberUids: [bob], allowHistory: false });
        const chat = [chatMessage(alice, bob, { content: 'zqold one', createdAt: 1_000, seqs: [1, 1] }), chatMessage(bob, alice, { content: 'zqold two', createdAt: 2_000, seqs: [2, 2] })];
        await store.messages.appendBatch(chat);
        const inGroup = groupMessage(group.gid, 1, bob, { content: 'zqold three', createdAt: 3_000 });
        await store.groupMessages.appendBatch([inGroup]);
        await store.search.search({ uid: alice, terms: ['x'], limit: 1 }); // the indexer catches up
        await store.close();
        // The side tables as 011 left them: (mid, vector) rows, no keys; 014 and after not applied.
        const old = new pg.Client({ connectionString: db.url });
        await old.connect();
        try {
          await old.query('alter table messages_search drop column sender, drop column receiver, drop column created_at');
          await old.query('alter table group_messages_search drop column gid, drop column seq, drop column sender, drop column created_at');
          // Migrations after 014 are un-applied too (they run in name order); 015 finds its index again.
          await old.query("delete from glide_migration where name in ('014_search_speed', '015_chat_lean', '016_chat_keys', '017_cli_mid_key', '018_search_rows_only')");
          await old.query('create index sessions_recent_idx on sessions (owner, updated_at)');
        } finally {
          await old.end();
        }
        store = await createStore({ url: db.url, dataDir: '.', log, searchScanMaxRows: 0, poolSize: 2 });
        try {
          const mids = async (uid: number, over: Partial<SearchQuery> = {}) => (await store.search.search({ uid, terms: ['zqold'], limit: 20, ...over })).hits.map((h) => h.message.mid);
          expect(await mids(alice)).toEqual([inGroup.mid, chat[1]!.mid, chat[0]!.mid]);
          expect(await mids(alice, { from: bob })).toEqual([inGroup.mid, chat[1]!.mid]);
          expect(await mids(alice, { peer: bob, after: 1_500 })).toEqual([chat[1]!.mid]);
          expect(await mids(bob, { gid: group.gid, before: 3_001 })).toEqual([inGroup.mid]);
          expect(await mids(carol)).toEqual([]);
          // Rows stored after the migration carry their keys as well.
          const later = chatMessage(carol, alice, { content: 'zqold four', createdAt: 4_000, seqs: [3, 1] });
          await store.messages.appendBatch([later]);
          expect(await mids(carol)).toEqual([later.mid]);
          expect(await mids(alice, { from: carol })).toEqual([later.mid]);
        } finally {
          await store.close();
        }
      } finally {
        await db.drop();
      }
    });
  });
}
