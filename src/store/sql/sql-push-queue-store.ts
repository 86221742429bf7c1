import { sql, type Expression, type SqlBool } from 'kysely';
import type { ChatReceipt, GroupReceipt, PendingPush, PushQueueStore } from '../push-queue-store.js';
import { SESSION_TYPE } from '../session-store.js';
import { MAX_ROWS_PER_INSERT, type SqlContext } from './context.js';
import type { PushPendingTable } from './schema.js';
import { chunks } from './rows.js';

function toPending(row: PushPendingTable): PendingPush {
  return { uid: row.uid, type: row.type, peer: row.peer, mid: row.mid, seq: row.seq, sender: row.sender, msgType: row.msg_type, content: row.content, firstAt: row.first_at, lastAt: row.last_at, dueAt: row.due_at, isMentioned: row.mentioned === 1 };
}

export class SqlPushQueueStore implements PushQueueStore {
  constructor(private readonly ctx: SqlContext) {}

  async queue(entries: readonly PendingPush[]): Promise<void> {
    const { db, dialect: d } = this.ctx;
    // One row per key and statement (PostgreSQL refuses to update a row twice in one upsert): the newest wins, the first keeps its times.
    const byKey = new Map<string, PendingPush>();
    for (const e of entries) {
      const key = `${e.uid}:${e.type}:${e.peer}`;
      const known = byKey.get(key);
      byKey.set(key, known ? { ...e, firstAt: known.firstAt, dueAt: known.dueAt, isMentioned: e.isMentioned || known.isMentioned } : e);
    }
    for (const part of chunks([...byKey.values()], MAX_ROWS_PER_INSERT)) {
      const rows = part.map((e) => ({ uid: e.uid, type: e.type, peer: e.peer, mid: e.mid, seq: e.seq, sender: e.sender, msg_type: e.msgType, content: e.content, first_at: e.firstAt, last_at: e.lastAt, due_at: e.dueAt, mentioned: e.isMentioned ? 1 : 0 }));
      const set = {
        ...Object.fromEntries(['mid', 'seq', 'sender', 'msg_type', 'content', 'last_at'].map((c) => [c, d.excluded(c)])),
        // A mention in the replaced message still counts (the existing row qualified: every engine reads it so).
        mentioned: sql`case when ${d.excluded('mentioned')} = 1 then 1 else push_pending.mentioned end`,
      };
      await db.insertInto('push_pending').values(rows).modifyEnd(d.upsert(['uid', 'type', 'peer'], set)).execute();
    }
  }

  async cancel(chat: readonly ChatReceipt[], groups: readonly GroupReceipt[]): Promise<void> {
    const { db } = this.ctx;
    // OR of key conditions rather than a row-value IN: every engine plans it on the primary key.
    for (const part of chunks([...chat], MAX_ROWS_PER_INSERT)) {
      await db
        .deleteFrom('push_pending')
        .where('type', '=', SESSION_TYPE.chat)
        .where((eb) => eb.or(part.map((r) => eb.and([eb('uid', '=', r.uid), eb('mid', '=', r.mid)]))))
        .execute();
    }
    for (const part of chunks([...groups], MAX_ROWS_PER_INSERT)) {
      await db
        .deleteFrom('push_pending')
        .where('type', '=', SESSION_TYPE.group)
        .where((eb) => eb.or(part.map((r) => eb.and([eb('uid', '=', r.uid), eb('peer', '=', r.gid), eb('seq', '<=', r.seq)]))))
        .execute();
    }
  }

  async due(now: number, limit: number): Promise<PendingPush[]> {
    const rows = await this.ctx.db.selectFrom('push_pending').selectAll().where('due_at', '<=', now).orderBy('due_at').limit(limit).execute();
    return rows.map(toPending);
  }

  async defer(entry: PendingPush, dueAt: number): Promise<void> {
    await this.ctx.db
      .updateTable('push_pending')
      .set({ due_at: dueAt })
      .where('uid', '=', entry.uid)
      .where('type', '=', entry.type)
      .where('peer', '=', entry.peer)
      .where('mid', '=', entry.mid)
      .execute();
  }

  async remove(entries: readonly PendingPush[]): Promise<void> {
    for (const part of chunks([...entries], MAX_ROWS_PER_INSERT)) {
      await this.ctx.db
        .deleteFrom('push_pending')
        .where((eb) => eb.or(part.map((e): Expression<SqlBool> => eb.and([eb('uid', '=', e.uid), eb('type', '=', e.type), eb('peer', '=', e.peer), eb('mid', '=', e.mid)]))))
        .execute();
    }
  }

  async backlog(): Promise<{ depth: number; oldestAt: number | undefined }> {
    const row = await this.ctx.db
      .selectFrom('push_pending')
      .select((eb) => [eb.fn.countAll<number | string>().as('depth'), eb.fn.min<number | null>('first_at').as('oldest')])
      .executeTakeFirstOrThrow();
    return { depth: Number(row.depth), oldestAt: row.oldest === null ? undefined : Number(row.oldest) };
  }
}
