import { CompiledQuery, type Selectable } from 'kysely';
import type { ChatBatch, ChatBatchResult, SentMessage } from '../message-store.js';
import { chatKey, ChatKeyWindow, type ChatBatchEngine, type ChatBatchPlan, type ChatRow } from './chat-batch-plan.js';
import type { SqlContext } from './context.js';
import { linksText, toChatMessage } from './rows.js';
import type { Database } from './schema.js';

type DeviceKey = { uid: number; device: number };
export type SyncStartRow = DeviceKey & { acked: number | string | null; last: number | string | null };
type SentRow = Selectable<Database['messages']> & { sender_seq: number | null; receiver_seq: number | null };

// Both statements take whole columns as arrays (unnest): their text never changes with the batch, so
// PostgreSQL parses and plans each once per connection (named statements, see postgres.ts).

/** The stored messages among (sender, cli_mid) keys, with the seqs of their two inbox slots. */
const FIND_STORED = `select m.*, own.seq as sender_seq, peer.seq as receiver_seq
from unnest($1::integer[], $2::text[]) as k (sender, cli_mid)
join messages m on m.sender = k.sender and m.cli_mid = k.cli_mid
left join inbox own on own.mid = m.mid and own.uid = m.sender
left join inbox peer on peer.mid = m.mid and peer.uid = m.receiver`;

/**
 * A whole batch in one statement, so one implicit transaction and one round trip: messages, inbox slots,
 * session lines, device cursors. A taken key, mid or slot fails all of it (23505, STORE_CONFLICT).
 */
const WRITE = `with new_messages as (
  insert into messages (mid, sender, receiver, cli_mid, cli_seq, type, content, send_at, created_at, status, recall_by, links)
  select mid, sender, receiver, cli_mid, cli_seq, type, content, send_at, created_at, 0, 0, links
  from unnest($1::bigint[], $2::integer[], $3::integer[], $4::text[], $5::bigint[], $6::integer[], $7::text[], $8::bigint[], $9::bigint[], $23::text[])
    as t (mid, sender, receiver, cli_mid, cli_seq, type, content, send_at, created_at, links)
), new_slots as (
  insert into inbox (uid, seq, mid) select * from unnest($10::integer[], $11::bigint[], $12::bigint[])
), lines as (
  insert into sessions (owner, type, peer, last_mid, unread, read_cursor, created_at, updated_at)
  select owner, type, peer, last_mid, unread, 0, at, at
  from unnest($13::integer[], $14::integer[], $15::integer[], $16::bigint[], $17::integer[], $18::bigint[]) as t (owner, type, peer, last_mid, unread, at)
  on conflict (owner, type, peer) do update set unread = sessions.unread + excluded.unread,
    updated_at = greatest(sessions.updated_at, excluded.updated_at), last_mid = greatest(sessions.last_mid, excluded.last_mid)
), cursors as (
  insert into device_cursors (uid, device, acked_seq, updated_at)
  select uid, device, acked_seq, $22::bigint from unnest($19::integer[], $20::integer[], $21::bigint[]) as t (uid, device, acked_seq)
  on conflict (uid, device) do update set updated_at = excluded.updated_at, acked_seq = excluded.acked_seq
  where excluded.acked_seq > device_cursors.acked_seq
)
select 1`;

/**
 * The newest inbox seq of each uid: one backward step down inbox_pk per uid. `max(seq) ... where uid in (…)
 * group by uid` read every slot of those inboxes (a bitmap scan, 12 ms for 16 uids of ~30 slots each), so a
 * cluster's per-batch counter reload grew with the inboxes.
 */
const LAST_SEQS = `select k.uid, (select i.seq from inbox i where i.uid = k.uid order by i.seq desc limit 1) as last
from unnest($1::integer[]) as k (uid)`;

