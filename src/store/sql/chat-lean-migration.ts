import type { Kysely, Migration } from 'kysely';
import type { SqlDialect } from './dialects/sql-dialect.js';

/**
 * 015_chat_lean: `sessions_recent_idx` (owner, updated_at) goes. Every 1:1 message moves two session
 * lines' `updated_at`, so the index cost a delete and an insert per line in the chat commit, and on
 * PostgreSQL it made every such update non-HOT (a new entry in both indexes, more WAL, more vacuum: 81
 * HOT of 15,220 updates in a bench run). Its only reader, the session list, reads one owner's lines by
 * the primary key (owner, type, peer) and sorts them: a few hundred rows per user, once per sign-in.
 */
export function chatLeanMigration(d: SqlDialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      const drop = db.schema.dropIndex('sessions_recent_idx');
      // MySQL names the table of an index; the others reject it.
      await (d.engine === 'mysql' ? drop.on('sessions') : drop).execute();
    },
  };
}
