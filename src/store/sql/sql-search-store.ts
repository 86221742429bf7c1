import { sql, type ExpressionBuilder, type Kysely, type SelectQueryBuilder } from 'kysely';
import type { SearchHit, SearchIndexUpkeep, SearchPage, SearchQuery, SearchStore } from '../search-store.js';
import { EVENT_CONTENT_TYPES } from '../message-event-store.js';
import { MESSAGE_STATUS } from '../message-store.js';
import type { SqlContext } from './context.js';
import type { NewestMatches, SearchDialect, SearchTable } from './dialects/search-dialect.js';
import type { Database } from './schema.js';
import { toChatMessage, toGroupMessage } from './rows.js';

/**
 * Up to this many readable rows, a search tests each of them (newest first, no index): cheaper than
 * gathering an index's matches for a common term. Above it, the index leads, newest match first, and
 * readability is a per-row filter; the page fills early because the user's rows are not rare then.
 */
export const SEARCH_SCAN_MAX_ROWS = 20_000;

/** How long a counted table size is used (SQLite). */
const SIZE_TTL_MS = 60_000;

/** Rows of the index the first window spans (then 4× each): a heavy reader's page is in the newest few. */
const FIRST_WINDOW_ROWS = 1024;

/** Fewest of a window's candidates tested on the stored rows at once. */
const MIN_CANDIDATES = 8;

