import type { SearchHit, SearchPage, SearchQuery, SearchStore } from '../search-store.js';
import { MESSAGE_STATUS } from '../message-store.js';
import type { SqlContext } from './context.js';
import { toChatMessage, toGroupMessage } from './rows.js';

/**
 * Two queries, 1:1 and groups, each newest first and one row past the page, merged by mid. Readability
 * is part of each query (inbox slots; membership from the join point), so no unreadable row is ever
 * fetched; the engine's planner chooses whether the text index or the readable rows lead.
 */
export class SqlSearchStore implements SearchStore {
  constructor(private readonly ctx: SqlContext) {}

  async search(q: SearchQuery): Promise<SearchPage> {
    if (q.terms.length === 0 || (q.peer !== undefined && q.gid !== undefined)) return { hits: [] };
    const [chat, group] = await Promise.all([q.gid === undefined ? this.chat(q) : [], q.peer === undefined ? this.group(q) : []]);
    const hits = [...chat, ...group].sort((a, b) => b.message.mid - a.message.mid);
    if (hits.length <= q.limit) return { hits };
    const page = hits.slice(0, q.limit);
    return { hits: page, nextBeforeMid: page[page.length - 1]?.message.mid };
  }

  private async chat(q: SearchQuery): Promise<SearchHit[]> {
    const { uid, peer } = q;
    let query = this.ctx.db
      .selectFrom('messages as m')
      .selectAll('m')
      .where('m.status', '=', MESSAGE_STATUS.normal)
      // The user's inbox holds exactly the 1:1 messages it sent or received.
      .where('m.mid', 'in', (eb) => eb.selectFrom('inbox').select('inbox.mid').where('inbox.uid', '=', uid))
      .where(this.ctx.dialect.search.matches('messages', 'm', q.terms));
    if (peer !== undefined) {
      query = query.where((eb) =>
        eb.or([eb.and([eb('m.sender', '=', uid), eb('m.receiver', '=', peer)]), eb.and([eb('m.sender', '=', peer), eb('m.receiver', '=', uid)])]),
      );
    }
    if (q.from !== undefined) query = query.where('m.sender', '=', q.from);
    if (q.after !== undefined) query = query.where('m.created_at', '>', q.after);
    if (q.before !== undefined) query = query.where('m.created_at', '<', q.before);
    if (q.beforeMid !== undefined) query = query.where('m.mid', '<', q.beforeMid);
    const rows = await query.orderBy('m.mid', 'desc').limit(q.limit + 1).execute();
    return rows.map((row) => ({ kind: 'chat', message: toChatMessage(row) }));
  }

  private async group(q: SearchQuery): Promise<SearchHit[]> {
    let query = this.ctx.db
      .selectFrom('group_messages as gm')
      .innerJoin('group_members as mb', (join) => join.onRef('mb.gid', '=', 'gm.gid').on('mb.uid', '=', q.uid))
      .innerJoin('chat_groups as g', 'g.gid', 'gm.gid')
      .selectAll('gm')
      .where('gm.status', '=', MESSAGE_STATUS.normal)
      // Server notifications (sender 0) are not conversation text.
      .where('gm.sender', '<>', 0)
      .where((eb) => eb.or([eb('g.allow_history', '=', 1), eb('gm.seq', '>', eb.ref('mb.joined_seq'))]))
      .where(this.ctx.dialect.search.matches('group_messages', 'gm', q.terms));
    if (q.gid !== undefined) query = query.where('gm.gid', '=', q.gid);
    if (q.from !== undefined) query = query.where('gm.sender', '=', q.from);
    if (q.after !== undefined) query = query.where('gm.created_at', '>', q.after);
    if (q.before !== undefined) query = query.where('gm.created_at', '<', q.before);
    if (q.beforeMid !== undefined) query = query.where('gm.mid', '<', q.beforeMid);
    const rows = await query.orderBy('gm.mid', 'desc').limit(q.limit + 1).execute();
    return rows.map((row) => ({ kind: 'group', message: toGroupMessage(row) }));
  }
}
