import { sql, type Kysely, type Updateable } from 'kysely';
import { GlideError } from '../../core/index.js';
import { GROUP_ROLE, type DeliveredCursor, type Group, type GroupMember, type GroupRole, type GroupStore, type GroupUpdate, type NewGroup, type NewMembership } from '../group-store.js';
import { batchedRead, groupByUid } from './batched-read.js';
import { pgSigninReads } from './pg-signin-reads.js';
import { writeCompiled } from './compiled-writes.js';
import { MAX_ROWS_PER_INSERT, MAX_UIDS_PER_UPDATE, type SqlContext } from './context.js';
import type { ChatGroupsTable, Database } from './schema.js';
import { chunks, cursorsBySeq, flag, toGroup, toMember, uniqueSorted } from './rows.js';

export class SqlGroupStore implements GroupStore {
  /** Every sign-in lists its groups (the group sync): a storm of them shares queries. */
  private readonly readGroupsOf = batchedRead((uids: number[]) => this.readGroupsOfMany(uids));

  private readonly pg: ReturnType<typeof pgSigninReads>;

  constructor(private readonly ctx: SqlContext) {
    this.pg = pgSigninReads(ctx);
  }

  async create(group: NewGroup): Promise<{ group: Group; members: GroupMember[] }> {
    const now = this.ctx.clock.now();
    const row = {
      name: group.name,
      avatar: group.avatar ?? '',
      owner_uid: group.ownerUid,
      mute: 0,
      dissolved: 0,
      allow_history: flag(group.allowHistory ?? true),
      last_seq: 0,
      created_at: now,
      updated_at: now,
    };
    const gid = await this.ctx.db.transaction().execute(async (trx) => {
      const insert = trx.insertInto('chat_groups').values(row);
      const id = this.ctx.dialect.hasReturning
        ? (await insert.returning('gid').executeTakeFirstOrThrow()).gid
        : Number((await insert.executeTakeFirstOrThrow()).insertId);
      const others = uniqueSorted(group.memberUids ?? []).filter((uid) => uid !== group.ownerUid);
      await this.insertMembers(trx, id, [group.ownerUid], GROUP_ROLE.owner, 0, now);
      await this.insertMembers(trx, id, others, GROUP_ROLE.member, 0, now);
      return id;
    });
    return { group: toGroup({ gid, ...row }), members: await this.listMembers(gid) };
  }

  async get(gid: number): Promise<Group | undefined> {
    const row = await this.ctx.db.selectFrom('chat_groups').selectAll().where('gid', '=', gid).executeTakeFirst();
    return row && toGroup(row);
  }

  async list(afterGid: number, limit: number): Promise<Group[]> {
    const rows = await this.ctx.db.selectFrom('chat_groups').selectAll().where('gid', '>', afterGid).orderBy('gid').limit(limit).execute();
    return rows.map(toGroup);
  }

  async getMany(gids: readonly number[]): Promise<Group[]> {
    if (gids.length === 0) return [];
    const rows = await this.ctx.db.selectFrom('chat_groups').selectAll().where('gid', 'in', uniqueSorted(gids)).orderBy('gid').execute();
    return rows.map(toGroup);
  }

  async update(gid: number, update: GroupUpdate): Promise<Group> {
    const set: Updateable<ChatGroupsTable> = { updated_at: this.ctx.clock.now() };
    if (update.name !== undefined) set.name = update.name;
    if (update.avatar !== undefined) set.avatar = update.avatar;
    if (update.isMuted !== undefined) set.mute = flag(update.isMuted);
    if (update.allowHistory !== undefined) set.allow_history = flag(update.allowHistory);
    if (update.ownerUid !== undefined) set.owner_uid = update.ownerUid;
    const result = await this.ctx.db.updateTable('chat_groups').set(set).where('gid', '=', gid).executeTakeFirst();
    const group = result.numUpdatedRows > 0n ? await this.get(gid) : undefined;
    if (!group) throw new GlideError('STORE_NOT_FOUND', `group ${gid}`);
    return group;
  }

  async dissolve(gid: number): Promise<boolean> {
    const result = await this.ctx.db
      .updateTable('chat_groups')
      .set({ dissolved: 1, updated_at: this.ctx.clock.now() })
      .where('gid', '=', gid)
      .where('dissolved', '=', 0)
      .executeTakeFirst();
    if (result.numUpdatedRows > 0n) return true;
    if (!(await this.get(gid))) throw new GlideError('STORE_NOT_FOUND', `group ${gid}`);
    return false;
  }

  async getMember(gid: number, uid: number): Promise<GroupMember | undefined> {
    const row = await this.ctx.db.selectFrom('group_members').selectAll().where('gid', '=', gid).where('uid', '=', uid).executeTakeFirst();
    return row && toMember(row);
  }

  async listMembers(gid: number): Promise<GroupMember[]> {
    const rows = await this.ctx.db
      .selectFrom('group_members')
      .selectAll()
      .where('gid', '=', gid)
      .orderBy('role')
      .orderBy('joined_at')
      .orderBy('uid')
      .execute();
    return rows.map(toMember);
  }

  listGroupsOf(uid: number): Promise<number[]> {
    return this.readGroupsOf(uid);
  }

