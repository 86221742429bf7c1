import { sql, type ExpressionBuilder, type Kysely, type SelectQueryBuilder } from 'kysely';
import type { SearchHit, SearchIndexUpkeep, SearchPage, SearchQuery, SearchStore } from '../search-store.js';
import { EVENT_CONTENT_TYPES } from '../message-event-store.js';
import { MESSAGE_STATUS } from '../message-store.js';
import type { SqlContext } from './context.js';
import type { SearchTable } from './dialects/search-dialect.js';
import type { Database } from './schema.js';
import { toChatMessage, toGroupMessage } from './rows.js';

/**
 * Up to this many readable rows, a search tests each of them (newest first, no index): cheaper than
 * gathering an index's matches for a common term. Above it, the index leads, newest match first, and
 * readability is a per-row filter; the page fills early because the user's rows are not rare then.
 */
export const SEARCH_SCAN_MAX_ROWS = 20_000;

type Plan = 'scan' | 'index';
type Dates = Pick<SearchQuery, 'from' | 'after' | 'before' | 'beforeMid'>;

/** The filters shared by both plans, on a query that has `alias` (m or gm) in scope. */
function narrowed<DB, TB extends keyof DB, O>(query: SelectQueryBuilder<DB, TB, O>, alias: 'm' | 'gm', q: Dates): SelectQueryBuilder<DB, TB, O> {
  const column = (name: string) => sql.ref(`${alias}.${name}`);
  let out = query.where(sql<boolean>`${column('status')} = ${MESSAGE_STATUS.normal}`);
  // Edit, reaction and pin rows carry the server's JSON, not conversation text.
  out = out.where(sql<boolean>`${column('type')} not in (${sql.join(EVENT_CONTENT_TYPES)})`);
  if (q.from !== undefined) out = out.where(sql<boolean>`${column('sender')} = ${q.from}`);
  if (q.after !== undefined) out = out.where(sql<boolean>`${column('created_at')} > ${q.after}`);
  if (q.before !== undefined) out = out.where(sql<boolean>`${column('created_at')} < ${q.before}`);
  if (q.beforeMid !== undefined) out = out.where(sql<boolean>`${column('mid')} < ${q.beforeMid}`);
  return out;
}

/**
 * Two queries, 1:1 and groups, each newest first and one row past the page, merged by mid. Readability
 * is part of each query (sender or receiver; membership from the join point), so no unreadable row is
 * ever returned. Which plan each takes depends on how many rows the user can read there.
 */
export class SqlSearchStore implements SearchStore {
  constructor(
    private readonly ctx: SqlContext,
    private readonly upkeep: Pick<SearchIndexUpkeep, 'flush'>,
    private readonly scanMaxRows = SEARCH_SCAN_MAX_ROWS,
  ) {}

  async search(q: SearchQuery): Promise<SearchPage> {
    if (q.terms.length === 0 || (q.peer !== undefined && q.gid !== undefined)) return { hits: [] };
    // The index is kept off the commit: bring it up to what is stored (one bounded step) before reading it.
    await this.upkeep.flush();
    const [chat, group] = await Promise.all([q.gid === undefined ? this.chat(q) : [], q.peer === undefined ? this.group(q) : []]);
    const hits = [...chat, ...group].sort((a, b) => b.message.mid - a.message.mid);
    if (hits.length <= q.limit) return { hits };
    const page = hits.slice(0, q.limit);
    return { hits: page, nextBeforeMid: page[page.length - 1]?.message.mid };
  }

  private plan(table: SearchTable, terms: readonly string[], readable: number) {
    const source = this.ctx.dialect.search.matching(table, terms);
    return { plan: (source === undefined || readable <= this.scanMaxRows ? 'scan' : 'index') as Plan, source };
  }

