import type { CreateTableBuilder, Kysely, Migration } from 'kysely';
import type { SqlDialect } from './dialects/sql-dialect.js';

/**
 * 006_outbox: the durable queue of outgoing calls (push notifications, webhook events), the push
 * endpoints registered per device, per-conversation mutes and per-user settings (do not disturb).
 */
export function outboxMigration(d: SqlDialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      const table = <N extends string>(name: N): CreateTableBuilder<N, never> => {
        const builder = db.schema.createTable(name);
        return d.tableOptions ? builder.modifyEnd(d.tableOptions) : builder;
      };
      await table('outbox')
        .addColumn('id', d.autoIdType, (c) => d.autoIdColumn(c))
        .addColumn('kind', 'varchar(16)', (c) => c.notNull())
        // Unique forever (rows stay until purged): a second enqueue of the same thing is skipped.
        .addColumn('dedup_key', 'varchar(191)', (c) => c.notNull())
        .addColumn('collapse_key', 'varchar(191)')
        .addColumn('target', 'varchar(191)', (c) => c.notNull())
        .addColumn('payload', d.largeText, (c) => c.notNull())
        .addColumn('state', 'smallint', (c) => c.notNull().defaultTo(0))
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('next_at', 'bigint', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('last_error', 'varchar(255)', (c) => c.notNull().defaultTo(''))
        // Who holds the current lease: one UPDATE claims a whole batch, the SELECT after it reads what it got.
        .addColumn('claim', 'varchar(32)', (c) => c.notNull().defaultTo(''))
        .addUniqueConstraint('outbox_dedup_uq', ['dedup_key'])
        .execute();
      await db.schema.createIndex('outbox_due_idx').on('outbox').columns(['state', 'next_at']).execute();
      await db.schema.createIndex('outbox_collapse_idx').on('outbox').columns(['collapse_key']).execute();

      await table('push_endpoints')
        .addColumn('id', d.autoIdType, (c) => d.autoIdColumn(c))
        .addColumn('uid', 'integer', (c) => c.notNull())
        .addColumn('device', 'integer', (c) => c.notNull())
        .addColumn('kind', 'varchar(16)', (c) => c.notNull())
        .addColumn('address', 'varchar(700)', (c) => c.notNull())
        .addColumn('keys', 'varchar(512)', (c) => c.notNull().defaultTo(''))
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addUniqueConstraint('push_endpoints_address_uq', ['kind', 'address'])
        .execute();
      await db.schema.createIndex('push_endpoints_uid_idx').on('push_endpoints').column('uid').execute();

      await table('push_mutes')
        .addColumn('uid', 'integer', (c) => c.notNull())
        .addColumn('type', 'smallint', (c) => c.notNull())
        .addColumn('peer', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('push_mutes_pk', ['uid', 'type', 'peer'])
        .execute();

      await table('push_settings')
        .addColumn('uid', 'integer', (c) => c.primaryKey())
        .addColumn('dnd', 'smallint', (c) => c.notNull().defaultTo(0))
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
    },
  };
}