type Plan = 'scan' | 'index' | 'paged';
/** The index's size, its lowest and highest mid, and whether the user reads many of its rows (growing windows). */
interface Extent {
  rows: number;
  first: number;
  last: number;
  isWide: boolean;
}
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
  private readonly sizes = new Map<SearchTable, { rows: number; at: number }>();
  private readonly counting = new Set<SearchTable>();

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

  /**
   * With `newest` (PostgreSQL), every search reads the index's matches in windows of mids, newest first, narrowed
   * by the index's keys to the user's rows (014_search_speed): one window over the whole index when the user can
   * read few rows, growing windows from the newest when many (a page is found in the first few). Without it
   * (SQLite), the index leads when many rows are readable (about limit × rows / readable matches read for a
   * page), else the readable rows are tested one by one. The planner, left to choose, misjudged readable rows
   * (a member of 14 groups) and phrase matches by 10-40×: the shapes are fixed.
   */
  private async plan(table: SearchTable, q: SearchQuery, readable: number): Promise<{ plan: Plan; source?: ReturnType<SearchDialect['matching']>; extent?: Extent }> {
    const isWide = (rows: number) => rows > 0 && readable * readable >= (q.limit + 1) * rows;
    const { newest } = this.ctx.dialect.search;
    if (newest) {
      const row = (await newest.extent(table).execute(this.ctx.db)).rows[0];
      if (!row || row.first === null || row.last === null) return { plan: 'paged' };
      const extent = { rows: Number(row.rows), first: Number(row.first), last: Number(row.last) };
      return { plan: 'paged', extent: { ...extent, isWide: readable > this.scanMaxRows || isWide(extent.rows) } };
    }
    // With a sender, the scan reads that sender's rows by an index on sender (few), while few of the index's
    // matches are the sender's: always the scan.
    if (q.from !== undefined) return { plan: 'scan' };
    const source = this.ctx.dialect.search.matching(table, q.terms);
    return { plan: source !== undefined && (readable > this.scanMaxRows || isWide(this.sizeOf(table))) ? 'index' : 'scan', source };
  }

  /**
   * Rows of `table` as last counted: counted in the background at most once a minute (SQLite keeps no row
   * statistics to read); 0 until the first count is in.
   */
  private sizeOf(table: SearchTable): number {
    const known = this.sizes.get(table);
    if ((!known || this.ctx.clock.now() - known.at > SIZE_TTL_MS) && !this.counting.has(table)) {
      this.counting.add(table);
      const count = this.ctx.db.selectFrom(table).select((eb) => eb.fn.countAll().as('rows')).executeTakeFirst();
      void count
        .then((row) => this.sizes.set(table, { rows: Number(row?.rows ?? 0), at: this.ctx.clock.now() }))
        .catch(() => undefined) // the next search counts again
        .finally(() => this.counting.delete(table));
    }
    return known?.rows ?? 0;
  }

  /**
   * The index's matches that the user may read (as its keys tell) in windows of mids, newest first, each 4×
   * wider than the last (or one window over the whole index when few rows are readable), each narrowed by
   * `readable` (its rows that pass every test, newest first) a few at a time, until a page and one row more are
   * found or the index ends: exactly the rows, in the order, a scan would give. A window's cost is the user's
   * rows in it or the term's matches in it, whichever is fewer, never all the term's matches.
   */
  private async paged<R>(newest: NewestMatches, table: SearchTable, q: SearchQuery, extent: Extent | undefined, readable: (mids: number[]) => Promise<R[]>): Promise<R[]> {
    if (!extent) return []; // the index is empty
    const found: R[] = [];
    // Mids per index row, as if spread evenly: windows are sized in mids, which need no count.
    const spacing = Math.max(1, (extent.last - extent.first + 1) / Math.max(1, extent.rows));
    let below = Math.min(q.beforeMid ?? Infinity, extent.last + 1);
    for (let span = extent.isWide ? FIRST_WINDOW_ROWS * spacing : Infinity; found.length <= q.limit && below > extent.first; span *= 4) {
      const from = Math.max(extent.first, Math.floor(below - span));
      // A sender's rows, or a user's few, are fewer than a term's matches may be: they lead.
      const isTermLed = extent.isWide && q.from === undefined;
      const mids = (await newest.window(table, q, from, below, isTermLed).execute(this.ctx.db)).rows.map((r) => Number(r.mid));
      // Nearly every candidate passes (only status and type are left to test): ask for what the page lacks.
      for (let i = 0; i < mids.length && found.length <= q.limit; ) {
        const count = Math.max(MIN_CANDIDATES, q.limit + 1 - found.length);
        found.push(...(await readable(mids.slice(i, i + count))));
        i += count;
      }
      below = from;
    }
    return found.slice(0, q.limit + 1);
  }

  private async chat(q: SearchQuery): Promise<SearchHit[]> {
    const { uid, peer } = q;
    const db = this.ctx.db;
    // Inbox seqs have no gaps: the last one is the count of the user's 1:1 messages.
    const last = await db.selectFrom('inbox').select((eb) => eb.fn.max('seq').as('last')).where('uid', '=', uid).executeTakeFirst();
    const { plan, source, extent } = await this.plan('messages', q, Number(last?.last ?? 0));
    const contains = this.ctx.dialect.search.contains('messages', 'm', q.terms);
    const conversation = (eb: ExpressionBuilder<Database & { m: Database['messages'] }, 'm'>) =>
      peer === undefined
        ? eb.or([eb('m.sender', '=', uid), eb('m.receiver', '=', uid)])
        : eb.or([eb.and([eb('m.sender', '=', uid), eb('m.receiver', '=', peer)]), eb.and([eb('m.sender', '=', peer), eb('m.receiver', '=', uid)])]);
    const { newest } = this.ctx.dialect.search;
    let rows;
    if (plan === 'paged' && newest) {
      rows = await this.paged(newest, 'messages', q, extent, (mids) =>
        narrowed(db.selectFrom('messages as m').selectAll('m').where(sql<boolean>`m.mid = any(${mids}::bigint[])`).where(conversation), 'm', q)
          .orderBy('m.mid', 'desc')
          .limit(q.limit + 1)
          .execute(),
      );
    } else if (plan === 'index' && source) {
      const query = db
        .selectFrom(sql<{ mid: number }>`(${source})`.as('f'))
        .innerJoin('messages as m', 'm.mid', 'f.mid')
        .selectAll('m')
        .where(conversation)
        .where(this.ctx.dialect.search.isMatchingExact ? sql<boolean>`true` : contains);
      rows = await narrowed(query, 'm', q).orderBy('f.mid', 'desc').limit(q.limit + 1).execute();
    } else {
      // The user's inbox holds exactly the 1:1 messages it sent or received. With a sender, that sender's rows
      // in the user's conversations are fewer, and an index leads with the sender.
      const inbox = db.selectFrom('inbox as i').innerJoin('messages as m', 'm.mid', 'i.mid').selectAll('m').where('i.uid', '=', uid);
      const readable =
        q.from === undefined
          ? narrowed(peer === undefined ? inbox : inbox.where(conversation), 'm', q)
          : narrowed(db.selectFrom('messages as m').selectAll('m').where(conversation), 'm', q);
      rows = await readable.where(contains).orderBy('m.mid', 'desc').limit(q.limit + 1).execute();
    }
    return rows.map((row) => ({ kind: 'chat', message: toChatMessage(row) }));
  }

  private async group(q: SearchQuery): Promise<SearchHit[]> {
    const db = this.ctx.db;
    const { plan, source, extent } = await this.plan('group_messages', q, await this.readableGroupRows(db, q));
    const isTested = plan === 'scan' || !this.ctx.dialect.search.isMatchingExact;
    const member = <T extends SelectQueryBuilder<Database & { gm: Database['group_messages'] }, 'gm', object>>(query: T, isTested: boolean) =>
      query
        .innerJoin('group_members as mb', (join) => join.onRef('mb.gid', '=', 'gm.gid').on('mb.uid', '=', q.uid))
        .innerJoin('chat_groups as g', 'g.gid', 'gm.gid')
        // Server notifications (sender 0) are not conversation text.
        .where('gm.sender', '<>', 0)
        .where((eb) => eb.or([eb('g.allow_history', '=', 1), eb('gm.seq', '>', eb.ref('mb.joined_seq'))]))
        .where(isTested ? this.ctx.dialect.search.contains('group_messages', 'gm', q.terms) : sql<boolean>`true`)
        .where((eb) => (q.gid === undefined ? eb.lit(true) : eb('gm.gid', '=', q.gid)));
    const { newest } = this.ctx.dialect.search;
    let rows;
    if (plan === 'paged' && newest) {
      rows = await this.paged(newest, 'group_messages', q, extent, (mids) =>
        narrowed(member(db.selectFrom('group_messages as gm').where(sql<boolean>`gm.mid = any(${mids}::bigint[])`), false).selectAll('gm'), 'gm', q)
          .orderBy('gm.mid', 'desc')
          .limit(q.limit + 1)
          .execute(),
      );
    } else if (plan === 'index' && source) {
      const query = member(db.selectFrom(sql<{ mid: number }>`(${source})`.as('f')).innerJoin('group_messages as gm', 'gm.mid', 'f.mid'), isTested);
      rows = await narrowed(query.selectAll('gm'), 'gm', q).orderBy(sql.ref('f.mid'), 'desc').limit(q.limit + 1).execute();
    } else {
      rows = await narrowed(member(db.selectFrom('group_messages as gm'), isTested).selectAll('gm'), 'gm', q).orderBy('gm.mid', 'desc').limit(q.limit + 1).execute();
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
