import type { Transaction } from 'kysely';
import { isStoreConflict } from '../errors.js';
import type { EditApplied, MessageEventStore, Pin, PinApplied, ReactionApplied, ReactionCounts, Revision } from '../message-event-store.js';
import { MESSAGE_STATUS } from '../message-store.js';
import type { SqlContext } from './context.js';
import type { Database } from './schema.js';
import { flag } from './rows.js';

type Trx = Transaction<Database>;

/** Edits, reactions and pins on every engine: plain statements, one transaction per apply. */
export class SqlMessageEventStore implements MessageEventStore {
  constructor(private readonly ctx: SqlContext) {}

  applyEdit(edit: EditApplied): Promise<boolean> {
    const table = edit.table === 'chat' ? 'messages' : 'group_messages';
    return this.ctx.db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom(table).select(['content', 'status', 'created_at']).where('mid', '=', edit.mid).executeTakeFirst();
      if (!row || row.status !== MESSAGE_STATUS.normal) return false;
      // The first edit keeps the text as it was sent; later ones find it kept.
      await insertRevision(trx, { mid: edit.mid, event_mid: 0, content: row.content, created_at: row.created_at });
      await insertRevision(trx, { mid: edit.mid, event_mid: edit.eventMid, content: edit.content, created_at: edit.at });
      await trx
        .updateTable(table)
        .set({ content: edit.content, edit_mid: edit.eventMid, edited_at: edit.at })
        .where('mid', '=', edit.mid)
        .where('edit_mid', '<', edit.eventMid)
        .where('status', '=', MESSAGE_STATUS.normal)
        .execute();
      return true;
    });
  }

  async revisions(mid: number): Promise<Revision[]> {
    const rows = await this.ctx.db.selectFrom('message_revisions').selectAll().where('mid', '=', mid).orderBy('event_mid', 'asc').execute();
    return rows.map((r) => ({ eventMid: Number(r.event_mid), content: r.content, at: Number(r.created_at) }));
  }

  async applyReaction(r: ReactionApplied): Promise<void> {
    await retryOnce(() =>
      this.ctx.db.transaction().execute(async (trx) => {
        const changed = await trx
          .updateTable('message_reactions')
          .set({ is_on: flag(r.isOn), event_mid: r.eventMid, updated_at: r.at })
          .where('mid', '=', r.mid)
          .where('uid', '=', r.uid)
          .where('reaction_key', '=', r.key)
          .where('event_mid', '<', r.eventMid)
          .executeTakeFirst();
        if (changed.numUpdatedRows > 0n) return;
        const known = await trx.selectFrom('message_reactions').select('event_mid').where('mid', '=', r.mid).where('uid', '=', r.uid).where('reaction_key', '=', r.key).executeTakeFirst();
        if (!known) await trx.insertInto('message_reactions').values({ mid: r.mid, uid: r.uid, reaction_key: r.key, is_on: flag(r.isOn), event_mid: r.eventMid, updated_at: r.at }).execute();
      }),
    );
  }

  async reactionCounts(mids: readonly number[]): Promise<Map<number, ReactionCounts>> {
    const counts = new Map<number, ReactionCounts>();
    if (mids.length === 0) return counts;
    const rows = await this.ctx.db
      .selectFrom('message_reactions')
      .select((eb) => ['mid', 'reaction_key', eb.fn.countAll().as('n')])
      .where('mid', 'in', [...new Set(mids)])
      .where('is_on', '=', 1)
      .groupBy(['mid', 'reaction_key'])
      .orderBy('reaction_key')
      .execute();
    for (const row of rows) {
      const mid = Number(row.mid);
      const entry = counts.get(mid) ?? {};
      entry[row.reaction_key] = Number(row.n);
      counts.set(mid, entry);
    }
    return counts;
  }

  async reactionsOf(mid: number, uid: number): Promise<string[]> {
    const rows = await this.ctx.db.selectFrom('message_reactions').select('reaction_key').where('mid', '=', mid).where('uid', '=', uid).where('is_on', '=', 1).orderBy('reaction_key').execute();
    return rows.map((r) => r.reaction_key);
  }

  async applyPin(p: PinApplied): Promise<void> {
    await retryOnce(() =>
      this.ctx.db.transaction().execute(async (trx) => {
        const changed = await trx
          .updateTable('message_pins')
          .set({ is_on: flag(p.isOn), by_uid: p.by, event_mid: p.eventMid, updated_at: p.at })
          .where('conversation', '=', p.conversation)
          .where('mid', '=', p.mid)
          .where('event_mid', '<', p.eventMid)
          .executeTakeFirst();
        if (changed.numUpdatedRows > 0n) return;
        const known = await trx.selectFrom('message_pins').select('event_mid').where('conversation', '=', p.conversation).where('mid', '=', p.mid).executeTakeFirst();
        if (!known) await trx.insertInto('message_pins').values({ conversation: p.conversation, mid: p.mid, by_uid: p.by, is_on: flag(p.isOn), event_mid: p.eventMid, updated_at: p.at }).execute();
      }),
    );
  }

  async pins(conversation: string): Promise<Pin[]> {
    const rows = await this.ctx.db
      .selectFrom('message_pins')
      .select(['mid', 'by_uid', 'updated_at'])
      .where('conversation', '=', conversation)
      .where('is_on', '=', 1)
      .orderBy('event_mid', 'desc')
      .execute();
    return rows.map((r) => ({ mid: Number(r.mid), by: r.by_uid, at: Number(r.updated_at) }));
  }
}

async function insertRevision(trx: Trx, row: Database['message_revisions']): Promise<void> {
  const known = await trx.selectFrom('message_revisions').select('mid').where('mid', '=', row.mid).where('event_mid', '=', row.event_mid).executeTakeFirst();
  if (!known) await trx.insertInto('message_revisions').values(row).execute();
}

/** Two first applies of one key racing: the loser's insert conflicts, and its second try updates. */
async function retryOnce(run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (err) {
    if (!isStoreConflict(err)) throw err;
    await run();
  }
}