  private async chat(q: SearchQuery): Promise<SearchHit[]> {
    const { uid, peer } = q;
    const db = this.ctx.db;
    // Inbox seqs have no gaps: the last one is the count of the user's 1:1 messages.
    const last = await db.selectFrom('inbox').select((eb) => eb.fn.max('seq').as('last')).where('uid', '=', uid).executeTakeFirst();
    const { plan, source } = this.plan('messages', q.terms, Number(last?.last ?? 0));
    const contains = this.ctx.dialect.search.contains('messages', 'm', q.terms);
    const conversation = (eb: ExpressionBuilder<Database & { m: Database['messages'] }, 'm'>) =>
      peer === undefined
        ? eb.or([eb('m.sender', '=', uid), eb('m.receiver', '=', uid)])
        : eb.or([eb.and([eb('m.sender', '=', uid), eb('m.receiver', '=', peer)]), eb.and([eb('m.sender', '=', peer), eb('m.receiver', '=', uid)])]);
    let rows;
    if (plan === 'index' && source) {
      const query = db
        .selectFrom(sql<{ mid: number }>`(${source})`.as('f'))
        .innerJoin('messages as m', 'm.mid', 'f.mid')
        .selectAll('m')
        .where(conversation)
        .where(this.ctx.dialect.search.isMatchingExact ? sql<boolean>`true` : contains);
      rows = await narrowed(query, 'm', q).orderBy('f.mid', 'desc').limit(q.limit + 1).execute();
    } else {
      // The user's inbox holds exactly the 1:1 messages it sent or received.
      const query = db.selectFrom('inbox as i').innerJoin('messages as m', 'm.mid', 'i.mid').selectAll('m').where('i.uid', '=', uid).where(contains);
      rows = await narrowed(peer === undefined ? query : query.where(conversation), 'm', q).orderBy('m.mid', 'desc').limit(q.limit + 1).execute();
    }
    return rows.map((row) => ({ kind: 'chat', message: toChatMessage(row) }));
  }

  private async group(q: SearchQuery): Promise<SearchHit[]> {
    const db = this.ctx.db;
    const { plan, source } = this.plan('group_messages', q.terms, await this.readableGroupRows(db, q));
    const isTested = plan === 'scan' || !this.ctx.dialect.search.isMatchingExact;
    const member = <T extends SelectQueryBuilder<Database & { gm: Database['group_messages'] }, 'gm', object>>(query: T) =>
      query
        .innerJoin('group_members as mb', (join) => join.onRef('mb.gid', '=', 'gm.gid').on('mb.uid', '=', q.uid))
        .innerJoin('chat_groups as g', 'g.gid', 'gm.gid')
        // Server notifications (sender 0) are not conversation text.
        .where('gm.sender', '<>', 0)
        .where((eb) => eb.or([eb('g.allow_history', '=', 1), eb('gm.seq', '>', eb.ref('mb.joined_seq'))]))
        .where(isTested ? this.ctx.dialect.search.contains('group_messages', 'gm', q.terms) : sql<boolean>`true`)
        .where((eb) => (q.gid === undefined ? eb.lit(true) : eb('gm.gid', '=', q.gid)));
    let rows;
    if (plan === 'index' && source) {
      const query = member(db.selectFrom(sql<{ mid: number }>`(${source})`.as('f')).innerJoin('group_messages as gm', 'gm.mid', 'f.mid'));
      rows = await narrowed(query.selectAll('gm'), 'gm', q).orderBy(sql.ref('f.mid'), 'desc').limit(q.limit + 1).execute();
    } else {
      rows = await narrowed(member(db.selectFrom('group_messages as gm')).selectAll('gm'), 'gm', q).orderBy('gm.mid', 'desc').limit(q.limit + 1).execute();
    }
    return rows.map((row) => ({ kind: 'group', message: toGroupMessage(row) }));
  }

  /** Messages the user may read in its groups (or in `gid`): a sum over its memberships. */
  private async readableGroupRows(db: Kysely<Database>, q: SearchQuery): Promise<number> {
    let query = db
      .selectFrom('group_members as mb')
      .innerJoin('chat_groups as g', 'g.gid', 'mb.gid')
      .select(sql<number>`coalesce(sum(g.last_seq - case when g.allow_history = 1 then 0 else mb.joined_seq end), 0)`.as('rows'))
      .where('mb.uid', '=', q.uid);
    if (q.gid !== undefined) query = query.where('mb.gid', '=', q.gid);
    return Number((await query.executeTakeFirst())?.rows ?? 0);
  }
}
