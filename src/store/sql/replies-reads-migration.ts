import type { Kysely, Migration } from 'kysely';
import type { SqlDialect } from './dialects/sql-dialect.js';

/**
 * 010_replies_reads: a message's links (reply, forward, mentions) as one JSON text beside its content,
 * on 1:1 and group messages; and the mentions of group posts by member (uid 0 is `@all`), so a member's
 * session line can say "mentioned you" with one indexed read. Read positions are the member rows'
 * read_seq (001), which is why no table is added for them.
 */
export function repliesReadsMigration(d: SqlDialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('messages').addColumn('links', d.largeText).execute();
      await db.schema.alterTable('group_messages').addColumn('links', d.largeText).execute();
      const builder = db.schema.createTable('group_mentions');
      await (d.tableOptions ? builder.modifyEnd(d.tableOptions) : builder)
        .addColumn('gid', 'integer', (c) => c.notNull())
        .addColumn('uid', 'integer', (c) => c.notNull())
        .addColumn('seq', 'bigint', (c) => c.notNull())
        .addColumn('sender', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('group_mentions_pk', ['gid', 'uid', 'seq'])
        .execute();
    },
  };
}
