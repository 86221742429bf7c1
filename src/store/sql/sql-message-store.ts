import { sql, type Kysely } from 'kysely';
import { GlideError } from '../../core/index.js';
import type { AppendOptions, AppendResult, ChatBatch, ChatBatchResult, ChatMessage, DeviceCursorAdvance, InboxPage, MessageStore, NewChatMessage, SentMessage, SyncStart } from '../message-store.js';
import { EVENT_CONTENT_TYPES } from '../message-event-store.js';
import { MESSAGE_STATUS } from '../message-store.js';
import { batchedRead, groupByUid } from './batched-read.js';
import { MAX_ROWS_PER_INSERT, type SqlContext } from './context.js';
import { insertDeduplicated } from './dedup-insert.js';
import { MysqlChatBatch } from './mysql-chat-batch.js';
import { PgChatBatch, type SyncStartRow } from './pg-chat-batch.js';
import { InlineChatBatchWriter, SqliteChatCommit } from './sqlite-chat-commit.js';
import type { Database } from './schema.js';
import { chunks, linksText, toChatMessage, uniqueSorted } from './rows.js';

const key = (sender: number, cliMid: string) => `${sender}\u0000${cliMid}`;

type ChatRow = Omit<NewChatMessage, 'inbox'>;

export class SqlMessageStore implements MessageStore {
  private sqliteCommit: SqliteChatCommit | undefined;
  /** The server engines' batch: one read of stored keys, then one write round trip. */
  private readonly serverBatch: PgChatBatch | MysqlChatBatch | undefined;
  /** Every sign-in sync reads its device's cursor and the inbox's end: a storm of them shares queries. */
  private readonly readDeviceCursor = batchedRead((keys: { uid: number; device: number }[]) => this.readDeviceCursors(keys));
  private readonly readSyncStart = batchedRead((keys: { uid: number; device: number }[]) => this.readSyncStarts(keys));
  private readonly readLastInboxSeq = batchedRead((uids: number[]) => this.readLastInboxSeqs(uids));

  constructor(private readonly ctx: SqlContext) {
    if (ctx.dialect.engine === 'postgres') this.serverBatch = new PgChatBatch(ctx);
    if (ctx.dialect.engine === 'mysql') this.serverBatch = new MysqlChatBatch(ctx);
  }

  async commitChatBatch(batch: ChatBatch): Promise<ChatBatchResult[]> {
    if (batch.messages.length === 0 && (batch.cursors ?? []).length === 0) return [];
    const { db, clock, writes, dialect } = this.ctx;
    if (dialect.sqliteHandle) {
      const handle = dialect.sqliteHandle;
      this.sqliteCommit ??= new SqliteChatCommit({
        writer: dialect.sqliteWriterThread?.() ?? new InlineChatBatchWriter(db, handle),
        findSent: (keys) => this.findSent(keys),
        now: () => clock.now(),
        writes,
        dialect,
      });
      return this.sqliteCommit.commit(batch);
    }
    if (!this.serverBatch) throw new GlideError('STORE_INTERNAL', `no chat batch for ${this.ctx.dialect.engine}`);
    return this.serverBatch.run(batch);
  }

  /** Ends the SQLite chat writer after the commits in flight (before the store closes its connection). */
  async close(): Promise<void> {
    await this.sqliteCommit?.close();
  }

  async appendBatch(messages: readonly NewChatMessage[], options: AppendOptions = {}): Promise<AppendResult[]> {
    if (messages.length === 0) return [];
    const d = this.ctx.dialect;
    return this.ctx.db.transaction().execute(async (trx) => {
      const { results, inserted } = await insertDeduplicated(messages, {
        key: (m) => key(m.sender, m.cliMid),
        identity: (m) => `${m.mid}:${key(m.sender, m.cliMid)}`,
        ref: (m) => m.mid,
        countsSkippedRows: d.countsSkippedRows,
        insert: (items) => this.insertMessages(trx, items),
        ownRows: (items) => this.ownRows(trx, items),
        storedByKey: (items) => this.storedByKey(trx, items),
      });
      if (options.isStrict && results.some((r) => r.isDuplicate)) throw new GlideError('STORE_CONFLICT', 'a message of the batch is stored already');
      const slots = inserted.flatMap((m) => m.inbox.map((slot) => ({ uid: slot.uid, seq: slot.seq, mid: m.mid })));
      // Plain insert: a taken slot means the seq allocation is broken, so the whole batch fails.
      for (const part of chunks(slots, MAX_ROWS_PER_INSERT)) await trx.insertInto('inbox').values(part).execute();
      return results.map((r) => ({ mid: r.stored, isDuplicate: r.isDuplicate }));
    });
  }

