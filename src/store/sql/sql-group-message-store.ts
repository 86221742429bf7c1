import type { Kysely } from 'kysely';
import type { GroupAppendResult, GroupMessage, GroupMessageStore, NewGroupMessage } from '../group-message-store.js';
import { MESSAGE_STATUS } from '../message-store.js';
import { MAX_ROWS_PER_INSERT, type SqlContext } from './context.js';
import { insertDeduplicated } from './dedup-insert.js';
import { appendGroupBatchPg } from './pg-group-append.js';
import { appendGroupBatchInThread } from './sqlite-group-append.js';
import type { Database } from './schema.js';
import { chunks, linksText, toGroupMessage } from './rows.js';
import { mentionRows } from './sql-group-read-store.js';

const key = (gid: number, sender: number, cliMid: string) => `${gid}:${sender}\u0000${cliMid}`;
const identity = (gid: number, seq: number, mid: number) => `${gid}:${seq}:${mid}`;

export class SqlGroupMessageStore implements GroupMessageStore {
  constructor(private readonly ctx: SqlContext) {}

  async appendBatch(messages: readonly NewGroupMessage[]): Promise<GroupAppendResult[]> {
    if (messages.length === 0) return [];
    const d = this.ctx.dialect;
    if (d.engine === 'postgres') return appendGroupBatchPg(this.ctx, messages);
    const writer = d.sqliteWriterThread?.();
    const inThread = writer && (await appendGroupBatchInThread(this.ctx, writer, messages));
    if (inThread) return inThread;
    return this.ctx.db.transaction().execute(async (trx) => {
      const { results, inserted } = await insertDeduplicated(messages, {
        key: (m) => (m.cliMid === null ? null : key(m.gid, m.sender, m.cliMid)),
        identity: (m) => identity(m.gid, m.seq, m.mid),
        ref: (m) => ({ mid: m.mid, seq: m.seq }),
        countsSkippedRows: d.countsSkippedRows,
        insert: (items) => this.insertMessages(trx, items),
        ownRows: async (items) => {
          const rows = await trx
            .selectFrom('group_messages')
            .select(['gid', 'seq', 'mid'])
            .where('mid', 'in', items.map((m) => m.mid))
            .execute();
          return new Set(rows.map((r) => identity(r.gid, r.seq, r.mid)));
        },
        storedByKey: async (items) => {
          const keyed = items.filter((m): m is NewGroupMessage & { cliMid: string } => m.cliMid !== null);
          if (keyed.length === 0) return new Map();
          const rows = await trx
            .selectFrom('group_messages')
            .select(['gid', 'seq', 'mid', 'sender', 'cli_mid'])
            .where((eb) =>
              eb(
                eb.refTuple('gid', 'sender', 'cli_mid'),
                'in',
                keyed.map((m) => eb.tuple(m.gid, m.sender, m.cliMid)),
              ),
            )
            .execute();
          return new Map(rows.map((r) => [key(r.gid, r.sender, r.cli_mid ?? ''), { mid: r.mid, seq: r.seq }]));
        },
      });
      // Keep each group's lastSeq in step, in the same transaction; it never moves back.
      const highest = new Map<number, number>();
      for (const m of inserted) highest.set(m.gid, Math.max(highest.get(m.gid) ?? 0, m.seq));
      for (const [gid, seq] of highest) {
        await trx.updateTable('chat_groups').set({ last_seq: seq }).where('gid', '=', gid).where('last_seq', '<', seq).execute();
      }
      for (const part of chunks(mentionRows(inserted), MAX_ROWS_PER_INSERT)) await trx.insertInto('group_mentions').values(part).execute();
      return results.map((r) => ({ mid: r.stored.mid, seq: r.stored.seq, isDuplicate: r.isDuplicate }));
    });
  }

  private async insertMessages(db: Kysely<Database>, items: NewGroupMessage[]): Promise<number> {
    let affected = 0;
    const skipTaken = this.ctx.dialect.ignoreConflict(['gid', 'sender', 'cli_mid']);
    for (const part of chunks(items, MAX_ROWS_PER_INSERT)) {
      const rows = part.map((m) => ({
        gid: m.gid,
        seq: m.seq,
        mid: m.mid,
        sender: m.sender,
        cli_mid: m.cliMid,
        type: m.type,
        content: m.content,
        send_at: m.sendAt,
        created_at: m.createdAt,
        status: MESSAGE_STATUS.normal,
        recall_by: 0,
        links: linksText(m.links),
      }));
      const result = await db.insertInto('group_messages').values(rows).modifyEnd(skipTaken).executeTakeFirst();
      affected += Number(result.numInsertedOrUpdatedRows ?? 0n);
    }
    return affected;
  }

  async get(gid: number, seq: number): Promise<GroupMessage | undefined> {
    const row = await this.ctx.db.selectFrom('group_messages').selectAll().where('gid', '=', gid).where('seq', '=', seq).executeTakeFirst();
    return row && toGroupMessage(row);
  }

  async getByMid(mid: number): Promise<GroupMessage | undefined> {
    const row = await this.ctx.db.selectFrom('group_messages').selectAll().where('mid', '=', mid).executeTakeFirst();
    return row && toGroupMessage(row);
  }

  async getByCliMid(gid: number, sender: number, cliMid: string): Promise<GroupMessage | undefined> {
    const row = await this.ctx.db
      .selectFrom('group_messages')
      .selectAll()
      .where('gid', '=', gid)
      .where('sender', '=', sender)
      .where('cli_mid', '=', cliMid)
      .executeTakeFirst();
    return row && toGroupMessage(row);
  }

  async findSent(keys: readonly { gid: number; sender: number; cliMid: string }[]): Promise<GroupMessage[]> {
    const found: GroupMessage[] = [];
    for (const part of chunks(keys, MAX_ROWS_PER_INSERT)) {
      const rows = await this.ctx.db
        .selectFrom('group_messages')
        .selectAll()
        .where((eb) => eb(eb.refTuple('gid', 'sender', 'cli_mid'), 'in', part.map((k) => eb.tuple(k.gid, k.sender, k.cliMid))))
        .execute();
      found.push(...rows.map(toGroupMessage));
    }
    return found;
  }

  async range(gid: number, fromSeq: number, toSeq: number, limit: number): Promise<GroupMessage[]> {
    const rows = await this.ctx.db
      .selectFrom('group_messages')
      .selectAll()
      .where('gid', '=', gid)
      .where('seq', '>=', fromSeq)
      .where('seq', '<=', toSeq)
      .orderBy('seq')
      .limit(limit)
      .execute();
    return rows.map(toGroupMessage);
  }

  async history(gid: number, limit: number, beforeSeq?: number): Promise<GroupMessage[]> {
    let query = this.ctx.db.selectFrom('group_messages').selectAll().where('gid', '=', gid);
    if (beforeSeq !== undefined) query = query.where('seq', '<', beforeSeq);
    const rows = await query.orderBy('seq', 'desc').limit(limit).execute();
    return rows.map(toGroupMessage);
  }

  async lastSeq(gid: number): Promise<number> {
    const row = await this.ctx.db
      .selectFrom('group_messages')
      .select((eb) => eb.fn.max('seq').as('last'))
      .where('gid', '=', gid)
      .executeTakeFirst();
    return Number(row?.last ?? 0);
  }

  async setRecalled(gid: number, seq: number, recallBy: number): Promise<boolean> {
    const result = await this.ctx.db
      .updateTable('group_messages')
      .set({ status: MESSAGE_STATUS.recalled, recall_by: recallBy, content: '' })
      .where('gid', '=', gid)
      .where('seq', '=', seq)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }
}
