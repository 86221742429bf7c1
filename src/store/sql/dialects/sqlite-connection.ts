import type BetterSqlite3 from 'better-sqlite3';
import { CompiledQuery, SqliteDialect, type Driver, type SqliteDatabase, type SqliteDialectConfig } from 'kysely';
import { LruCache } from '../../../core/index.js';

/** Distinct SQL texts kept prepared; IN-lists and multi-row inserts vary in length, so the set is bounded. */
const STATEMENT_CACHE_SIZE = 512;

/**
 * Kysely's SQLite driver prepares every statement anew; the chat profile showed that at ~22 % of the
 * server's CPU (bench/RESULTS.md). better-sqlite3 statements are reusable, so keep them by SQL text.
 */
export function withStatementCache(db: BetterSqlite3.Database): SqliteDatabase {
  const statements = new LruCache<string, BetterSqlite3.Statement>(STATEMENT_CACHE_SIZE);
  return {
    close: () => db.close(),
    prepare(text) {
      let statement = statements.get(text);
      if (!statement) statements.set(text, (statement = db.prepare(text)));
      return statement;
    },
  };
}

/** What a connection shared with the chat writer (its thread's search indexer) does around each transaction. */
export interface TransactionTurns {
  /** Before BEGIN: may yield, so the commits asked meanwhile go first. */
  begin(): Promise<void>;
  /** After COMMIT or ROLLBACK (or a BEGIN that failed). */
  end(): void;
}

/**
 * Transactions BEGIN IMMEDIATE: with the chat writer thread's connection beside this one, a deferred
 * transaction that reads and then writes would fail (SQLITE_BUSY_SNAPSHOT) whenever the thread committed
 * in between; IMMEDIATE takes the write lock first (a lock held elsewhere waits in the busy timeout).
 */
export class ImmediateSqliteDialect extends SqliteDialect {
  constructor(
    config: SqliteDialectConfig,
    private readonly turns?: TransactionTurns,
  ) {
    super(config);
  }

  override createDriver(): Driver {
    const driver = super.createDriver();
    const { commitTransaction, rollbackTransaction } = driver;
    const turns = this.turns;
    if (!turns) {
      driver.beginTransaction = async (connection) => void (await connection.executeQuery(CompiledQuery.raw('begin immediate')));
      return driver;
    }
    driver.beginTransaction = async (connection) => {
      await turns.begin();
      try {
        await connection.executeQuery(CompiledQuery.raw('begin immediate'));
      } catch (err) {
        turns.end();
        throw err;
      }
    };
    driver.commitTransaction = async (connection) => {
      try {
        await commitTransaction.call(driver, connection);
      } finally {
        turns.end();
      }
    };
    driver.rollbackTransaction = async (connection) => {
      try {
        await rollbackTransaction.call(driver, connection);
      } finally {
        turns.end();
      }
    };
    return driver;
  }
}