  private async ownRows(db: Kysely<Database>, items: ChatRow[]): Promise<Set<string>> {
    const rows = await db
      .selectFrom('messages')
      .select(['mid', 'sender', 'cli_mid'])
      .where('mid', 'in', items.map((m) => m.mid))
      .execute();
    return new Set(rows.map((r) => `${r.mid}:${key(r.sender, r.cli_mid)}`));
  }

  private async storedByKey(db: Kysely<Database>, items: ChatRow[]): Promise<Map<string, number>> {
    const rows = await db
      .selectFrom('messages')
      .select(['mid', 'sender', 'cli_mid'])
      .where((eb) => eb(eb.refTuple('sender', 'cli_mid'), 'in', items.map((m) => eb.tuple(m.sender, m.cliMid))))
      .execute();
    return new Map(rows.map((r) => [key(r.sender, r.cli_mid), r.mid]));
  }

  private async insertMessages(db: Kysely<Database>, items: ChatRow[]): Promise<number> {
    let affected = 0;
    const skipTaken = this.ctx.dialect.ignoreConflict(['sender', 'cli_mid']);
    for (const part of chunks(items, MAX_ROWS_PER_INSERT)) {
      const rows = part.map((m) => ({
        mid: m.mid,
        sender: m.sender,
        receiver: m.receiver,
        cli_mid: m.cliMid,
        cli_seq: m.cliSeq,
        type: m.type,
        content: m.content,
        send_at: m.sendAt,
        created_at: m.createdAt,
        status: MESSAGE_STATUS.normal,
        recall_by: 0,
        links: linksText(m.links),
      }));
      const result = await db.insertInto('messages').values(rows).modifyEnd(skipTaken).executeTakeFirst();
      affected += Number(result.numInsertedOrUpdatedRows ?? 0n);
    }
    return affected;
  }

  async get(mid: number): Promise<ChatMessage | undefined> {
    const row = await this.ctx.db.selectFrom('messages').selectAll().where('mid', '=', mid).executeTakeFirst();
    return row && toChatMessage(row);
  }

  async getByCliMid(sender: number, cliMid: string): Promise<ChatMessage | undefined> {
    const row = await this.ctx.db
      .selectFrom('messages')
      .selectAll()
      .where('sender', '=', sender)
      .where('cli_mid', '=', cliMid)
      .executeTakeFirst();
    return row && toChatMessage(row);
  }

  findSent(keys: readonly { sender: number; cliMid: string }[]): Promise<SentMessage[]> {
    return this.findSentOn(this.ctx.db, keys);
  }

  private async findSentOn(db: Kysely<Database>, keys: readonly { sender: number; cliMid: string }[]): Promise<SentMessage[]> {
    const found: SentMessage[] = [];
    for (const part of chunks(keys, MAX_ROWS_PER_INSERT)) {
      const rows = await db
        .selectFrom('messages')
        .leftJoin('inbox as own', (join) => join.onRef('own.mid', '=', 'messages.mid').onRef('own.uid', '=', 'messages.sender'))
        .leftJoin('inbox as peer', (join) => join.onRef('peer.mid', '=', 'messages.mid').onRef('peer.uid', '=', 'messages.receiver'))
        .selectAll('messages')
        .select(['own.seq as sender_seq', 'peer.seq as receiver_seq'])
        .where((eb) => eb(eb.refTuple('messages.sender', 'messages.cli_mid'), 'in', part.map((k) => eb.tuple(k.sender, k.cliMid))))
        .execute();
      for (const { sender_seq, receiver_seq, ...message } of rows) {
        found.push({ message: toChatMessage(message), senderSeq: Number(sender_seq ?? 0), receiverSeq: Number(receiver_seq ?? 0) });
      }
    }
    return found;
  }

