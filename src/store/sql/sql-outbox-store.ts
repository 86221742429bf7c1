import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { OUTBOX_STATE, type NewOutboxItem, type OutboxItem, type OutboxStore } from '../outbox-store.js';
import { MAX_ROWS_PER_INSERT, type SqlContext } from './context.js';
import { chunks } from './rows.js';

const MAX_ERROR_CHARS = 255;
const MAX_ROUTE_CHARS = 191;

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
        const rows = part.map((i) => ({ kind: i.kind, dedup_key: i.dedupKey, collapse_key: i.collapseKey ?? null, target: i.target, route: (i.route ?? i.target).slice(0, MAX_ROUTE_CHARS), payload: i.payload, state: OUTBOX_STATE.waiting, attempts: 0, next_at: i.nextAt, created_at: now, last_error: '', claim: '' }));
        await trx.insertInto('outbox').values(rows).modifyEnd(dialect.ignoreConflict(['dedup_key'])).execute();
      }
    });
  }

  async claimDue(now: number, limit: number, leaseUntil: number, skipRoutes: readonly string[] = []): Promise<OutboxItem[]> {
    const { db } = this.ctx;
    const due = await db
      .selectFrom('outbox')
      .select('id')
      .where('state', '=', OUTBOX_STATE.waiting)
      .where('next_at', '<=', now)
      .$if(skipRoutes.length > 0, (qb) => qb.where('route', 'not in', [...skipRoutes]))
      .orderBy('next_at')
      .limit(limit)
      .execute();
    if (due.length === 0) return [];
    const claim = randomBytes(12).toString('base64url');
    // Conditions repeated: another node may have claimed some of them since the SELECT; those stay its own.
    await db
      .updateTable('outbox')
      .set({ next_at: leaseUntil, attempts: sql`attempts + 1`, claim })
      .where('id', 'in', due.map((r) => r.id))
      .where('state', '=', OUTBOX_STATE.waiting)
      .where('next_at', '<=', now)
      .execute();
    const rows = await db.selectFrom('outbox').select(['id', 'kind', 'target', 'route', 'payload', 'attempts', 'created_at']).where('claim', '=', claim).orderBy('id').execute();
    return rows.map((row) => ({ id: row.id, kind: row.kind, target: row.target, route: row.route, payload: row.payload, attempts: row.attempts, createdAt: row.created_at }));
  }

  async finish(ids: readonly number[], state: 'done' | 'failed', lastError = ''): Promise<void> {
    if (ids.length === 0) return;
    await this.ctx.db.updateTable('outbox').set({ state: OUTBOX_STATE[state], last_error: lastError.slice(0, MAX_ERROR_CHARS) }).where('id', 'in', [...ids]).execute();
  }

  async retryAt(ids: readonly number[], nextAt: number, lastError: string): Promise<void> {
    if (ids.length === 0) return;
    await this.ctx.db.updateTable('outbox').set({ next_at: nextAt, last_error: lastError.slice(0, MAX_ERROR_CHARS) }).where('id', 'in', [...ids]).where('state', '=', OUTBOX_STATE.waiting).execute();
  }

  async holdRoute(route: string, claimed: readonly number[], now: number, nextAt: number, lastError: string): Promise<void> {
    await this.ctx.db.transaction().execute(async (trx) => {
      if (claimed.length > 0) {
        await trx
          .updateTable('outbox')
          .set({ next_at: nextAt, attempts: sql`attempts - 1`, last_error: lastError.slice(0, MAX_ERROR_CHARS) })
          .where('id', 'in', [...claimed])
          .where('state', '=', OUTBOX_STATE.waiting)
          .execute();
      }
      await trx.updateTable('outbox').set({ next_at: nextAt }).where('route', '=', route).where('state', '=', OUTBOX_STATE.waiting).where('next_at', '<=', now).execute();
    });
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
