import { IdleBackoffTimer } from './idle-backoff-timer.js';
import { sql, type Kysely } from 'kysely';
import { firstMidAt, runInBackground, type Logger } from '../../core/index.js';
import type { SearchIndexUpkeep } from '../search-store.js';
import type { SqlContext } from './context.js';
import { SEARCH_PENDING_TABLE, SEARCH_STATE_TABLE, type DeferredIndex, type IndexRow, type SearchTable } from './dialects/search-dialect.js';

export interface SearchIndexerOptions {
  /** How often the indexer looks for new rows (ms). */
  intervalMs: number;
  /** Rows per table per transaction: bounds how long one step holds the write lock (and, on SQLite, the event loop). */
  batchRows: number;
  /** A row committed this long after its mid was made (several writers) is still found and indexed (ms). */
  lateMs: number;
  /** While steps find nothing, the wait between them doubles up to this (ms): idle nodes barely poll. */
  idleMaxMs: number;
}

/**
 * 512 rows a step: at 5,000 msg/s a 100 ms tick is one step, not two, and each FTS5 segment holds twice the
 * rows (fewer merges): ~14 → ~12 µs of indexer CPU per message (bench/micro/sqlite-chat-write.ts); a step
 * holds SQLite's write lock ~5 ms.
 */
export const SEARCH_INDEXER_DEFAULTS: SearchIndexerOptions = { intervalMs: 100, batchRows: 512, lateMs: 10_000, idleMaxMs: 1_600 };

const TABLES = ['messages', 'group_messages'] as const;

/**
 * What a step did: rows left for another step (`isMore`), anything indexed or checked (`isDone`), or nothing
 * because another node's step held the table's state row (`isSkipped`: timed steps only).
 */
interface StepResult {
  isMore: boolean;
  isDone: boolean;
  isSkipped: boolean;
}

/** A timed step skips a table whose state row another node holds (that node is indexing it); a search's step waits. */
type StepMode = 'timed' | 'waiting';

/** A mid or mark as the driver returns it (PostgreSQL bigint as a string), null when absent. */
type Mark = number | string | null;

interface State {
  indexed_to: number | string;
  checked_to: number | string;
}

/**
 * Keeps the full-text index current off the chat commit (issue 16): every `intervalMs`, and before each
 * search (`flush`), it indexes rows with mid above the stored high-water mark in mid order, in batches, and
 * the rows queued in `search_pending` (content changed after they were indexed: recall, edit). The mark is
 * stored with the index in one transaction, so a restart resumes where the last commit left off. Rows that
 * commit after a higher mid (several writers: `hasLateRows`) are looked for once more `lateMs` after their mid's time.
 *
 * Consistency: a search first brings the index up to date (`flush`), so it sees every row committed before
 * it on this writer; a row of another node committed after a higher mid may be missed for up to `lateMs`.
 * A recalled or edited row leaves the index in the statement that changes it (a trigger), never later.
 * Steps never overlap within a process; across nodes the state row is locked (PostgreSQL), and a timed step
 * skips a table another node is indexing: on 3 nodes the timed steps queued on that lock for 16 s in 15 s (issue 17).
 */
export class SearchIndexer implements SearchIndexUpkeep {
  private tail: Promise<unknown> = Promise.resolve();
  private queued: { promise: Promise<StepResult>; mode: StepMode } | undefined;
  private readonly timer: IdleBackoffTimer;
  private readonly known = new Map<SearchTable, number>();
  private isClosed = false;
  /** The last timed step found nothing. */
  private isIdle = false;
  /** Whether this process runs the timed steps (in a cluster only one node does; searches flush anywhere). */
  private isTimedHere: () => boolean = () => true;

  constructor(
    private readonly ctx: Pick<SqlContext, 'db' | 'clock'>,
    private readonly index: DeferredIndex,
    private readonly log: Logger,
    private readonly options: SearchIndexerOptions = SEARCH_INDEXER_DEFAULTS,
  ) {
    this.timer = new IdleBackoffTimer(ctx.clock, options, () => this.tick());
  }

  start(): void {
    this.timer.start();
  }

  /**
   * Timed steps only while `isHere()`. Every node of a cluster ran its own every 100 ms: on 3 nodes PostgreSQL
   * ran 499 indexer transactions in 15 s against one node's 318, in smaller batches, queued on each other's row
   * lock (issue 17). One node's steps index every node's rows; a search on any node still flushes first.
   */
  timeStepsOnlyWhile(isHere: () => boolean): void {
    this.isTimedHere = isHere;
  }

  /** Indexes until nothing is left (a restart's backlog, a burst), one step at a time; true when it indexed anything. */
  async catchUp(mode: StepMode = 'waiting'): Promise<boolean> {
    let isBusy = false;
    for (;;) {
      if (this.isClosed) return isBusy;
      const { isMore, isDone, isSkipped } = await this.run(mode);
      isBusy ||= isDone;
      // A waiting caller that joined a timed step which skipped a table steps again, waiting this time.
      if (!isMore && !(isSkipped && mode === 'waiting')) return isBusy;
    }
  }

