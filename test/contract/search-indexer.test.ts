import { statSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { firstMidAt, ManualClock } from '../../src/core/index.js';
import { silentLogger } from '../../src/log/index.js';
import { createStore, parseSearchTerms, type Store } from '../../src/store/index.js';
import { SEARCH_INDEXER_DEFAULTS, type SearchIndexer } from '../../src/store/sql/search-indexer.js';
import type { SqliteIndexerThread } from '../../src/store/sql/sqlite-indexer-thread.js';
import { requireService } from '../helpers/require-service.js';
import { chatMessage, isolatedDatabase, nextUid, tempDir } from '../helpers/store-fixtures.js';

// The deferred indexer (011_search_deferred) on a real SQLite file. searchScanMaxRows 0 makes every search
// read the index (a few readable rows would otherwise be tested one by one, index or not).
const log = silentLogger();
const mids = async (store: Store, uid: number, text: string) => (await store.search.search({ uid, terms: parseSearchTerms(text), limit: 20 })).hits.map((h) => h.message.mid);

describe('the deferred search indexer on SQLite', () => {
  const opened: Store[] = [];
  const dirs: { remove: () => void }[] = [];
  afterEach(async () => {
    for (const store of opened.splice(0)) await store.close();
    for (const dir of dirs.splice(0)) dir.remove();
  });

  async function open(file: string, clock = new ManualClock(), sqliteCheckpointMs?: number): Promise<Store> {
    // A clock that stands still unless a test moves it: the indexer's timer never fires, so only a search (or a restart) indexes.
    const store = await createStore({ url: `sqlite:${file}`, dataDir: '.', log, searchScanMaxRows: 0, clock, sqliteCheckpointMs });
    opened.push(store);
    return store;
  }
  const state = (file: string) => {
    const db = new BetterSqlite3(file, { readonly: true });
    try {
      return db.prepare("select indexed_to as indexedTo from search_index_state where name = 'messages'").get() as { indexedTo: number };
    } finally {
      db.close();
    }
  };

  function newFile(): string {
    const dir = tempDir();
    dirs.push(dir);
    return join(dir.dir, 'search.db');
  }

  it('leaves the commit without index work and indexes what was stored before a restart, resuming from its mark', async () => {
    const file = newFile();
    const [alice, bob] = [nextUid(), nextUid()];
    const first = await open(file);
    const before = [chatMessage(alice, bob, { content: 'lighthouse keeper', seqs: [1, 1] }), chatMessage(alice, bob, { content: '灯塔看守', seqs: [2, 2] })];
    await first.messages.appendBatch(before);
    // The commit wrote no index entry and left the mark where it was.
    const raw = new BetterSqlite3(file, { readonly: true });
    expect(raw.prepare('select count(*) as n from messages_fts where rowid in (?, ?)').get(before[0]!.mid, before[1]!.mid)).toEqual({ n: 0 });
    raw.close();
    expect(state(file).indexedTo).toBeLessThan(before[0]!.mid);
    await first.close();
    opened.splice(0);

    const second = await open(file);
    expect(await mids(second, bob, 'lighthouse')).toEqual([before[0]!.mid]);
    expect(await mids(second, bob, '灯塔')).toEqual([before[1]!.mid]);
    expect(await mids(second, bob, '塔')).toEqual([before[1]!.mid]);
    expect(state(file).indexedTo).toBe(before[1]!.mid);
  });

  it('polls less while idle and indexes a new row on its timer, at once again while there is work', async () => {
    const file = newFile();
    const [alice, bob] = [nextUid(), nextUid()];
    const clock = new ManualClock(Date.now());
    const store = await open(file, clock);
    const indexer = store.searchIndex as SqliteIndexerThread;
    const { intervalMs, idleMaxMs } = SEARCH_INDEXER_DEFAULTS;
    // Each idle step doubles the interval; each try moves the clock one interval until it is the longest.
    await vi.waitFor(() => {
      if (indexer.stepIntervalMs !== idleMaxMs) clock.advance(indexer.stepIntervalMs);
      expect(indexer.stepIntervalMs).toBe(idleMaxMs);
    }, { timeout: 10_000, interval: 20 });
    const message = chatMessage(alice, bob, { content: 'quiet harbour', seqs: [1, 1] });
    await store.messages.appendBatch([message]);
    const indexedTo = () => state(file).indexedTo;
    clock.advance(intervalMs);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(indexedTo()).toBeLessThan(message.mid);
    clock.advance(idleMaxMs);
    await vi.waitFor(() => expect(indexedTo()).toBe(message.mid));
    await vi.waitFor(() => expect(indexer.stepIntervalMs).toBe(intervalMs));
  });

  it('leaves checkpoints to the chat writer thread: its steps never copy the WAL into the file', async () => {
    const file = newFile();
    const [alice, bob] = [nextUid(), nextUid()];
    // The store's checkpointer thread (whose work this is) waits an hour, so only a step could copy the WAL here.
    const store = await open(file, new ManualClock(), 3_600_000);
    // Over 1,000 WAL pages (SQLite's auto-checkpoint threshold) written past the store.
    const raw = new BetterSqlite3(file);
    raw.pragma('wal_autocheckpoint = 0');
    const insert = raw.prepare(`insert into messages (mid, sender, receiver, cli_mid, cli_seq, type, content, send_at, created_at, status, recall_by, links)
      values (?, ?, ?, ?, 1, 1, ?, 0, 0, 0, 0, null)`);
    const rows = Array.from({ length: 1500 }, () => chatMessage(alice, bob));
    raw.transaction(() => rows.forEach((m, i) => insert.run(m.mid, alice, bob, m.cliMid, `lighthouse ${i} ${'x'.repeat(3000)}`)))();
    raw.close();
    const fileBytes = statSync(file).size;
    await mids(store, bob, 'lighthouse');
    expect(state(file).indexedTo).toBe(rows[rows.length - 1]!.mid);
    expect(statSync(file).size).toBe(fileBytes);
  });

  it('takes changed text out of the index at once and indexes the new text; rows stored below the mark are indexed too', async () => {
    const file = newFile();
    const [alice, bob] = [nextUid(), nextUid()];
    const store = await open(file);
    const later = chatMessage(alice, bob, { content: 'harbour at noon', seqs: [2, 2] });
    const older = chatMessage(alice, bob, { content: 'harbour at dawn', seqs: [1, 1], mid: later.mid - 1 });
    await store.messages.appendBatch([later]);
    expect(await mids(store, bob, 'harbour')).toEqual([later.mid]);
    // Stored after a higher mid was indexed (an import, another node): queued by the insert trigger.
    await store.messages.appendBatch([older]);
    expect(await mids(store, bob, 'harbour')).toEqual([later.mid, older.mid]);
    // An edit writes content directly: the old text never matches again, the new text does.
    const writer = new BetterSqlite3(file);
    writer.prepare('update messages set content = ? where mid = ?').run('meet at the 灯塔 instead', later.mid);
    writer.close();
    expect(await mids(store, bob, 'noon')).toEqual([]);
    expect(await mids(store, bob, '灯塔')).toEqual([later.mid]);
    expect(await mids(store, bob, 'instead')).toEqual([later.mid]);
  });
});

const postgres = await requireService('postgres');

describe.runIf(postgres)('the deferred search indexer on PostgreSQL', () => {
  /** A store on a fresh database with a standing clock, and a plain client reading that database beside it. */
  async function withStore(test: (store: Store, client: pg.Client, clock: ManualClock) => Promise<void>): Promise<void> {
    const db = await isolatedDatabase(postgres!);
    const clock = new ManualClock(Date.now());
    const store = await createStore({ url: db.url, dataDir: '.', log, searchScanMaxRows: 0, clock, poolSize: 2 });
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      await test(store, client, clock);
    } finally {
      await client.end();
      await store.close();
      await db.drop();
    }
  }

  it('stays idle while nothing changes (its tick reads first) and indexes, on its timer, a row stored meanwhile', async () => {
    await withStore(async (store, client, clock) => {
      const indexer = store.searchIndex as SearchIndexer;
      const { intervalMs, idleMaxMs, lateMs } = SEARCH_INDEXER_DEFAULTS;
      const indexedTo = async () => Number((await client.query<{ indexed_to: string }>("select indexed_to from search_index_state where name = 'messages'")).rows[0]!.indexed_to);
      const untilIdle = () =>
        vi.waitFor(() => {
          if (indexer.stepIntervalMs !== idleMaxMs) clock.advance(indexer.stepIntervalMs);
          expect(indexer.stepIntervalMs).toBe(idleMaxMs);
        }, { timeout: 10_000, interval: 20 });
      await untilIdle();
      // Idle ticks with nothing new leave it idle.
      for (let i = 0; i < 3; i++) {
        clock.advance(idleMaxMs);
        await new Promise((resolve) => setTimeout(resolve, 50));
        expect(indexer.stepIntervalMs).toBe(idleMaxMs);
      }
      // A mid older than lateMs: its late-row check is due at once, so the indexer can go idle after it.
      const message = chatMessage(nextUid(), nextUid(), { content: 'quiet harbour', seqs: [1, 1], mid: firstMidAt(clock.now() - 2 * lateMs) });
      await store.messages.appendBatch([message]);
      expect(await indexedTo()).toBeLessThan(message.mid);
      clock.advance(idleMaxMs);
      await vi.waitFor(async () => expect(await indexedTo()).toBe(message.mid));
      await vi.waitFor(() => expect(indexer.stepIntervalMs).toBe(intervalMs));
      await untilIdle();
      // An edit queued while idle (search_pending) is worked off by the next tick too.
      await client.query("update messages set content = 'loud harbour' where mid = $1", [message.mid]);
      clock.advance(idleMaxMs);
      await vi.waitFor(() => expect(indexer.stepIntervalMs).toBe(intervalMs));
    });
  });

  it('steps on its timer only while this node is the upkeeper; a search on any node still finds every row', async () => {
    await withStore(async (store, client, clock) => {
      let isUpkeeper = false;
      store.shareUpkeep(() => isUpkeeper);
      const indexedTo = async () => Number((await client.query<{ indexed_to: string }>("select indexed_to from search_index_state where name = 'messages'")).rows[0]!.indexed_to);
      const [alice, bob] = [nextUid(), nextUid()];
      const first = chatMessage(alice, bob, { content: 'northern lighthouse', seqs: [1, 1] });
      await store.messages.appendBatch([first]);
      const before = await indexedTo();
      for (let i = 0; i < 5; i++) {
        clock.advance(SEARCH_INDEXER_DEFAULTS.idleMaxMs);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      // Another node steps: this one's timer did nothing.
      expect(await indexedTo()).toBe(before);
      expect(before).toBeLessThan(first.mid);
      expect(await mids(store, bob, 'lighthouse')).toEqual([first.mid]);
      // Now this node is the upkeeper: its timer indexes a new row without a search.
      isUpkeeper = true;
      const second = chatMessage(alice, bob, { content: 'southern harbour', seqs: [2, 2] });
      await store.messages.appendBatch([second]);
      await vi.waitFor(async () => {
        clock.advance(SEARCH_INDEXER_DEFAULTS.idleMaxMs);
        expect(await indexedTo()).toBe(second.mid);
      }, { timeout: 10_000, interval: 50 });
    });
  });

  it('skips, on its timer, a table another node is indexing; a search waits for that node and finds the row', async () => {
    const db = await isolatedDatabase(postgres!);
    const clock = new ManualClock(Date.now());
    const store = await createStore({ url: db.url, dataDir: '.', log, searchScanMaxRows: 0, clock, poolSize: 3 });
    const otherNode = new pg.Client({ connectionString: db.url });
    await otherNode.connect();
    const lockWaits = async () =>
      Number((await otherNode.query<{ n: string }>("select count(*) as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'")).rows[0]!.n);
    try {
      const [alice, bob] = [nextUid(), nextUid()];
      const message = chatMessage(alice, bob, { content: 'distant lighthouse', seqs: [1, 1] });
      await store.messages.appendBatch([message]);
      // Another node's step holds the state row.
      await otherNode.query('begin');
      await otherNode.query("select indexed_to from search_index_state where name = 'messages' for update");
      for (let i = 0; i < 3; i++) {
        clock.advance(SEARCH_INDEXER_DEFAULTS.idleMaxMs);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(await lockWaits()).toBe(0);
      const found = mids(store, bob, 'lighthouse');
      await vi.waitFor(async () => expect(await lockWaits()).toBe(1));
      await otherNode.query('commit');
      expect(await found).toEqual([message.mid]);
    } finally {
      await otherNode.end();
      await store.close();
      await db.drop();
    }
  });
});
