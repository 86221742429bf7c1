import { sql, type Kysely, type Migration } from 'kysely';
import type { SqlDialect } from './dialects/sql-dialect.js';

/** As wide as `users.email`: an account registered by e-mail uses the address as its name. */
const ACCOUNT_TYPE = 'varchar(255)';

/**
 * 003_accounts: `users.account` was varchar(64) while registration accepts 128-character e-mails as the
 * account. SQLite does not enforce varchar lengths, so there it changes nothing (it is still recorded).
 */
export function accountsMigration(d: SqlDialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      if (d.engine === 'postgres') {
        await db.schema.alterTable('users').alterColumn('account', (column) => column.setDataType(sql.raw(ACCOUNT_TYPE))).execute();
      } else if (d.engine === 'mysql') {
        // MODIFY restates the whole column; the table's byte-wise collation stays the default.
        await db.schema.alterTable('users').modifyColumn('account', sql.raw(ACCOUNT_TYPE), (column) => column.notNull()).execute();
      }
    },
  };
}