  /** How long the timer now waits between steps (`intervalMs` while there is work). */
  get stepIntervalMs(): number {
    return this.timer.intervalMs;
  }

  /**
   * A timed step; searches do not wait for it (`flush`), late rows are looked for at most `idleMaxMs` later.
   * After a step that found nothing, one statement first tells whether a step would find anything: an idle
   * node's tick is one read, not two transactions of ~5 statements each with a row lock (issue 17).
   */
  private tick(): void {
    if (!this.isTimedHere()) {
      // Another node steps; when this one takes over, its first tick is the cheap settled read.
      this.isIdle = true;
      this.timer.stepped(false);
      return;
    }
    const step = (this.isIdle ? this.isSettled() : Promise.resolve(false))
      .then((isSettled) => (isSettled ? false : this.catchUp('timed')))
      .then((isBusy) => {
        this.isIdle = !isBusy;
        if (!this.isClosed) this.timer.stepped(isBusy);
      });
    runInBackground(this.log, 'search index', step);
  }

  /**
   * True when a step would do nothing now: no row above either mark, nothing queued, no late-row check due
   * (the conditions `step` tests, read in one statement without a lock). Then the marks are known as if it ran.
   */
  private async isSettled(): Promise<boolean> {
    const db = this.ctx.db as unknown as Kysely<unknown>;
    const state = sql.table(SEARCH_STATE_TABLE);
    const { rows } = await sql<{ m: Mark; g: Mark; p: Mark; mi: Mark; mc: Mark; gi: Mark; gc: Mark }>`select
      (select max(mid) from messages) as m, (select max(mid) from group_messages) as g,
      (select count(*) from (select 1 from ${sql.table(SEARCH_PENDING_TABLE)} limit 1) p) as p,
      (select indexed_to from ${state} where name = 'messages') as mi, (select checked_to from ${state} where name = 'messages') as mc,
      (select indexed_to from ${state} where name = 'group_messages') as gi, (select checked_to from ${state} where name = 'group_messages') as gc`.execute(db);
    const row = rows[0];
    if (!row || Number(row.p) > 0) return false;
    const lateBefore = firstMidAt(this.ctx.clock.now() - this.options.lateMs);
    const isTableSettled = (max: Mark, indexedTo: Mark, checkedTo: Mark): boolean => {
      if (indexedTo === null || checkedTo === null) return false;
      if (max !== null && Number(max) > Number(indexedTo)) return false;
      return !this.index.hasLateRows || Math.min(Number(indexedTo), lateBefore) <= Number(checkedTo);
    };
    if (!isTableSettled(row.m, row.mi, row.mc) || !isTableSettled(row.g, row.gi, row.gc)) return false;
    this.known.set('messages', Number(row.mi));
    this.known.set('group_messages', Number(row.gi));
    return true;
  }

  /**
   * What a search calls first: when anything is new since the last step, steps until the index holds every
   * row stored so far (a backlog, e.g. after a restart, is worked off once, shared by concurrent searches).
   */
  async flush(): Promise<void> {
    if (this.isClosed || !(await this.hasWork())) return;
    await this.catchUp();
  }

  /**
   * Queues rows whose text changed (an edit) for indexing anew. Triggers already do this for every change
   * of `content`; a writer that changes searchable text elsewhere calls this in its transaction (`db`).
   */
  changed(table: SearchTable, mids: readonly number[], db: Kysely<unknown> = this.ctx.db as unknown as Kysely<unknown>): Promise<void> {
    return queueChanged(db, table, mids);
  }

  async close(): Promise<void> {
    this.isClosed = true;
    this.timer.stop();
    await this.tail.catch(() => undefined);
  }

  private async hasWork(): Promise<boolean> {
    const db = this.ctx.db as unknown as Kysely<unknown>;
    const { rows } = await sql<{ m: number | string | null; g: number | string | null; p: number | string }>`select
      (select max(mid) from messages) as m, (select max(mid) from group_messages) as g,
      (select count(*) from (select 1 from ${sql.table(SEARCH_PENDING_TABLE)} limit 1) p) as p`.execute(db);
    const row = rows[0];
    if (!row) return false;
    const above = (table: SearchTable, max: number | string | null) => max !== null && Number(max) > (this.known.get(table) ?? -1);
    return Number(row.p) > 0 || above('messages', row.m) || above('group_messages', row.g);
  }

  /** Runs one step after the ones already running (a caller arriving before it starts shares it, if it waits as long). */
  private run(mode: StepMode): Promise<StepResult> {
    if (this.queued && (this.queued.mode === 'waiting' || mode === 'timed')) return this.queued.promise;
    const next = this.tail.then(async () => {
      if (this.queued?.promise === next) this.queued = undefined;
      const result = { isMore: false, isDone: false, isSkipped: false };
      for (const table of TABLES) {
        const { isMore, isDone, isSkipped } = await this.step(table, mode);
        result.isMore ||= isMore;
        result.isDone ||= isDone;
        result.isSkipped ||= isSkipped;
      }
      return result;
    });
    this.queued = { promise: next, mode };
    this.tail = next.catch(() => undefined);
    return next;
  }

