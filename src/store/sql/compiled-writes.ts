import type { CompiledQuery } from 'kysely';
import type { SqlContext } from './context.js';
import { toStoreError } from './guarded-dialect.js';

/**
 * Runs compiled writes as one transaction; resolves with each one's changed row count. On a SQLite file
 * they run in the writer thread, in turn with the chat commits, so the event loop neither fsyncs nor
 * waits for the write lock the commits hold; PostgreSQL and MySQL use a pool connection.
 */
export async function writeCompiled(ctx: SqlContext, queries: readonly CompiledQuery[]): Promise<number[]> {
  const { db, dialect, writes } = ctx;
  if (queries.length === 0) return [];
  const writer = dialect.sqliteWriterThread?.();
  if (!writer) {
    if (queries.length === 1) return [Number((await db.executeQuery(queries[0]!)).numAffectedRows ?? 0)];
    return db.transaction().execute(async (trx) => {
      const changed: number[] = [];
      for (const query of queries) changed.push(Number((await trx.executeQuery(query)).numAffectedRows ?? 0));
      return changed;
    });
  }
  try {
    const changed = await writer.execute(queries.map((q) => ({ sql: q.sql, parameters: q.parameters })));
    writes.committed();
    return changed;
  } catch (err) {
    writes.failed(err);
    throw toStoreError(err, dialect);
  }
}
