import { sql } from 'kysely';
import type { GroupReadAdvance, GroupReadPosition, GroupReadStore } from '../group-read-store.js';
import type { NewGroupMessage } from '../group-message-store.js';
import { writeCompiled } from './compiled-writes.js';
import { MAX_UIDS_PER_UPDATE, type SqlContext } from './context.js';
import { cursorsBySeq } from './rows.js';
import type { GroupMentionsTable } from './schema.js';

/** uid of the `@all` mention row. */
export const MENTION_ALL_UID = 0;

/** The group_mentions rows of posts: one per mentioned member (the sender left out), one uid-0 row for `@all`. */
export function mentionRows(messages: readonly NewGroupMessage[]): GroupMentionsTable[] {
  const rows: GroupMentionsTable[] = [];
  for (const m of messages) {
    const links = m.links;
    if (!links) continue;
    const uids = new Set(links.mentions ?? []);
    if (links.mentionAll === true) uids.add(MENTION_ALL_UID);
    uids.delete(m.sender);
    for (const uid of uids) rows.push({ gid: m.gid, uid, seq: m.seq, sender: m.sender });
  }
  return rows;
}

export class SqlGroupReadStore implements GroupReadStore {
  constructor(private readonly ctx: SqlContext) {}

  async advanceReads(advances: readonly GroupReadAdvance[]): Promise<void> {
    if (advances.length === 0) return;
    const { db } = this.ctx;
    const updates = [...cursorsBySeq(advances, MAX_UIDS_PER_UPDATE)].map(({ gid, seq, uids }) => db.updateTable('group_members').set({ read_seq: seq }).where('gid', '=', gid).where('uid', 'in', uids).where('read_seq', '<', seq).compile());
    await writeCompiled(this.ctx, updates);
  }

  async readPositions(gid: number): Promise<GroupReadPosition[]> {
    const rows = await this.ctx.db.selectFrom('group_members').select(['uid', 'read_seq', 'joined_seq']).where('gid', '=', gid).orderBy('uid').execute();
    return rows.map((r) => ({ uid: r.uid, readSeq: Number(r.read_seq), joinedSeq: Number(r.joined_seq) }));
  }

  async unreadMentions(uid: number): Promise<Map<number, number>> {
    const rows = await this.ctx.db
      .selectFrom('group_members as g')
      .innerJoin('group_mentions as m', 'm.gid', 'g.gid')
      .select(['g.gid', sql<number>`max(m.seq)`.as('seq')])
      .where('g.uid', '=', uid)
      .where('m.uid', 'in', [uid, MENTION_ALL_UID])
      .where('m.sender', '<>', uid)
      .whereRef('m.seq', '>', 'g.read_seq')
      .groupBy('g.gid')
      .execute();
    return new Map(rows.map((r) => [r.gid, Number(r.seq)]));
  }
}
