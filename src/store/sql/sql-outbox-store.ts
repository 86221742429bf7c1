import { sql } from 'kysely';
import { OUTBOX_STATE, type NewOutboxItem, type OutboxItem, type OutboxStore } from '../outbox-store.js';
import { MAX_ROWS_PER_INSERT, type SqlContext } from './context.js';
import { chunks } from './rows.js';

const MAX_ERROR_CHARS = 255;

export class SqlOutboxStore implements OutboxStore {
  constructor(private readonly ctx: SqlContext) {}

  async enqueue(items: readonly NewOutboxItem[]): Promise<void> {
    if (items.length === 0) return;
    const { db, dialect, clock } = this.ctx;
    const now = clock.now();
    const collapsing = [...new Set(items.flatMap((i) => (i.collapseKey ? [i.collapseKey] : [])))];
    await db.transaction().execute(async (trx) => {
      for (const keys of chunks(collapsing, MAX_ROWS_PER_INSERT)) {
        await trx.deleteFrom('outbox').where('collapse_key', 'in', keys).where('state', '=', OUTBOX_STATE.waiting).where('attempts', '=', 0).execute();
      }
      for (const part of chunks([...items], MAX_ROWS_PER_INSERT)) {
        const rows = part.map((i) => ({ kind: i.kind, dedup_key: i.dedupKey, collapse_key: i.collapseKey ?? null, target: i.target, payload: i.payload, state: OUTBOX_STATE.waiting, attempts: 0, next_at: i.nextAt, created_at: now, last_error: '' }));
        await trx.insertInto('outbox').values(rows).modifyEnd(dialect.ignoreConflict(['dedup_key'])).execute();
      }
    });
  }

  async claimDue(now: number, limit: number, leaseUntil: number): Promise<OutboxItem[]> {
    const { db } = this.ctx;
    const due = await db.selectFrom('outbox').select(['id', 'kind', 'target', 'payload', 'attempts', 'next_at', 'created_at']).where('state', '=', OUTBOX_STATE.waiting).where('next_at', '<=', now).orderBy('next_at').limit(limit).execute();
    const claimed: OutboxItem[] = [];
    for (const row of due) {
      // Optimistic: only the node whose update still sees the row as it read it owns the attempt.
      const result = await db
        .updateTable('outbox')
        .set({ next_at: leaseUntil, attempts: sql`attempts + 1` })
        .where('id', '=', row.id)
        .where('state', '=', OUTBOX_STATE.waiting)
        .where('next_at', '=', row.next_at)
        .where('attempts', '=', row.attempts)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 1) claimed.push({ id: row.id, kind: row.kind, target: row.target, payload: row.payload, attempts: row.attempts + 1, createdAt: row.created_at });
    }
    return claimed;
  }

  async finish(id: number, state: 'done' | 'failed', lastError = ''): Promise<void> {
    await this.ctx.db.updateTable('outbox').set({ state: OUTBOX_STATE[state], last_error: lastError.slice(0, MAX_ERROR_CHARS) }).where('id', '=', id).execute();
  }

  async retryAt(id: number, nextAt: number, lastError: string): Promise<void> {
    await this.ctx.db.updateTable('outbox').set({ next_at: nextAt, last_error: lastError.slice(0, MAX_ERROR_CHARS) }).where('id', '=', id).where('state', '=', OUTBOX_STATE.waiting).execute();
  }

  async backlog(): Promise<{ depth: number; oldestCreatedAt: number | undefined }> {
    const row = await this.ctx.db
      .selectFrom('outbox')
      .select((eb) => [eb.fn.countAll<number | string>().as('depth'), eb.fn.min<number | null>('created_at').as('oldest')])
      .where('state', '=', OUTBOX_STATE.waiting)
      .executeTakeFirstOrThrow();
    const oldest = row.oldest === null ? undefined : Number(row.oldest);
    return { depth: Number(row.depth), oldestCreatedAt: oldest };
  }

  async purge(before: number): Promise<number> {
    const result = await this.ctx.db.deleteFrom('outbox').where('state', '!=', OUTBOX_STATE.waiting).where('created_at', '<', before).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
