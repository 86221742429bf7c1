import type { Kysely, Migration } from 'kysely';
import type { SqlDialect } from './dialects/sql-dialect.js';

/**
 * 012_push_queue: messages waiting for their push grace, one row per receiver and conversation (the
 * newest message replaces the older one: notifications collapse per conversation). Rows go when a
 * device confirms the message, or when the notification is handed to the outbox.
 */
export function pushQueueMigration(d: SqlDialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      const builder = db.schema.createTable('push_pending');
      await (d.tableOptions ? builder.modifyEnd(d.tableOptions) : builder)
        .addColumn('uid', 'integer', (c) => c.notNull())
        .addColumn('type', 'smallint', (c) => c.notNull())
        .addColumn('peer', 'integer', (c) => c.notNull())
        .addColumn('mid', 'bigint', (c) => c.notNull())
        .addColumn('seq', 'bigint', (c) => c.notNull())
        .addColumn('sender', 'integer', (c) => c.notNull())
        .addColumn('msg_type', 'smallint', (c) => c.notNull())
        // The start of the text only: enough for a preview.
        .addColumn('content', 'varchar(255)', (c) => c.notNull().defaultTo(''))
        .addColumn('first_at', 'bigint', (c) => c.notNull())
        .addColumn('last_at', 'bigint', (c) => c.notNull())
        .addColumn('due_at', 'bigint', (c) => c.notNull())
        // 1 once any message of the conversation waiting here mentioned the user (survives a newer message).
        .addColumn('mentioned', 'smallint', (c) => c.notNull().defaultTo(0))
        .addPrimaryKeyConstraint('push_pending_pk', ['uid', 'type', 'peer'])
        .execute();
      await db.schema.createIndex('push_pending_due_idx').on('push_pending').column('due_at').execute();
    },
  };
}