  /** One transaction for one table. */
  private async step(table: SearchTable, mode: StepMode): Promise<StepResult> {
    const { batchRows, lateMs } = this.options;
    const lock = (q: ReturnType<typeof sql>, lockMode: 'update' | 'update skip locked' | 'share') => (this.index.isLocking ? sql`${q} for ${sql.raw(lockMode)}` : q);
    return this.ctx.db.transaction().execute(async (trx) => {
      const db = trx as unknown as Kysely<unknown>;
      const t = sql.table(table);
      const stateLock = mode === 'timed' ? 'update skip locked' : 'update';
      const { rows: states } = await lock(sql`select indexed_to, checked_to from ${sql.table(SEARCH_STATE_TABLE)} where name = ${table}`, stateLock).execute(db);
      const state = states[0] as State | undefined;
      if (!state && mode === 'timed' && this.index.isLocking) return { isMore: false, isDone: false, isSkipped: true };
      if (!state) throw new Error(`no ${SEARCH_STATE_TABLE} row for ${table}`);
      const [indexedTo, checkedTo] = [Number(state.indexed_to), Number(state.checked_to)];
      const fresh = rowsOf((await lock(sql`select mid, content from ${t} where mid > ${indexedTo} order by mid limit ${batchRows}`, 'share').execute(db)).rows);
      const newIndexedTo = fresh.length > 0 ? fresh[fresh.length - 1]!.mid : indexedTo;
      await this.index.index(db, table, fresh.filter((r) => r.content !== ''), false);

      const pending = (await sql<{ mid: number | string }>`select mid from ${sql.table(SEARCH_PENDING_TABLE)} where name = ${table} limit ${batchRows}`.execute(db)).rows.map((r) => Number(r.mid));
      if (pending.length > 0) {
        await sql`delete from ${sql.table(SEARCH_PENDING_TABLE)} where name = ${table} and mid in (${sql.join(pending)})`.execute(db);
        // Rows above the mark are indexed with their current text when the mark reaches them.
        const changed = pending.filter((mid) => mid <= newIndexedTo);
        const rows = changed.length === 0 ? [] : rowsOf((await lock(sql`select mid, content from ${t} where mid in (${sql.join(changed)})`, 'share').execute(db)).rows);
        await this.index.index(db, table, rows, true);
      }

      // Late rows: below the mark but not indexed. Each row is looked for once, when it is lateMs old.
      const upTo = this.index.hasLateRows ? Math.min(newIndexedTo, firstMidAt(this.ctx.clock.now() - lateMs)) : checkedTo;
      let newCheckedTo = checkedTo;
      let isLateLeft = false;
      if (upTo > checkedTo) {
        const { rows } = await sql<{ mid: number | string }>`select mid from ${t} where mid > ${checkedTo} and mid <= ${upTo} and content <> '' order by mid limit ${batchRows}`.execute(db);
        const mids = rows.map((r) => Number(r.mid));
        isLateLeft = mids.length === batchRows;
        newCheckedTo = isLateLeft ? mids[mids.length - 1]! : upTo;
        const found = await this.index.indexed(db, table, mids);
        const missing = mids.filter((mid) => !found.has(mid));
        if (missing.length > 0) {
          const late = rowsOf((await lock(sql`select mid, content from ${t} where mid in (${sql.join(missing)})`, 'share').execute(db)).rows);
          await this.index.index(db, table, late, true);
          this.log.info({ table, rows: late.length }, 'search index caught late rows');
        }
      }
      if (newIndexedTo !== indexedTo || newCheckedTo !== checkedTo) {
        await sql`update ${sql.table(SEARCH_STATE_TABLE)} set indexed_to = ${newIndexedTo}, checked_to = ${newCheckedTo} where name = ${table}`.execute(db);
      }
      this.known.set(table, newIndexedTo);
      return {
        isMore: fresh.length === batchRows || pending.length === batchRows || isLateLeft,
        isDone: fresh.length > 0 || pending.length > 0 || newCheckedTo !== checkedTo,
        isSkipped: false,
      };
    });
  }
}

/** Queues rows of `table` for indexing anew, in the caller's transaction (`db`): what `changed` does. */
export async function queueChanged(db: Kysely<unknown>, table: SearchTable, mids: readonly number[]): Promise<void> {
  if (mids.length === 0) return;
  const values = sql.join(mids.map((mid) => sql`(${table}, ${mid})`));
  await sql`insert into ${sql.table(SEARCH_PENDING_TABLE)} (name, mid) values ${values} on conflict do nothing`.execute(db);
}

function rowsOf(rows: readonly unknown[]): IndexRow[] {
  return (rows as { mid: number | string; content: string }[]).map((r) => ({ mid: Number(r.mid), content: r.content }));
}

/** An engine whose index follows `content` inside the commit (MySQL/MariaDB FULLTEXT): nothing to do. */
export const INDEX_IN_COMMIT: SearchIndexUpkeep = {
  flush: () => Promise.resolve(),
  changed: () => Promise.resolve(),
  close: () => Promise.resolve(),
};
