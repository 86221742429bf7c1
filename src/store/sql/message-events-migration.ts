import { type Kysely, type Migration } from 'kysely';
import type { SqlDialect } from './dialects/sql-dialect.js';

/**
 * Edits, reactions and pins (009). The events themselves are rows of the conversation's sequence (inbox or
 * group); these tables hold what they add up to, each row keeping the event mid that set it last, so
 * applying an event again or out of order never undoes a newer one.
 */
export function messageEventsMigration(d: SqlDialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      const table = (name: string) => {
        const builder = db.schema.createTable(name);
        return d.tableOptions ? builder.modifyEnd(d.tableOptions) : builder;
      };
      for (const name of ['messages', 'group_messages']) {
        // The event mid of the edit shown now (0: never edited) and when it was made.
        await db.schema.alterTable(name).addColumn('edit_mid', 'bigint', (c) => c.notNull().defaultTo(0)).execute();
        await db.schema.alterTable(name).addColumn('edited_at', 'bigint', (c) => c.notNull().defaultTo(0)).execute();
      }
      // Every text a message had, for its sender: event_mid 0 is the original.
      await table('message_revisions')
        .addColumn('mid', 'bigint', (c) => c.notNull())
        .addColumn('event_mid', 'bigint', (c) => c.notNull())
        .addColumn('content', d.largeText, (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('message_revisions_pk', ['mid', 'event_mid'])
        .execute();
      await table('message_reactions')
        .addColumn('mid', 'bigint', (c) => c.notNull())
        .addColumn('uid', 'integer', (c) => c.notNull())
        .addColumn('reaction_key', 'varchar(64)', (c) => c.notNull())
        .addColumn('is_on', 'smallint', (c) => c.notNull())
        .addColumn('event_mid', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('message_reactions_pk', ['mid', 'uid', 'reaction_key'])
        .execute();
      await table('message_pins')
        .addColumn('conversation', 'varchar(48)', (c) => c.notNull())
        .addColumn('mid', 'bigint', (c) => c.notNull())
        .addColumn('by_uid', 'integer', (c) => c.notNull())
        .addColumn('is_on', 'smallint', (c) => c.notNull())
        .addColumn('event_mid', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('message_pins_pk', ['conversation', 'mid'])
        .execute();
    },
  };
}