  async inboxAfter(uid: number, afterSeq: number, limit: number): Promise<InboxPage> {
    const rows = await this.ctx.db
      .selectFrom('inbox')
      .innerJoin('messages', 'messages.mid', 'inbox.mid')
      .selectAll('messages')
      .select('inbox.seq as inbox_seq')
      .where('inbox.uid', '=', uid)
      .where('inbox.seq', '>', afterSeq)
      .orderBy('inbox.seq')
      .limit(limit + 1)
      .execute();
    const hasMore = rows.length > limit;
    const page = hasMore ? rows.slice(0, limit) : rows;
    return { entries: page.map(({ inbox_seq, ...message }) => ({ seq: inbox_seq, message: toChatMessage(message) })), hasMore };
  }

  lastInboxSeq(uid: number): Promise<number> {
    return this.readLastInboxSeq(uid);
  }

  private async readLastInboxSeqs(uids: readonly number[]): Promise<number[]> {
    // PostgreSQL plans a UNION ALL in time quadratic in its arms (~0.5-1 s of a backend's CPU for 500): one array probe there.
    if (this.serverBatch instanceof PgChatBatch) {
      const found = await this.serverBatch.lastSeqs(uniqueSorted(uids));
      return uids.map((uid) => found.get(uid) ?? 0);
    }
    // One scalar max per user, each a one-row index probe (a GROUP BY over the uids would read whole inboxes).
    const parts = uniqueSorted(uids).map((uid) => sql`select ${uid} as uid, (select max(seq) from inbox where uid = ${uid}) as last`);
    const { rows } = await sql<{ uid: number | string; last: number | string | null }>`${sql.join(parts, sql` union all `)}`.execute(this.ctx.db);
    const last = new Map(rows.map((row) => [Number(row.uid), Number(row.last ?? 0)]));
    return uids.map((uid) => last.get(uid) ?? 0);
  }

  async lastInboxSeqs(uids: readonly number[]): Promise<Map<number, number>> {
    const last = new Map<number, number>(uids.map((uid) => [uid, 0]));
    if (last.size === 0) return last;
    if (this.serverBatch instanceof PgChatBatch) return this.serverBatch.lastSeqs([...last.keys()]);
    const rows = await this.ctx.db
      .selectFrom('inbox')
      .select((eb) => ['uid', eb.fn.max('seq').as('last')])
      .where('uid', 'in', [...last.keys()])
      .groupBy('uid')
      .execute();
    for (const row of rows) last.set(Number(row.uid), Number(row.last ?? 0));
    return last;
  }

  async history(a: number, b: number, limit: number, beforeMid?: number): Promise<ChatMessage[]> {
    // One index range per direction, merged here: cheaper on every engine than an OR over both.
    const direction = (sender: number, receiver: number) => {
      // Edit, reaction and pin rows belong to the inbox sequence, not to the conversation's messages.
      let query = this.ctx.db.selectFrom('messages').selectAll().where('sender', '=', sender).where('receiver', '=', receiver).where('type', 'not in', EVENT_CONTENT_TYPES);
      if (beforeMid !== undefined) query = query.where('mid', '<', beforeMid);
      return query.orderBy('mid', 'desc').limit(limit).execute();
    };
    const rows = a === b ? await direction(a, a) : (await Promise.all([direction(a, b), direction(b, a)])).flat();
    return rows
      .sort((x, y) => y.mid - x.mid)
      .slice(0, limit)
      .map(toChatMessage);
  }

