import { IdleBackoffTimer } from './idle-backoff-timer.js';
import type { Kysely } from 'kysely';
import { runInBackground, type Clock, type Logger } from '../../core/index.js';
import type { SearchIndexUpkeep } from '../search-store.js';
import type { SearchTable } from './dialects/search-dialect.js';
import { queueChanged, SEARCH_INDEXER_DEFAULTS, type SearchIndexerOptions } from './search-indexer.js';
import type { SqliteWriterThread } from './sqlite-writer-thread.js';

/**
 * The SQLite search indexer (search-indexer.ts) run by the chat writer thread on its connection:
 * tokenizing, the FTS5 inserts and each step's commit never run on the event loop. One connection
 * writes: a step committed from another connection made SQLite drop the writer's whole page cache, and
 * the next commits read their b-tree pages again (issue-16o6: 9 % of the writer's samples), and the two
 * threads took turns through a lock of their own. The timer stays here, on the store's clock, and asks
 * for a catch-up when none is running; a search's `flush` asks to bring the index up to what is stored
 * and waits for that (each step is one bounded transaction, commits asked meanwhile go before the next).
 */
export class SqliteIndexerThread implements SearchIndexUpkeep {
  private isTicking = false;
  private readonly timer: IdleBackoffTimer;
  private readonly inFlight = new Set<Promise<unknown>>();
  private closing: Promise<void> | undefined;

  constructor(
    private readonly writer: SqliteWriterThread,
    private readonly db: Kysely<unknown>,
    private readonly clock: Clock,
    private readonly log: Logger,
    options: SearchIndexerOptions = SEARCH_INDEXER_DEFAULTS,
  ) {
    this.timer = new IdleBackoffTimer(clock, options, () => this.tick());
  }

  start(): void {
    this.timer.start();
  }

  /** How long the timer now waits between steps (as SearchIndexer's: idle nodes barely poll). */
  get stepIntervalMs(): number {
    return this.timer.intervalMs;
  }

  async flush(): Promise<void> {
    if (!this.closing) await this.request(true);
  }

  private tick(): void {
    if (this.isTicking || this.closing) return;
    this.isTicking = true;
    const step = this.request(false).then((isBusy) => {
      if (!this.closing) this.timer.stepped(isBusy);
    });
    runInBackground(this.log, 'search index', step.finally(() => (this.isTicking = false)));
  }

  /** In the caller's transaction on the main connection, as SearchIndexer.changed. */
  changed(table: SearchTable, mids: readonly number[], db: Kysely<unknown> = this.db): Promise<void> {
    return queueChanged(db, table, mids);
  }

  /** Stops the timer and waits for the steps asked; the writer thread stops with the message store. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.timer.stop();
      await Promise.allSettled([...this.inFlight]);
    })();
    return this.closing;
  }

  private request(isFlush: boolean): Promise<boolean> {
    const asked = this.writer.index(this.clock.now(), isFlush, this.log);
    this.inFlight.add(asked);
    void asked.then(
      () => this.inFlight.delete(asked),
      () => this.inFlight.delete(asked),
    );
    return asked;
  }
}
