import { Migrator, sql, type CreateTableBuilder, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import { FIRST_GID } from '../ids.js';
import { accountsMigration } from './accounts-migration.js';
import { chatKeysMigration, cliMidKeyMigration } from './chat-keys-migration.js';
import { chatLeanMigration } from './chat-lean-migration.js';
import { messageEventsMigration } from './message-events-migration.js';
import { outboxMigration } from './outbox-migration.js';
import { outboxTargetMigration } from './outbox-target-migration.js';
import { pushQueueMigration } from './push-queue-migration.js';
import { repliesReadsMigration } from './replies-reads-migration.js';
import type { SqlDialect } from './dialects/sql-dialect.js';

// Migrations live in code, versioned by name (applied in name order), written once for all engines
// through Kysely's schema builder; `d` supplies only the types that differ. Never edit an applied
// migration: add the next one.

function initial(d: SqlDialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      const table = <N extends string>(name: N): CreateTableBuilder<N, never> => {
        const builder = db.schema.createTable(name);
        return d.tableOptions ? builder.modifyEnd(d.tableOptions) : builder;
      };
      const text = d.largeText;

      await table('users')
        .addColumn('uid', d.autoIdType, (c) => d.autoIdColumn(c))
        .addColumn('account', 'varchar(64)', (c) => c.notNull())
        .addColumn('email', 'varchar(255)')
        .addColumn('password_hash', 'varchar(255)', (c) => c.notNull())
        .addColumn('nickname', 'varchar(64)', (c) => c.notNull().defaultTo(''))
        .addColumn('avatar', 'varchar(512)', (c) => c.notNull().defaultTo(''))
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addUniqueConstraint('users_account_uq', ['account'])
        .addUniqueConstraint('users_email_uq', ['email'])
        .execute();

      await table('token_versions')
        .addColumn('uid', 'integer', (c) => c.notNull())
        .addColumn('device', 'integer', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('token_versions_pk', ['uid', 'device'])
        .execute();

      await table('contacts')
        .addColumn('owner', 'integer', (c) => c.notNull())
        .addColumn('type', 'smallint', (c) => c.notNull())
        .addColumn('peer', 'integer', (c) => c.notNull())
        .addColumn('remark', 'varchar(128)', (c) => c.notNull().defaultTo(''))
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('contacts_pk', ['owner', 'type', 'peer'])
        .execute();

      await table('contact_requests')
        .addColumn('from_uid', 'integer', (c) => c.notNull())
        .addColumn('to_uid', 'integer', (c) => c.notNull())
        .addColumn('comment', 'varchar(512)', (c) => c.notNull().defaultTo(''))
        .addColumn('status', 'smallint', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('contact_requests_pk', ['from_uid', 'to_uid'])
        .execute();
      await db.schema.createIndex('contact_requests_to_idx').on('contact_requests').columns(['to_uid', 'status']).execute();

      await table('blacklist')
        .addColumn('owner', 'integer', (c) => c.notNull())
        .addColumn('other', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('blacklist_pk', ['owner', 'other'])
        .execute();

      await table('sessions')
        .addColumn('owner', 'integer', (c) => c.notNull())
        .addColumn('type', 'smallint', (c) => c.notNull())
        .addColumn('peer', 'integer', (c) => c.notNull())
        .addColumn('last_mid', 'bigint', (c) => c.notNull().defaultTo(0))
        .addColumn('unread', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('read_cursor', 'bigint', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('sessions_pk', ['owner', 'type', 'peer'])
        .execute();
      await db.schema.createIndex('sessions_recent_idx').on('sessions').columns(['owner', 'updated_at']).execute();

      await table('chat_groups')
        .addColumn('gid', d.autoIdType, (c) => d.autoIdColumn(c))
        .addColumn('name', 'varchar(128)', (c) => c.notNull())
        .addColumn('avatar', 'varchar(512)', (c) => c.notNull().defaultTo(''))
        .addColumn('owner_uid', 'integer', (c) => c.notNull())
        .addColumn('mute', 'smallint', (c) => c.notNull().defaultTo(0))
        .addColumn('dissolved', 'smallint', (c) => c.notNull().defaultTo(0))
        .addColumn('allow_history', 'smallint', (c) => c.notNull().defaultTo(1))
        .addColumn('last_seq', 'bigint', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();

      await table('group_members')
        .addColumn('gid', 'integer', (c) => c.notNull())
        .addColumn('uid', 'integer', (c) => c.notNull())
        .addColumn('role', 'smallint', (c) => c.notNull())
        .addColumn('mute', 'smallint', (c) => c.notNull().defaultTo(0))
        .addColumn('remark', 'varchar(128)', (c) => c.notNull().defaultTo(''))
        .addColumn('joined_seq', 'bigint', (c) => c.notNull().defaultTo(0))
        .addColumn('delivered_seq', 'bigint', (c) => c.notNull().defaultTo(0))
        .addColumn('read_seq', 'bigint', (c) => c.notNull().defaultTo(0))
        .addColumn('joined_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('group_members_pk', ['gid', 'uid'])
        .execute();
      await db.schema.createIndex('group_members_uid_idx').on('group_members').column('uid').execute();

      await table('messages')
        .addColumn('mid', 'bigint', (c) => c.primaryKey())
        .addColumn('sender', 'integer', (c) => c.notNull())
        .addColumn('receiver', 'integer', (c) => c.notNull())
        .addColumn('cli_mid', 'varchar(64)', (c) => c.notNull())
        .addColumn('cli_seq', 'bigint', (c) => c.notNull().defaultTo(0))
        .addColumn('type', 'integer', (c) => c.notNull())
        .addColumn('content', text, (c) => c.notNull())
        .addColumn('send_at', 'bigint', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('status', 'smallint', (c) => c.notNull().defaultTo(0))
        .addColumn('recall_by', 'integer', (c) => c.notNull().defaultTo(0))
        .addUniqueConstraint('messages_cli_mid_uq', ['sender', 'cli_mid'])
        .execute();
      // History between two users: one ordered range per direction.
      await db.schema.createIndex('messages_pair_idx').on('messages').columns(['sender', 'receiver', 'mid']).execute();

      await table('inbox')
        .addColumn('uid', 'integer', (c) => c.notNull())
        .addColumn('seq', 'bigint', (c) => c.notNull())
        .addColumn('mid', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('inbox_pk', ['uid', 'seq'])
        .execute();

      await table('device_cursors')
        .addColumn('uid', 'integer', (c) => c.notNull())
        .addColumn('device', 'integer', (c) => c.notNull())
        .addColumn('acked_seq', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('device_cursors_pk', ['uid', 'device'])
        .execute();

      await table('group_messages')
        .addColumn('gid', 'integer', (c) => c.notNull())
        .addColumn('seq', 'bigint', (c) => c.notNull())
        .addColumn('mid', 'bigint', (c) => c.notNull())
        .addColumn('sender', 'integer', (c) => c.notNull())
        .addColumn('cli_mid', 'varchar(64)')
        .addColumn('type', 'integer', (c) => c.notNull())
        .addColumn('content', text, (c) => c.notNull())
        .addColumn('send_at', 'bigint', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('status', 'smallint', (c) => c.notNull().defaultTo(0))
        .addColumn('recall_by', 'integer', (c) => c.notNull().defaultTo(0))
        .addPrimaryKeyConstraint('group_messages_pk', ['gid', 'seq'])
        .addUniqueConstraint('group_messages_mid_uq', ['mid'])
        .addUniqueConstraint('group_messages_cli_mid_uq', ['gid', 'sender', 'cli_mid'])
        .execute();
    },
  };
}

/** Recalled messages stored before recall erased content lose it now, as later recalls do. */
const recallErase: Migration = {
  async up(db: Kysely<unknown>) {
    for (const table of ['messages', 'group_messages']) {
      // status 1 is recalled (MESSAGE_STATUS); spelt out so this migration never changes with the code.
      await sql`update ${sql.table(table)} set content = '' where status = 1`.execute(db);
    }
  },
};

/**
 * New gids start at FIRST_GID, above every uid (uids stay below it), so a client that keys chats by the
 * bare id never mixes a group with a user. Groups created before keep their gid: clients hold it.
 */
function gidRange(d: SqlDialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      for (const statement of d.raiseAutoId('chat_groups', 'gid', FIRST_GID)) await statement.execute(db);
    },
  };
}

/** Seqs a device acked above its cursor: `msg/chat/offline/ack` clears exactly the mids it names. */
function deviceAcks(d: SqlDialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      const builder = db.schema.createTable('device_acks');
      await (d.tableOptions ? builder.modifyEnd(d.tableOptions) : builder)
        .addColumn('uid', 'integer', (c) => c.notNull())
        .addColumn('device', 'integer', (c) => c.notNull())
        .addColumn('seq', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('device_acks_pk', ['uid', 'device', 'seq'])
        .execute();
    },
  };
}

/** Uploads (`files` area): one row per upload, the bytes stored once per SHA-256. */
function filesMigration(d: SqlDialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      const builder = db.schema.createTable('files');
      await (d.tableOptions ? builder.modifyEnd(d.tableOptions) : builder)
        .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
        .addColumn('owner', 'integer', (c) => c.notNull())
        .addColumn('sha256', 'char(64)', (c) => c.notNull())
        .addColumn('name', 'varchar(255)', (c) => c.notNull())
        .addColumn('size', 'bigint', (c) => c.notNull())
        .addColumn('type', 'varchar(127)', (c) => c.notNull())
        .addColumn('width', 'integer')
        .addColumn('height', 'integer')
        .addColumn('has_thumbnail', 'smallint', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('files_owner_ix').on('files').column('owner').execute();
      await db.schema.createIndex('files_sha256_ix').on('files').column('sha256').execute();
    },
  };
}

/** Full-text search over message text; the index and what keeps it current are the engine's (dialects/*-search.ts). */
function search(d: SqlDialect): Migration {
  return { up: (db: Kysely<unknown>) => d.search.migrate(db) };
}

/** The search index written by the deferred indexer instead of the chat commit (search-indexer.ts); MySQL keeps FULLTEXT. */
function searchDeferred(d: SqlDialect): Migration {
  return { up: async (db: Kysely<unknown>) => d.search.deferred?.migrate(db) };
}

/** The search index's rows carry readability and filter keys where the index has rows of its own (PostgreSQL). */
function searchSpeed(d: SqlDialect): Migration {
  return { up: async (db: Kysely<unknown>) => d.search.migrateKeys?.(db) };
}

/** The search index without term positions where the engine allows it (SQLite's trigrams); nothing elsewhere. */
function searchRowsOnly(d: SqlDialect): Migration {
  return { up: async (db: Kysely<unknown>) => d.search.migrateRowsOnly?.(db) };
}

export function glideMigrations(d: SqlDialect): Record<string, Migration> {
  return {
    '001_initial': initial(d),
    '002_gid_range': gidRange(d),
    '002_gid_range_device_acks': deviceAcks(d),
    '003_accounts': accountsMigration(d),
    '005_recall_erase': recallErase,
    '006_outbox': outboxMigration(d),
    '007_files': filesMigration(d),
    '008_search': search(d),
    '009_message_events': messageEventsMigration(d),
    '010_replies_reads': repliesReadsMigration(d),
    '011_search_deferred': searchDeferred(d),
    '012_push_queue': pushQueueMigration(d),
    '013_outbox_target': outboxTargetMigration,
    '014_search_speed': searchSpeed(d),
    '015_chat_lean': chatLeanMigration(d),
    '016_chat_keys': chatKeysMigration(d),
    '017_cli_mid_key': cliMidKeyMigration(d),
    '018_search_rows_only': searchRowsOnly(d),
  };
}

/** Kysely's lock table: one row (`id` = 'migration_lock', `is_locked`), created by the first migration run. */
export const MIGRATION_LOCK_TABLE = 'glide_migration_lock';

/** Kysely's Migrator over the in-code list, with our own table names so Glide can share a database. */
export function createMigrator(db: Kysely<unknown>, d: SqlDialect): Migrator {
  const provider: MigrationProvider = { getMigrations: async () => glideMigrations(d) };
  return new Migrator({ db, provider, migrationTableName: 'glide_migration', migrationLockTableName: MIGRATION_LOCK_TABLE });
}