  async setRecalled(mid: number, recallBy: number): Promise<boolean> {
    const result = await this.ctx.db
      .updateTable('messages')
      .set({ status: MESSAGE_STATUS.recalled, recall_by: recallBy, content: '' })
      .where('mid', '=', mid)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async getDeviceCursor(uid: number, device: number): Promise<number> {
    // A cursor handed to the SQLite writer thread is read back once its commit settled (read your writes).
    await this.sqliteCommit?.settled();
    return this.readDeviceCursor({ uid, device });
  }

  getSyncStart(uid: number, device: number): Promise<SyncStart> {
    return this.readSyncStart({ uid, device });
  }

  private async readSyncStarts(keys: readonly { uid: number; device: number }[]): Promise<SyncStart[]> {
    const unique = [...new Map(keys.map((k) => [`${k.uid}:${k.device}`, k])).values()];
    let rows: readonly SyncStartRow[];
    if (this.serverBatch instanceof PgChatBatch) rows = await this.serverBatch.syncStarts(unique);
    else {
      // One scalar probe of each per key (as readLastInboxSeqs): the SQLite and MySQL planners take a UNION ALL of them well.
      const parts = unique.map(
        ({ uid, device }) =>
          sql`select ${uid} as uid, ${device} as device, (select acked_seq from device_cursors where uid = ${uid} and device = ${device}) as acked, (select max(seq) from inbox where uid = ${uid}) as last`,
      );
      rows = (await sql<SyncStartRow>`${sql.join(parts, sql` union all `)}`.execute(this.ctx.db)).rows;
    }
    const found = new Map(rows.map((row) => [`${Number(row.uid)}:${Number(row.device)}`, { cursor: Number(row.acked ?? 0), lastSeq: Number(row.last ?? 0) }]));
    return keys.map((k) => found.get(`${k.uid}:${k.device}`) ?? { cursor: 0, lastSeq: 0 });
  }

  private async readDeviceCursors(keys: readonly { uid: number; device: number }[]): Promise<number[]> {
    const rows = await this.ctx.db
      .selectFrom('device_cursors')
      .select(['uid', 'device', 'acked_seq'])
      .where('uid', 'in', uniqueSorted(keys.map((key) => key.uid)))
      .execute();
    const byUid = groupByUid(rows, (row) => Number(row.uid));
    return keys.map((key) => byUid.get(key.uid)?.find((row) => Number(row.device) === key.device)?.acked_seq ?? 0);
  }

  async advanceDeviceCursor(uid: number, device: number, seq: number): Promise<void> {
    await this.upsertCursor(this.ctx.db, { uid, device, seq });
  }

  private async upsertCursor(db: Kysely<Database>, { uid, device, seq }: DeviceCursorAdvance): Promise<void> {
    const d = this.ctx.dialect;
    const stored = sql.ref('device_cursors.acked_seq');
    const incoming = d.excluded('acked_seq');
    const isForward = sql`${incoming} > ${stored}`;
    // updated_at first: MySQL evaluates assignments left to right and it must compare the old cursor.
    await db
      .insertInto('device_cursors')
      .values({ uid, device, acked_seq: seq, updated_at: this.ctx.clock.now() })
      .modifyEnd(
        d.upsert(['uid', 'device'], {
          updated_at: sql`case when ${isForward} then ${d.excluded('updated_at')} else ${sql.ref('device_cursors.updated_at')} end`,
          acked_seq: sql`case when ${isForward} then ${incoming} else ${stored} end`,
        }),
      )
      .execute();
  }

  async inboxSeqsOf(uid: number, mids: readonly number[], afterSeq: number): Promise<number[]> {
    if (mids.length === 0) return [];
    const rows = await this.ctx.db.selectFrom('inbox').select('seq').where('uid', '=', uid).where('seq', '>', afterSeq).where('mid', 'in', uniqueSorted(mids)).orderBy('seq').execute();
    return rows.map((row) => row.seq);
  }

  async deviceAcksAfter(uid: number, device: number, afterSeq: number): Promise<number[]> {
    const rows = await this.ctx.db.selectFrom('device_acks').select('seq').where('uid', '=', uid).where('device', '=', device).where('seq', '>', afterSeq).orderBy('seq').execute();
    return rows.map((row) => row.seq);
  }

  async saveDeviceAcks(uid: number, device: number, seqs: readonly number[], cursor: number): Promise<void> {
    const above = uniqueSorted(seqs).filter((seq) => seq > cursor);
    await this.ctx.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('device_acks').where('uid', '=', uid).where('device', '=', device).where('seq', '<=', cursor).execute();
      for (const part of chunks(above, MAX_ROWS_PER_INSERT)) {
        await trx
          .insertInto('device_acks')
          .values(part.map((seq) => ({ uid, device, seq })))
          .modifyEnd(this.ctx.dialect.ignoreConflict(['uid', 'device', 'seq']))
          .execute();
      }
    });
  }
}
