import { GlideError } from '../../core/index.js';
import {
  CONTACT_TYPE,
  REQUEST_STATUS,
  type BlockedUser,
  type Contact,
  type ContactRequest,
  type ContactStore,
  type ContactType,
  type RequestStatus,
} from '../contact-store.js';
import { batchedRead, groupByUid } from './batched-read.js';
import type { SqlContext } from './context.js';
import { pgSigninReads } from './pg-signin-reads.js';
import { toBlockedUser, toContact, toContactRequest, uniqueSorted } from './rows.js';

export class SqlContactStore implements ContactStore {
  /** Every first sign-in of a user lists its contacts (presence): a storm of them shares queries. */
  private readonly readList = batchedRead((owners: number[]) => this.listMany(owners));

  private readonly pg: ReturnType<typeof pgSigninReads>;

  constructor(private readonly ctx: SqlContext) {
    this.pg = pgSigninReads(ctx);
  }

  async addPair(a: number, b: number, remark = ''): Promise<void> {
    const now = this.ctx.clock.now();
    const rows = [{ owner: a, type: CONTACT_TYPE.user, peer: b, remark, created_at: now }];
    if (a !== b) rows.push({ owner: b, type: CONTACT_TYPE.user, peer: a, remark: '', created_at: now });
    // One multi-row statement: both directions or neither.
    await this.ctx.db
      .insertInto('contacts')
      .values(rows)
      .modifyEnd(this.ctx.dialect.ignoreConflict(['owner', 'type', 'peer']))
      .execute();
  }

  async add(owner: number, id: number, type: ContactType, remark = ''): Promise<boolean> {
    const existing = await this.get(owner, id, type);
    if (existing) return false;
    const result = await this.ctx.db
      .insertInto('contacts')
      .values({ owner, type, peer: id, remark, created_at: this.ctx.clock.now() })
      .modifyEnd(this.ctx.dialect.ignoreConflict(['owner', 'type', 'peer']))
      .executeTakeFirst();
    // A concurrent add may win between the read and the insert.
    return this.ctx.dialect.countsSkippedRows || Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
  }

  async get(owner: number, id: number, type: ContactType): Promise<Contact | undefined> {
    const row = await this.ctx.db
      .selectFrom('contacts')
      .selectAll()
      .where('owner', '=', owner)
      .where('type', '=', type)
      .where('peer', '=', id)
      .executeTakeFirst();
    return row && toContact(row);
  }

  list(owner: number): Promise<Contact[]> {
    return this.readList(owner);
  }

  private async listMany(owners: readonly number[]): Promise<Contact[][]> {
    const keys = uniqueSorted(owners);
    const rows = this.pg
      ? await this.pg.contactsOf(keys)
      : await this.ctx.db.selectFrom('contacts').selectAll().where('owner', 'in', keys).orderBy('owner').orderBy('created_at').orderBy('type').orderBy('peer').execute();
    const byOwner = groupByUid(rows, (row) => Number(row.owner));
    return owners.map((owner) => (byOwner.get(owner) ?? []).map(toContact));
  }

  async remove(owner: number, ids: readonly number[], type: ContactType): Promise<number> {
    if (ids.length === 0) return 0;
    const result = await this.ctx.db
      .deleteFrom('contacts')
      .where('owner', '=', owner)
      .where('type', '=', type)
      .where('peer', 'in', [...ids])
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  async removePair(a: number, b: number): Promise<void> {
    await this.ctx.db
      .deleteFrom('contacts')
      .where('type', '=', CONTACT_TYPE.user)
      .where((eb) => eb.or([eb.and([eb('owner', '=', a), eb('peer', '=', b)]), eb.and([eb('owner', '=', b), eb('peer', '=', a)])]))
      .execute();
  }

  async updateRemark(owner: number, id: number, type: ContactType, remark: string): Promise<void> {
    const result = await this.ctx.db
      .updateTable('contacts')
      .set({ remark })
      .where('owner', '=', owner)
      .where('type', '=', type)
      .where('peer', '=', id)
      .executeTakeFirst();
    if (result.numUpdatedRows === 0n) throw new GlideError('STORE_NOT_FOUND', `contact ${owner}→${id}`);
  }

  async saveRequest(fromUid: number, toUid: number, comment: string): Promise<ContactRequest> {
    const d = this.ctx.dialect;
    const now = this.ctx.clock.now();
    await this.ctx.db
      .insertInto('contact_requests')
      .values({ from_uid: fromUid, to_uid: toUid, comment, status: REQUEST_STATUS.pending, created_at: now, updated_at: now })
      .modifyEnd(
        d.upsert(['from_uid', 'to_uid'], {
          comment: d.excluded('comment'),
          status: d.excluded('status'),
          updated_at: d.excluded('updated_at'),
        }),
      )
      .execute();
    const saved = await this.getRequest(fromUid, toUid);
    if (!saved) throw new Error('contact request vanished after upsert');
    return saved;
  }

  async getRequest(fromUid: number, toUid: number): Promise<ContactRequest | undefined> {
    const row = await this.ctx.db
      .selectFrom('contact_requests')
      .selectAll()
      .where('from_uid', '=', fromUid)
      .where('to_uid', '=', toUid)
      .executeTakeFirst();
    return row && toContactRequest(row);
  }

  async listPendingRequests(toUid: number): Promise<ContactRequest[]> {
    const rows = await this.ctx.db
      .selectFrom('contact_requests')
      .selectAll()
      .where('to_uid', '=', toUid)
      .where('status', '=', REQUEST_STATUS.pending)
      .orderBy('updated_at', 'desc')
      .orderBy('from_uid', 'desc')
      .execute();
    return rows.map(toContactRequest);
  }

  async resolveRequest(fromUid: number, toUid: number, status: RequestStatus): Promise<void> {
    const result = await this.ctx.db
      .updateTable('contact_requests')
      .set({ status, updated_at: this.ctx.clock.now() })
      .where('from_uid', '=', fromUid)
      .where('to_uid', '=', toUid)
      .executeTakeFirst();
    if (result.numUpdatedRows === 0n) throw new GlideError('STORE_NOT_FOUND', `contact request ${fromUid}→${toUid}`);
  }

  async block(owner: number, other: number): Promise<void> {
    await this.ctx.db
      .insertInto('blacklist')
      .values({ owner, other, created_at: this.ctx.clock.now() })
      .modifyEnd(this.ctx.dialect.ignoreConflict(['owner', 'other']))
      .execute();
  }

  async unblock(owner: number, others: readonly number[]): Promise<number> {
    if (others.length === 0) return 0;
    const result = await this.ctx.db.deleteFrom('blacklist').where('owner', '=', owner).where('other', 'in', [...others]).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  async listBlocked(owner: number): Promise<BlockedUser[]> {
    const rows = await this.ctx.db
      .selectFrom('blacklist')
      .select(['other', 'created_at'])
      .where('owner', '=', owner)
      .orderBy('created_at')
      .orderBy('other')
      .execute();
    return rows.map(toBlockedUser);
  }

  async isBlocked(owner: number, other: number): Promise<boolean> {
    const row = await this.ctx.db.selectFrom('blacklist').select('other').where('owner', '=', owner).where('other', '=', other).executeTakeFirst();
    return row !== undefined;
  }
}
