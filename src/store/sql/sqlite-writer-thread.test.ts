import { closeSync, copyFileSync, existsSync, mkdtempSync, openSync, readdirSync, readSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../../log/index.js';
import { SESSION_TYPE } from '../session-store.js';
import type { ChatPlacement, NewChatMessage } from '../message-store.js';
import { createStore } from './sql-store.js';
import { encodeChatBatch, type EncodedChatBatch } from './sqlite-chat-batch.js';
import { SqliteWriterThread, UNEXPECTED_CHANGES } from './sqlite-writer-thread.js';

type Row = Omit<NewChatMessage, 'inbox'>;

let nextMid = 1_000;
const draft = (sender: number, receiver: number, cliMid = `c${nextMid}`): Row => ({
  mid: nextMid++,
  sender,
  receiver,
  cliMid,
  cliSeq: 1,
  type: 1,
  content: `hello ${cliMid}`,
  sendAt: 1,
  createdAt: 1,
});
const placed = (m: Row, seq: number): ChatPlacement => ({
  inbox: [{ uid: m.receiver, seq }],
  sessions: [{ owner: m.receiver, type: SESSION_TYPE.chat, peer: m.sender, mid: m.mid, unread: 1, at: m.createdAt }],
});
const batchOf = (rows: { m: Row; seq: number }[]): EncodedChatBatch =>
  encodeChatBatch(
    rows.map((r) => r.m),
    rows.map((r) => placed(r.m, r.seq)),
    [],
    1,
  );

describe('SQLite chat writer thread', () => {
  const dirs: string[] = [];
  const writers: SqliteWriterThread[] = [];
  afterEach(async () => {
    await Promise.all(writers.splice(0).map((w) => w.close()));
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  async function migratedFile(): Promise<string> {
    const dir = mkdtempSync(join(tmpdir(), 'glide-writer-'));
    dirs.push(dir);
    const file = join(dir, 'glide.db');
    const store = await createStore({ url: `sqlite:${file}`, dataDir: dir, log: silentLogger() });
    await store.close();
    return file;
  }

  function inbox(file: string, uid: number): number[][] {
    const db = new BetterSqlite3(file, { readonly: true });
    try {
      return (db.prepare('select seq, mid from inbox where uid = ? order by seq').all(uid) as { seq: number; mid: number }[]).map((r) => [r.seq, r.mid]);
    } finally {
      db.close();
    }
  }

  it('commits batches in the order asked, each whole, and flushes those in flight on close', async () => {
    const file = await migratedFile();
    const writer = new SqliteWriterThread({ file, sync: 'full' });
    const messages = Array.from({ length: 30 }, () => draft(1, 2));
    const commits = [0, 10, 20].map((from) => writer.commit(batchOf(messages.slice(from, from + 10).map((m, i) => ({ m, seq: from + i + 1 })))));
    await writer.close();
    expect(await Promise.all(commits)).toEqual([[], [], []]);
    expect(inbox(file, 2)).toEqual(messages.map((m, i) => [i + 1, m.mid]));
  });

  it('runs search index steps on its connection in turn with the commits: a commit asked during a backlog goes before the rest', async () => {
    const file = await migratedFile();
    // A backlog of ~40 steps (512 rows each), stored past the writer.
    const raw = new BetterSqlite3(file);
    const insert = raw.prepare(`insert into messages (mid, sender, receiver, cli_mid, cli_seq, type, content, send_at, created_at, status, recall_by, links)
      values (?, 1, 2, ?, 1, 1, ?, 0, 0, 0, 0, null)`);
    const backlog = Array.from({ length: 20_000 }, () => draft(1, 2));
    raw.transaction(() => backlog.forEach((m, i) => insert.run(m.mid, m.cliMid, `lighthouse ${i}`)))();
    const indexedTo = () => (raw.prepare("select indexed_to as n from search_index_state where name = 'messages'").get() as { n: number }).n;
    const writer = new SqliteWriterThread({ file, sync: 'full' });
    writers.push(writer);
    const order: string[] = [];
    const indexing = writer.index(Date.now(), false, silentLogger()).then((isBusy) => (order.push('indexed'), isBusy));
    const before = indexedTo();
    await vi.waitFor(() => expect(indexedTo()).toBeGreaterThan(before), { timeout: 20_000, interval: 2 });
    const late = draft(1, 2);
    await writer.commit(batchOf([{ m: late, seq: 1 }])).then(() => order.push('committed'));
    expect(await indexing).toBe(true);
    expect(order).toEqual(['committed', 'indexed']);
    expect(indexedTo()).toBeGreaterThanOrEqual(backlog[backlog.length - 1]!.mid);
    expect(inbox(file, 2)).toEqual([[1, late.mid]]);
    raw.close();
  });

  it('loads its thread on start(), ahead of the first commit (which would wait for it)', async () => {
    const file = await migratedFile();
    const writer = new SqliteWriterThread({ file, sync: 'full' });
    writers.push(writer);
    if (existsSync('/proc/self/task')) {
      const threads = (): number => readdirSync('/proc/self/task').length;
      const before = threads();
      writer.start();
      await expect.poll(threads, { timeout: 15_000, interval: 50 }).toBeGreaterThan(before);
    } else writer.start();
    const m = draft(31, 32);
    expect(await writer.commit(batchOf([{ m, seq: 1 }]))).toEqual([]);
    expect(inbox(file, 32)).toEqual([[1, m.mid]]);
  });

  it('checkpoints the WAL into the database file while the writer runs', async () => {
    const file = await migratedFile();
    const writer = new SqliteWriterThread({ file, sync: 'full' });
    writers.push(writer);
    const messages = Array.from({ length: 20 }, () => draft(21, 22));
    await writer.commit(batchOf(messages.map((m, i) => ({ m, seq: i + 1 }))));
    // The database file alone (no -wal beside the copy) holds only what a checkpoint copied into it.
    const copy = `${file}.copy`;
    const checkpointed = (): number => {
      copyFileSync(file, copy);
      const db = new BetterSqlite3(copy, { readonly: true });
      try {
        return (db.prepare('select count(*) as n from inbox where uid = 22').get() as { n: number }).n;
      } finally {
        db.close();
      }
    };
    await expect.poll(checkpointed, { timeout: 15_000, interval: 200 }).toBe(20);
  });

  it('restarts the WAL from its start while commits run back to back beside the checkpointer', async () => {
    const file = await migratedFile();
    const writer = new SqliteWriterThread({ file, sync: 'full' });
    writers.push(writer);
    // The WAL header's checkpoint sequence: one more each time a commit starts the WAL over.
    const restarts = (): number => {
      const fd = openSync(`${file}-wal`, 'r');
      try {
        const header = Buffer.alloc(16);
        return readSync(fd, header, 0, 16, 0) === 16 ? header.readUInt32BE(12) : -1;
      } finally {
        closeSync(fd);
      }
    };
    let seq = 0;
    const commitNext = () => writer.commit(batchOf(Array.from({ length: 10 }, () => ({ m: draft(41, 42), seq: ++seq }))));
    await commitNext();
    const first = restarts();
    // Never a pause between commits: the thread's checkpoints always have one running beside them.
    const deadline = Date.now() + 20_000;
    while (restarts() === first && Date.now() < deadline) await commitNext();
    expect(restarts()).not.toBe(first);
  });

  it('reports a taken key and writes nothing of that batch', async () => {
    const file = await migratedFile();
    const writer = new SqliteWriterThread({ file, sync: 'full' });
    writers.push(writer);
    const first = draft(3, 4, 'same');
    expect(await writer.commit(batchOf([{ m: first, seq: 1 }]))).toEqual([]);
    const fresh = draft(3, 4);
    expect(await writer.commit(batchOf([{ m: fresh, seq: 2 }, { m: draft(3, 4, 'same'), seq: 3 }]))).toEqual([1]);
    expect(inbox(file, 4)).toEqual([[1, first.mid]]);
  });

  it('fails a commit with the driver code and keeps working after it', async () => {
    const file = await migratedFile();
    const writer = new SqliteWriterThread({ file, sync: 'full' });
    writers.push(writer);
    const m = draft(5, 6);
    await writer.commit(batchOf([{ m, seq: 1 }]));
    // The same inbox slot again: a broken allocation, which the caller maps to STORE_CONFLICT.
    await expect(writer.commit(batchOf([{ m: draft(5, 6), seq: 1 }]))).rejects.toMatchObject({ code: expect.stringMatching(/^SQLITE_CONSTRAINT/) });
    const next = draft(5, 6);
    expect(await writer.commit(batchOf([{ m: next, seq: 2 }]))).toEqual([]);
    expect(inbox(file, 6)).toEqual([
      [1, m.mid],
      [2, next.mid],
    ]);
  });

  it('executes statements as one transaction in turn with the commits: all or nothing, with each one’s changes', async () => {
    const file = await migratedFile();
    const writer = new SqliteWriterThread({ file, sync: 'full' });
    writers.push(writer);
    const insert = "insert into outbox (kind, dedup_key, target, route, payload, state, attempts, next_at, created_at) values ('t', ?, 't', 'r', '', 0, 0, 0, 0)";
    const m = draft(11, 12);
    const [commit, executed] = await Promise.all([writer.commit(batchOf([{ m, seq: 1 }])), writer.execute([{ sql: insert, parameters: ['a'] }, { sql: insert, parameters: ['b'] }, { sql: 'update outbox set attempts = 1', parameters: [] }])]);
    expect([commit, executed]).toEqual([[], [1, 1, 2]]);
    // The second insert repeats the unique dedup key: the first one is rolled back with it.
    await expect(writer.execute([{ sql: insert, parameters: ['c'] }, { sql: insert, parameters: ['a'] }])).rejects.toMatchObject({ code: expect.stringMatching(/^SQLITE_CONSTRAINT/) });
    const db = new BetterSqlite3(file, { readonly: true });
    try {
      expect(db.prepare('select dedup_key, attempts from outbox order by dedup_key').all()).toEqual([
        { dedup_key: 'a', attempts: 1 },
        { dedup_key: 'b', attempts: 1 },
      ]);
    } finally {
      db.close();
    }
    expect(inbox(file, 12)).toEqual([[1, m.mid]]);
  });

  it('rolls an execute back when a statement changes other than the rows it expects', async () => {
    const file = await migratedFile();
    const writer = new SqliteWriterThread({ file, sync: 'full' });
    writers.push(writer);
    const insert = "insert into outbox (kind, dedup_key, target, route, payload, state, attempts, next_at, created_at) values ('t', ?, 't', 'r', '', 0, 0, 0, 0) on conflict (dedup_key) do nothing";
    expect(await writer.execute([{ sql: insert, parameters: ['a'], expectChanges: 1 }])).toEqual([1]);
    // 'a' is skipped (0 rows, 1 expected): 'b' before it goes too.
    await expect(writer.execute([{ sql: insert, parameters: ['b'], expectChanges: 1 }, { sql: insert, parameters: ['a'], expectChanges: 1 }])).rejects.toMatchObject({ code: UNEXPECTED_CHANGES });
    expect(await writer.execute([{ sql: insert, parameters: ['c'], expectChanges: 1 }])).toEqual([1]);
    const db = new BetterSqlite3(file, { readonly: true });
    try {
      expect(db.prepare('select dedup_key from outbox order by dedup_key').all()).toEqual([{ dedup_key: 'a' }, { dedup_key: 'c' }]);
    } finally {
      db.close();
    }
  });

  it('refuses commits after close with a connection-closed error', async () => {
    const file = await migratedFile();
    const writer = new SqliteWriterThread({ file, sync: 'full' });
    await writer.commit(batchOf([{ m: draft(7, 8), seq: 1 }]));
    await writer.close();
    await expect(writer.commit(batchOf([{ m: draft(7, 8), seq: 2 }]))).rejects.toThrow('database connection is not open');
  });

  it('answers a retry older than the store (a restart) with STORE_CONFLICT first, then as a duplicate without placing it', async () => {
    const file = await migratedFile();
    const dir = dirs[dirs.length - 1] as string;
    const m = draft(9, 10, 'before-restart');
    const place = (row: Row): ChatPlacement => placed(row, 1);
    const first = await createStore({ url: `sqlite:${file}`, dataDir: dir, log: silentLogger() });
    await first.messages.commitChatBatch({ messages: [m], place });
    await first.close();
    const second = await createStore({ url: `sqlite:${file}`, dataDir: dir, log: silentLogger() });
    try {
      const calls: number[] = [];
      const counting = (row: Row): ChatPlacement => (calls.push(row.mid), placed(row, 2));
      await expect(second.messages.commitChatBatch({ messages: [{ ...m, mid: nextMid++ }], place: counting })).rejects.toMatchObject({ code: 'STORE_CONFLICT' });
      calls.length = 0;
      const results = await second.messages.commitChatBatch({ messages: [{ ...m, mid: nextMid++ }], place: counting });
      expect(calls).toEqual([]);
      expect(results).toMatchObject([{ isDuplicate: true, stored: { message: { mid: m.mid, content: m.content }, receiverSeq: 1 } }]);
      expect(inbox(file, 10)).toEqual([[1, m.mid]]);
    } finally {
      await second.close();
    }
  });
});
