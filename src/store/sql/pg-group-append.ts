import { CompiledQuery } from 'kysely';
import { GlideError } from '../../core/index.js';
import type { GroupAppendResult, NewGroupMessage } from '../group-message-store.js';
import type { SqlContext } from './context.js';
import { linksText } from './rows.js';
import { mentionRows } from './sql-group-read-store.js';

type Ref = { gid: number; seq: number; mid: number };

const key = (gid: number, sender: number, cliMid: string) => `${gid}:${sender}\u0000${cliMid}`;
const identity = (r: Ref) => `${r.gid}:${r.seq}:${r.mid}`;

/**
 * A batch and each group's lastSeq in one statement (one implicit transaction, one round trip). A taken
 * key is skipped and left out of RETURNING; a taken (gid, seq) or mid fails all of it (STORE_CONFLICT).
 */
const APPEND = `with new_messages as (
  insert into group_messages (gid, seq, mid, sender, cli_mid, type, content, send_at, created_at, status, recall_by, links)
  select gid, seq, mid, sender, cli_mid, type, content, send_at, created_at, 0, 0, links
  from unnest($1::integer[], $2::bigint[], $3::bigint[], $4::integer[], $5::text[], $6::integer[], $7::text[], $8::bigint[], $9::bigint[], $10::text[])
    as t (gid, seq, mid, sender, cli_mid, type, content, send_at, created_at, links)
  on conflict (gid, sender, cli_mid) do nothing
  returning gid, seq, mid
), mentioned as (
  insert into group_mentions (gid, uid, seq, sender)
  select k.gid, k.uid, k.seq, k.sender from unnest($11::integer[], $12::integer[], $13::bigint[], $14::integer[]) as k (gid, uid, seq, sender)
  join new_messages n on n.gid = k.gid and n.seq = k.seq
), raised as (
  update chat_groups g set last_seq = h.seq from (select gid, max(seq) as seq from new_messages group by gid) h
  where g.gid = h.gid and g.last_seq < h.seq
)
select gid, seq, mid from new_messages`;

const FIND_STORED = `select g.gid, g.seq, g.mid, g.sender, g.cli_mid
from unnest($1::integer[], $2::integer[], $3::text[]) as k (gid, sender, cli_mid)
join group_messages g on g.gid = k.gid and g.sender = k.sender and g.cli_mid = k.cli_mid`;

export const PG_GROUP_STATEMENTS = { glide_group_append: APPEND, glide_group_find_stored: FIND_STORED } as const;

/** GroupMessageStore.appendBatch on PostgreSQL: no read unless a key was taken. */
export async function appendGroupBatchPg(ctx: SqlContext, messages: readonly NewGroupMessage[]): Promise<GroupAppendResult[]> {
  // The first of each key is written; later copies answer with what it gets.
  const firstOfKey = new Map<string, number>();
  const fresh: NewGroupMessage[] = [];
  const origin = messages.map((m, i) => {
    const k = m.cliMid === null ? undefined : key(m.gid, m.sender, m.cliMid);
    const first = k === undefined ? undefined : firstOfKey.get(k);
    if (first !== undefined) return first;
    if (k !== undefined) firstOfKey.set(k, i);
    fresh.push(m);
    return i;
  });
  const col = <V>(pick: (m: NewGroupMessage) => V): V[] => fresh.map(pick);
  const { rows } = await ctx.db.executeQuery<Ref>(
    CompiledQuery.raw(APPEND, [col((m) => m.gid), col((m) => m.seq), col((m) => m.mid), col((m) => m.sender), col((m) => m.cliMid), col((m) => m.type), col((m) => m.content), col((m) => m.sendAt), col((m) => m.createdAt), col((m) => linksText(m.links)), ...mentionColumns(fresh)]),
  );
  ctx.writes.committed();
  const inserted = new Set(rows.map(identity));
  const skipped = fresh.filter((m) => !inserted.has(identity(m)));
  const stored = new Map<string, Ref>();
  if (skipped.length > 0) {
    const found = await ctx.db.executeQuery<Ref & { sender: number; cli_mid: string }>(
      CompiledQuery.raw(FIND_STORED, [skipped.map((m) => m.gid), skipped.map((m) => m.sender), skipped.map((m) => m.cliMid)]),
    );
    for (const r of found.rows) stored.set(key(r.gid, r.sender, r.cli_mid), { gid: r.gid, seq: r.seq, mid: r.mid });
  }
  const results: GroupAppendResult[] = [];
  messages.forEach((m, i) => {
    const first = origin[i] ?? i;
    const earlier = first === i ? undefined : results[first];
    if (earlier) {
      results.push({ mid: earlier.mid, seq: earlier.seq, isDuplicate: true });
      return;
    }
    if (inserted.has(identity(m))) {
      results.push({ mid: m.mid, seq: m.seq, isDuplicate: false });
      return;
    }
    const found = m.cliMid === null ? undefined : stored.get(key(m.gid, m.sender, m.cliMid));
    if (!found) throw new GlideError('STORE_CONFLICT', `group message ${identity(m)} collides with a stored one`);
    results.push({ mid: found.mid, seq: found.seq, isDuplicate: true });
  });
  return results;
}

/** The mention rows of `messages` as four columns (a taken message's rows join no new row and are dropped). */
function mentionColumns(messages: readonly NewGroupMessage[]): [number[], number[], number[], number[]] {
  const rows = mentionRows(messages);
  return [rows.map((r) => r.gid), rows.map((r) => r.uid), rows.map((r) => r.seq), rows.map((r) => r.sender)];
}