  private async readGroupsOfMany(uids: readonly number[]): Promise<number[][]> {
    const keys = uniqueSorted(uids);
    const rows = this.pg ? await this.pg.groupsOf(keys) : await this.ctx.db.selectFrom('group_members').select(['uid', 'gid']).where('uid', 'in', keys).orderBy('uid').orderBy('gid').execute();
    const byUid = groupByUid(rows, (row) => Number(row.uid));
    return uids.map((uid) => (byUid.get(uid) ?? []).map((row) => row.gid));
  }

  async addMembers(gid: number, uids: readonly number[], membership: NewMembership = {}): Promise<number[]> {
    return this.ctx.db.transaction().execute(async (trx) => {
      const group = await trx.selectFrom('chat_groups').select('last_seq').where('gid', '=', gid).executeTakeFirst();
      if (!group) throw new GlideError('STORE_NOT_FOUND', `group ${gid}`);
      const wanted = uniqueSorted(uids);
      if (wanted.length === 0) return [];
      const existing = await trx.selectFrom('group_members').select('uid').where('gid', '=', gid).where('uid', 'in', wanted).execute();
      const present = new Set(existing.map((r) => r.uid));
      const added = wanted.filter((uid) => !present.has(uid));
      const role = membership.role ?? GROUP_ROLE.member;
      await this.insertMembers(trx, gid, added, role, membership.joinedSeq ?? group.last_seq, this.ctx.clock.now());
      return added;
    });
  }

  async removeMembers(gid: number, uids: readonly number[]): Promise<number[]> {
    const wanted = uniqueSorted(uids);
    if (wanted.length === 0) return [];
    return this.ctx.db.transaction().execute(async (trx) => {
      const existing = await trx.selectFrom('group_members').select('uid').where('gid', '=', gid).where('uid', 'in', wanted).orderBy('uid').execute();
      const removed = existing.map((r) => r.uid);
      if (removed.length > 0) await trx.deleteFrom('group_members').where('gid', '=', gid).where('uid', 'in', removed).execute();
      return removed;
    });
  }

  async setRole(gid: number, uid: number, role: GroupRole): Promise<void> {
    await this.updateMember(gid, uid, { role });
  }

  async setMemberMute(gid: number, uid: number, isMuted: boolean): Promise<void> {
    await this.updateMember(gid, uid, { mute: flag(isMuted) });
  }

  async setMemberRemark(gid: number, uid: number, remark: string): Promise<void> {
    await this.updateMember(gid, uid, { remark });
  }

  async advanceCursors(gid: number, uid: number, cursors: { deliveredSeq?: number; readSeq?: number }): Promise<boolean> {
    if (cursors.deliveredSeq === undefined && cursors.readSeq === undefined) return (await this.getMember(gid, uid)) !== undefined;
    const result = await this.cursorUpdate(gid, uid, cursors).executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async advanceDelivered(cursors: readonly DeliveredCursor[]): Promise<void> {
    if (cursors.length === 0) return;
    const { db } = this.ctx;
    const updates = [...cursorsBySeq(cursors, MAX_UIDS_PER_UPDATE)].map(({ gid, seq, uids }) => db.updateTable('group_members').set({ delivered_seq: seq }).where('gid', '=', gid).where('uid', 'in', uids).where('delivered_seq', '<', seq).compile());
    await writeCompiled(this.ctx, updates);
  }

  private cursorUpdate(gid: number, uid: number, cursors: { deliveredSeq?: number; readSeq?: number }) {
    const forward = (column: 'delivered_seq' | 'read_seq', value: number) =>
      sql<number>`case when ${value} > ${sql.ref(column)} then ${value} else ${sql.ref(column)} end`;
    let query = this.ctx.db.updateTable('group_members').where('gid', '=', gid).where('uid', '=', uid);
    if (cursors.deliveredSeq !== undefined) query = query.set({ delivered_seq: forward('delivered_seq', cursors.deliveredSeq) });
    if (cursors.readSeq !== undefined) query = query.set({ read_seq: forward('read_seq', cursors.readSeq) });
    return query;
  }

  private async updateMember(gid: number, uid: number, set: Updateable<Database['group_members']>): Promise<void> {
    const result = await this.ctx.db.updateTable('group_members').set(set).where('gid', '=', gid).where('uid', '=', uid).executeTakeFirst();
    if (result.numUpdatedRows === 0n) throw new GlideError('STORE_NOT_FOUND', `member ${uid} of group ${gid}`);
  }

  private async insertMembers(db: Kysely<Database>, gid: number, uids: readonly number[], role: GroupRole, joinedSeq: number, now: number) {
    const rows = uids.map((uid) => ({ gid, uid, role, mute: 0, remark: '', joined_seq: joinedSeq, delivered_seq: joinedSeq, read_seq: joinedSeq, joined_at: now }));
    // A concurrent add of the same member is skipped rather than failing the whole call.
    const ignore = this.ctx.dialect.ignoreConflict(['gid', 'uid']);
    for (const part of chunks(rows, MAX_ROWS_PER_INSERT)) await db.insertInto('group_members').values(part).modifyEnd(ignore).execute();
  }
}
