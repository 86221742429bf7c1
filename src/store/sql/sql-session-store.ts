import { sql, type Expression, type Kysely } from 'kysely';
import type { Session, SessionKey, SessionStore, SessionType, SessionUpdate } from '../session-store.js';
import { MAX_ROWS_PER_INSERT, type SqlContext } from './context.js';
import { chunks, toSession } from './rows.js';
import type { Database } from './schema.js';
import type { SqlDialect } from './dialects/sql-dialect.js';

const KEY = ['owner', 'type', 'peer'] as const;

/** CASE instead of GREATEST/MAX: the one spelling every engine accepts. */
function larger(stored: Expression<unknown>, incoming: Expression<unknown>) {
  return sql`case when ${incoming} > ${stored} then ${incoming} else ${stored} end`;
}

/** Merges updates to the same line: PostgreSQL refuses to touch one row twice in a statement. */
export function mergeSessionLines(updates: readonly SessionUpdate[]): SessionUpdate[] {
  const byKey = new Map<string, SessionUpdate>();
  for (const u of updates) {
    const key = `${u.owner}:${u.type}:${u.peer}`;
    const seen = byKey.get(key);
    byKey.set(
      key,
      seen ? { ...seen, mid: Math.max(seen.mid, u.mid), unread: seen.unread + u.unread, at: Math.max(seen.at, u.at) } : { ...u },
    );
  }
  return [...byKey.values()];
}

/** SessionStore.applyMessages on `db` (the store's or a transaction's): multi-row upserts of merged lines. */
export async function upsertSessionLines(db: Kysely<Database>, d: SqlDialect, updates: readonly SessionUpdate[]): Promise<void> {
  const column = (name: string) => sql.ref(`sessions.${name}`);
  // Each SET expression reads only stored and incoming values (MySQL evaluates them left to right,
  // so one must never read a column another one has just changed).
  const set = {
    unread: sql`${column('unread')} + ${d.excluded('unread')}`,
    updated_at: larger(column('updated_at'), d.excluded('updated_at')),
    last_mid: larger(column('last_mid'), d.excluded('last_mid')),
  };
  const rows = mergeSessionLines(updates).map((u) => ({
    owner: u.owner,
    type: u.type,
    peer: u.peer,
    last_mid: u.mid,
    unread: u.unread,
    read_cursor: 0,
    created_at: u.at,
    updated_at: u.at,
  }));
  for (const part of chunks(rows, MAX_ROWS_PER_INSERT)) {
    await db.insertInto('sessions').values(part).modifyEnd(d.upsert(KEY, set)).execute();
  }
}

export class SqlSessionStore implements SessionStore {
  constructor(private readonly ctx: SqlContext) {}

  async ensure(keys: readonly SessionKey[]): Promise<void> {
    if (keys.length === 0) return;
    const now = this.ctx.clock.now();
    const rows = mergeSessionLines(keys.map((k) => ({ ...k, mid: 0, unread: 0, at: now }))).map((k) => ({
      owner: k.owner,
      type: k.type,
      peer: k.peer,
      last_mid: 0,
      unread: 0,
      read_cursor: 0,
      created_at: now,
      updated_at: now,
    }));
    await this.ctx.db.insertInto('sessions').values(rows).modifyEnd(this.ctx.dialect.ignoreConflict(KEY)).execute();
  }

  async get(owner: number, type: SessionType, peer: number): Promise<Session | undefined> {
    const row = await this.ctx.db
      .selectFrom('sessions')
      .selectAll()
      .where('owner', '=', owner)
      .where('type', '=', type)
      .where('peer', '=', peer)
      .executeTakeFirst();
    return row && toSession(row);
  }

  async list(owner: number, limit?: number): Promise<Session[]> {
    let query = this.ctx.db.selectFrom('sessions').selectAll().where('owner', '=', owner).orderBy('updated_at', 'desc').orderBy('peer', 'desc');
    if (limit !== undefined) query = query.limit(limit);
    return (await query.execute()).map(toSession);
  }

  async applyMessages(updates: readonly SessionUpdate[]): Promise<void> {
    if (updates.length === 0) return;
    await upsertSessionLines(this.ctx.db, this.ctx.dialect, updates);
  }

  async markRead(owner: number, type: SessionType, peer: number, upToMid?: number): Promise<boolean> {
    const cursor = upToMid ?? Number.MAX_SAFE_INTEGER;
    // unread is set before read_cursor: MySQL would otherwise see the new cursor (both read only last_mid here).
    const result = await this.ctx.db
      .updateTable('sessions')
      .set({
        unread: sql<number>`case when ${cursor} >= ${sql.ref('last_mid')} then 0 else ${sql.ref('unread')} end`,
        read_cursor: sql<number>`case when ${upToMid ?? sql.ref('last_mid')} > ${sql.ref('read_cursor')} then ${
          upToMid ?? sql.ref('last_mid')
        } else ${sql.ref('read_cursor')} end`,
      })
      .where('owner', '=', owner)
      .where('type', '=', type)
      .where('peer', '=', peer)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async remove(owner: number, type: SessionType, peer: number): Promise<boolean> {
    const result = await this.ctx.db
      .deleteFrom('sessions')
      .where('owner', '=', owner)
      .where('type', '=', type)
      .where('peer', '=', peer)
      .executeTakeFirst();
    return result.numDeletedRows > 0n;
  }
}
