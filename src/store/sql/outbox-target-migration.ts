import { sql, type Kysely, type Migration } from 'kysely';

/**
 * 013_outbox_target: `route`, where an item's call goes (a webhook URL, a push provider's endpoint),
 * which the outbox's circuit breaker keys on: the items of a route that is down are not claimed, and
 * are moved past its backoff in one statement. No index of its own: that statement reads the due items
 * (outbox_due_idx), few besides those of the route, and every row pays for each index it has. Push
 * items' `target` is a device's endpoint id, so it could not serve. Rows written before keep their
 * target as route.
 */
export const outboxTargetMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('outbox').addColumn('route', 'varchar(191)', (c) => c.notNull().defaultTo('')).execute();
    await sql`update outbox set route = target`.execute(db);
  },
};