/** A sign-in sync's start for (uid, device) keys: the device's stored cursor and the inbox's last seq. */
const SYNC_STARTS = `select k.uid, k.device,
  (select c.acked_seq from device_cursors c where c.uid = k.uid and c.device = k.device) as acked,
  (select i.seq from inbox i where i.uid = k.uid order by i.seq desc limit 1) as last
from unnest($1::integer[], $2::integer[]) as k (uid, device)`;

export const PG_CHAT_STATEMENTS = {
  glide_chat_find_stored: FIND_STORED,
  glide_chat_write: WRITE,
  glide_chat_last_seqs: LAST_SEQS,
  glide_chat_sync_starts: SYNC_STARTS,
} as const;

/** The 1:1 write path on PostgreSQL: one statement writing the whole batch, no explicit transaction (see ChatKeyWindow). */
export class PgChatBatch implements ChatBatchEngine {
  private readonly window = new ChatKeyWindow();

  constructor(private readonly ctx: SqlContext) {}

  run(batch: ChatBatch): Promise<ChatBatchResult[]> {
    return this.window.run(batch, this);
  }

  async write(plan: ChatBatchPlan): Promise<void> {
    const col = <T, V>(items: readonly T[], pick: (item: T) => V): V[] => items.map(pick);
    const { rows, slots, sessions, cursors } = plan;
    await this.ctx.db.executeQuery(
      CompiledQuery.raw(WRITE, [
        col(rows, (m) => m.mid),
        col(rows, (m) => m.sender),
        col(rows, (m) => m.receiver),
        col(rows, (m) => m.cliMid),
        col(rows, (m) => m.cliSeq),
        col(rows, (m) => m.type),
        col(rows, (m) => m.content),
        col(rows, (m) => m.sendAt),
        col(rows, (m) => m.createdAt),
        col(slots, (s) => s.uid),
        col(slots, (s) => s.seq),
        col(slots, (s) => s.mid),
        col(sessions, (u) => u.owner),
        col(sessions, (u) => u.type),
        col(sessions, (u) => u.peer),
        col(sessions, (u) => u.mid),
        col(sessions, (u) => u.unread),
        col(sessions, (u) => u.at),
        col(cursors, (c) => c.uid),
        col(cursors, (c) => c.device),
        col(cursors, (c) => c.seq),
        this.ctx.clock.now(),
        col(rows, (m) => linksText(m.links)),
      ]),
    );
    // An autocommit statement: the driver's commit hook never sees it.
    this.ctx.writes.committed();
  }

  /** The newest inbox seq of each of `uids` (0 for an empty inbox), in one round trip. */
  async lastSeqs(uids: readonly number[]): Promise<Map<number, number>> {
    const { rows } = await this.ctx.db.executeQuery<{ uid: number; last: number | null }>(CompiledQuery.raw(LAST_SEQS, [uids]));
    return new Map(rows.map((row) => [Number(row.uid), Number(row.last ?? 0)]));
  }

  /** Each key's stored cursor (null when none) and its inbox's last seq (null when empty). */
  async syncStarts(keys: readonly DeviceKey[]): Promise<SyncStartRow[]> {
    const { rows } = await this.ctx.db.executeQuery<SyncStartRow>(CompiledQuery.raw(SYNC_STARTS, [keys.map((k) => k.uid), keys.map((k) => k.device)]));
    return rows;
  }

  async findStored(messages: readonly ChatRow[]): Promise<Map<string, SentMessage>> {
    const { rows } = await this.ctx.db.executeQuery<SentRow>(CompiledQuery.raw(FIND_STORED, [messages.map((m) => m.sender), messages.map((m) => m.cliMid)]));
    const found = new Map<string, SentMessage>();
    for (const { sender_seq, receiver_seq, ...message } of rows) {
      found.set(chatKey(message.sender, message.cli_mid), { message: toChatMessage(message), senderSeq: Number(sender_seq ?? 0), receiverSeq: Number(receiver_seq ?? 0) });
    }
    return found;
  }
}
