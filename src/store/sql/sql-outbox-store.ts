import { randomBytes } from 'node:crypto';
import { sql, type CompiledQuery, type Kysely } from 'kysely';
import { OUTBOX_STATE, type NewOutboxItem, type OutboxItem, type OutboxStore } from '../outbox-store.js';
import { MAX_ROWS_PER_INSERT, type SqlContext } from './context.js';
import { writeCompiled } from './compiled-writes.js';
import { chunks } from './rows.js';
import type { Database } from './schema.js';
import type { SqliteWriter } from './sqlite-writer-thread.js';

const MAX_ERROR_CHARS = 255;
const MAX_ROUTE_CHARS = 191;
const HOLD_CHUNK_ROWS = 500;

/**
 * Every write is one transaction through `write`: on a SQLite file it runs in the writer thread, in
 * turn with the chat commits, so that an outbox write never fsyncs on the event loop nor waits there
 * for the write lock the chat commits hold (measured: a down webhook endpoint doubled the CPU per
 * message, bench/RESULTS.md); PostgreSQL and MySQL use a pool connection.
 */
export class SqlOutboxStore implements OutboxStore {
  private writer: SqliteWriter | undefined;

  constructor(private readonly ctx: SqlContext) {}

  /** Ends the SQLite writer thread if this store started it (it is shared: closing twice is harmless). */
  async close(): Promise<void> {
    await this.writer?.close();
  }

  private threadWriter(): SqliteWriter | undefined {
    return (this.writer ??= this.ctx.dialect.sqliteWriterThread?.());
  }

  private write(build: (db: Kysely<Database>) => CompiledQuery[]): Promise<number[]> {
    return writeCompiled(this.ctx, build(this.ctx.db));
  }

  async enqueue(items: readonly NewOutboxItem[]): Promise<void> {
    if (items.length === 0) return;
    const { dialect, clock } = this.ctx;
    const now = clock.now();
    const collapsing = [...new Set(items.flatMap((i) => (i.collapseKey ? [i.collapseKey] : [])))];
    // The writer thread runs one prepared single-row insert per item (the same SQL text each time): a
    // multi-row insert of a new length is a new statement to parse and prepare there, every flush.
    const rowsPerInsert = this.threadWriter() ? 1 : MAX_ROWS_PER_INSERT;
    await this.write((db) => [
      ...chunks(collapsing, MAX_ROWS_PER_INSERT).map((keys) => db.deleteFrom('outbox').where('collapse_key', 'in', keys).where('state', '=', OUTBOX_STATE.waiting).where('attempts', '=', 0).compile()),
      ...chunks([...items], rowsPerInsert).map((part) => {
        const rows = part.map((i) => ({ kind: i.kind, dedup_key: i.dedupKey, collapse_key: i.collapseKey ?? null, target: i.target, route: (i.route ?? i.target).slice(0, MAX_ROUTE_CHARS), payload: i.payload, state: OUTBOX_STATE.waiting, attempts: 0, next_at: i.nextAt, created_at: now, last_error: '', claim: '' }));
        return db.insertInto('outbox').values(rows).modifyEnd(dialect.ignoreConflict(['dedup_key'])).compile();
      }),
    ]);
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
    await this.write((w) => [
      w
        .updateTable('outbox')
        .set({ next_at: leaseUntil, attempts: sql`attempts + 1`, claim })
        .where('id', 'in', due.map((r) => r.id))
        .where('state', '=', OUTBOX_STATE.waiting)
        .where('next_at', '<=', now)
        .compile(),
    ]);
    // By id (the primary key; `claim` has no index), keeping those this claim got.
    const rows = await db
      .selectFrom('outbox')
      .select(['id', 'kind', 'target', 'route', 'payload', 'attempts', 'created_at'])
      .where('id', 'in', due.map((r) => r.id))
      .where('claim', '=', claim)
      .orderBy('id')
      .execute();
    return rows.map((row) => ({ id: row.id, kind: row.kind, target: row.target, route: row.route, payload: row.payload, attempts: row.attempts, createdAt: row.created_at }));
  }

  async finish(ids: readonly number[], state: 'done' | 'failed', lastError = ''): Promise<void> {
    if (ids.length === 0) return;
    await this.write((db) => [db.updateTable('outbox').set({ state: OUTBOX_STATE[state], last_error: lastError.slice(0, MAX_ERROR_CHARS) }).where('id', 'in', [...ids]).compile()]);
  }

  async retryAt(ids: readonly number[], nextAt: number, lastError: string): Promise<void> {
    if (ids.length === 0) return;
    await this.write((db) => [db.updateTable('outbox').set({ next_at: nextAt, last_error: lastError.slice(0, MAX_ERROR_CHARS) }).where('id', 'in', [...ids]).where('state', '=', OUTBOX_STATE.waiting).compile()]);
  }

  async holdRoute(route: string, claimed: readonly number[], now: number, nextAt: number, lastError: string): Promise<void> {
    if (claimed.length > 0) {
      await this.write((db) => [db.updateTable('outbox').set({ next_at: nextAt, attempts: sql`attempts - 1`, last_error: lastError.slice(0, MAX_ERROR_CHARS) }).where('id', 'in', [...claimed]).where('state', '=', OUTBOX_STATE.waiting).compile()]);
    }
    // The backlog of a route down for minutes can be tens of thousands of rows: moved in chunks, each its
    // own short transaction, so the chat commits queued on the writer go in between (one UPDATE of them
    // all stalled delivery for ~100 ms, bench/RESULTS.md).
    while (nextAt > now) {
      const due = await this.ctx.db.selectFrom('outbox').select('id').where('route', '=', route).where('state', '=', OUTBOX_STATE.waiting).where('next_at', '<=', now).limit(HOLD_CHUNK_ROWS).execute();
      if (due.length === 0) return;
      const ids = due.map((row) => row.id);
      await this.write((db) => [db.updateTable('outbox').set({ next_at: nextAt }).where('id', 'in', ids).where('state', '=', OUTBOX_STATE.waiting).compile()]);
      if (due.length < HOLD_CHUNK_ROWS) return;
    }
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
    const [deleted] = await this.write((db) => [db.deleteFrom('outbox').where('state', '!=', OUTBOX_STATE.waiting).where('created_at', '<', before).compile()]);
    return deleted ?? 0;
  }
}
