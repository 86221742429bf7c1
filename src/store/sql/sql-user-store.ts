import { sql, type Updateable } from 'kysely';
import { GlideError } from '../../core/index.js';
import type { NewUser, ProfileUpdate, User, UserStore } from '../user-store.js';
import { FIRST_GID, MAX_UID } from '../ids.js';
import { batchedRead, groupByUid } from './batched-read.js';
import { MAX_ROWS_PER_INSERT, type SqlContext } from './context.js';
import { pgSigninReads } from './pg-signin-reads.js';
import type { UsersTable } from './schema.js';
import { toUser, uniqueSorted } from './rows.js';

export class SqlUserStore implements UserStore {
  /** Every sign-in checks its token's version: a storm of them shares queries. */
  private readonly readTokenVersion = batchedRead((keys: { uid: number; device: number }[]) => this.readTokenVersions(keys));

  private readonly pg: ReturnType<typeof pgSigninReads>;

  constructor(private readonly ctx: SqlContext) {
    this.pg = pgSigninReads(ctx);
  }

  async create(user: NewUser): Promise<User> {
    const row = userRow(user, this.ctx.clock.now());
    const uid = await this.ctx.db.transaction().execute(async (trx) => {
      const insert = trx.insertInto('users').values(row);
      const id = this.ctx.dialect.hasReturning
        ? (await insert.returning('uid').executeTakeFirstOrThrow()).uid
        : Number((await insert.executeTakeFirstOrThrow()).insertId);
      // Rolled back: uids must stay below the gids (ids.ts).
      if (id > MAX_UID) throw new GlideError('STORE_INTERNAL', `uid space is full (uids stay below ${FIRST_GID})`);
      return id;
    });
    return toUser({ uid, ...row });
  }

  async get(uid: number): Promise<User | undefined> {
    const row = await this.ctx.db.selectFrom('users').selectAll().where('uid', '=', uid).executeTakeFirst();
    return row && toUser(row);
  }

  async getByAccount(account: string): Promise<User | undefined> {
    const row = await this.ctx.db.selectFrom('users').selectAll().where('account', '=', account).executeTakeFirst();
    return row && toUser(row);
  }

  async getByEmail(email: string): Promise<User | undefined> {
    const row = await this.ctx.db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
    return row && toUser(row);
  }

  async getMany(uids: readonly number[]): Promise<User[]> {
    if (uids.length === 0) return [];
    const rows = await this.ctx.db.selectFrom('users').selectAll().where('uid', 'in', uniqueSorted(uids)).orderBy('uid').execute();
    return rows.map(toUser);
  }

  async list(afterUid: number, limit: number): Promise<User[]> {
    const rows = await this.ctx.db.selectFrom('users').selectAll().where('uid', '>', afterUid).orderBy('uid').limit(limit).execute();
    return rows.map(toUser);
  }

  async updateProfile(uid: number, update: ProfileUpdate): Promise<User> {
    const set: Updateable<UsersTable> = { updated_at: this.ctx.clock.now() };
    if (update.nickname !== undefined) set.nickname = update.nickname;
    if (update.avatar !== undefined) set.avatar = update.avatar;
    if (update.passwordHash !== undefined) set.password_hash = update.passwordHash;
    if (update.email !== undefined) set.email = update.email;
    const result = await this.ctx.db.updateTable('users').set(set).where('uid', '=', uid).executeTakeFirst();
    if (result.numUpdatedRows === 0n) throw new GlideError('STORE_NOT_FOUND', `user ${uid}`);
    const user = await this.get(uid);
    if (!user) throw new GlideError('STORE_NOT_FOUND', `user ${uid}`);
    return user;
  }

  async bumpTokenVersion(uid: number, device: number): Promise<number> {
    const d = this.ctx.dialect;
    // The upsert locks the row until commit, so the read in the same transaction sees our increment.
    return this.ctx.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('token_versions')
        .values({ uid, device, version: 1, updated_at: this.ctx.clock.now() })
        .modifyEnd(
          d.upsert(['uid', 'device'], {
            version: sql`${sql.ref('token_versions.version')} + 1`,
            updated_at: d.excluded('updated_at'),
          }),
        )
        .execute();
      const row = await trx
        .selectFrom('token_versions')
        .select('version')
        .where('uid', '=', uid)
        .where('device', '=', device)
        .executeTakeFirstOrThrow();
      return row.version;
    });
  }

  getTokenVersion(uid: number, device: number): Promise<number> {
    return this.readTokenVersion({ uid, device });
  }

  private async readTokenVersions(keys: readonly { uid: number; device: number }[]): Promise<number[]> {
    const uids = uniqueSorted(keys.map((key) => key.uid));
    const rows = this.pg ? await this.pg.tokenVersions(uids) : await this.ctx.db.selectFrom('token_versions').select(['uid', 'device', 'version']).where('uid', 'in', uids).execute();
    const byUid = groupByUid(rows, (row) => Number(row.uid));
    return keys.map((key) => byUid.get(key.uid)?.find((row) => Number(row.device) === key.device)?.version ?? 0);
  }

  async listTokenDevices(uid: number): Promise<number[]> {
    const rows = await this.ctx.db.selectFrom('token_versions').select('device').where('uid', '=', uid).orderBy('device').execute();
    return rows.map((row) => row.device);
  }

  async importMany(users: readonly NewUser[], options: { tokenDevice?: number } = {}): Promise<User[]> {
    if (users.length === 0) return [];
    const accounts = users.map((user) => user.account);
    if (new Set(accounts).size !== accounts.length) throw new GlideError('STORE_CONFLICT', 'an account appears twice in the import');
    const now = this.ctx.clock.now();
    const rows = users.map((user) => userRow(user, now));
    return this.ctx.db.transaction().execute(async (trx) => {
      const byAccount = new Map<string, User>();
      for (let i = 0; i < rows.length; i += MAX_ROWS_PER_INSERT) {
        const chunk = rows.slice(i, i + MAX_ROWS_PER_INSERT);
        await trx.insertInto('users').values(chunk).execute();
        // Read back rather than RETURNING: MySQL has none, and its insertId of a multi-row insert is the first id only.
        const stored = await trx.selectFrom('users').selectAll().where('account', 'in', chunk.map((row) => row.account)).execute();
        for (const row of stored) byAccount.set(row.account, toUser(row));
      }
      const imported = accounts.map((account) => byAccount.get(account)!);
      // Rolled back: uids must stay below the gids (ids.ts).
      if (imported.some((user) => user.uid > MAX_UID)) throw new GlideError('STORE_INTERNAL', `uid space is full (uids stay below ${FIRST_GID})`);
      const device = options.tokenDevice;
      if (device !== undefined) {
        for (let i = 0; i < imported.length; i += MAX_ROWS_PER_INSERT) {
          const chunk = imported.slice(i, i + MAX_ROWS_PER_INSERT).map((user) => ({ uid: user.uid, device, version: 1, updated_at: now }));
          await trx.insertInto('token_versions').values(chunk).execute();
        }
      }
      return imported;
    });
  }
}

/** A new user's row, stamped `now`. */
function userRow(user: NewUser, now: number) {
  return { account: user.account, email: user.email ?? null, password_hash: user.passwordHash, nickname: user.nickname ?? '', avatar: user.avatar ?? '', created_at: now, updated_at: now };
}
