import type { GroupAppendResult, NewGroupMessage } from '../group-message-store.js';
import { MESSAGE_STATUS } from '../message-store.js';
import type { SqlContext } from './context.js';
import { toStoreError } from './guarded-dialect.js';
import { linksText } from './rows.js';
import { mentionRows } from './sql-group-read-store.js';
import { UNEXPECTED_CHANGES, type SqliteWriter, type WriterStatement } from './sqlite-writer-thread.js';

/** One row per statement: the same SQL text every time, prepared once in the writer thread. */
const INSERT_MESSAGE = `insert into "group_messages" ("gid", "seq", "mid", "sender", "cli_mid", "type", "content", "send_at", "created_at", "status", "recall_by", "links")
values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict ("gid", "sender", "cli_mid") do nothing`;
const RAISE_LAST_SEQ = `update "chat_groups" set "last_seq" = ? where "gid" = ? and "last_seq" < ?`;
const INSERT_MENTION = `insert into "group_mentions" ("gid", "uid", "seq", "sender") values (?, ?, ?, ?)`;

/**
 * GroupMessageStore.appendBatch on a SQLite file, in the writer thread (the event loop never waits on
 * the commit's fsync): rows, each group's lastSeq and mentions in one transaction. A row whose key is
 * already taken rolls it all back and resolves undefined: the caller then runs the reading path (the
 * group writer dedups before it appends, so that is a race, not the usual case). A batch that repeats
 * a key is not sent either. A taken (gid, seq) or mid fails with STORE_CONFLICT, as on the other path.
 */
export async function appendGroupBatchInThread(ctx: SqlContext, writer: SqliteWriter, messages: readonly NewGroupMessage[]): Promise<GroupAppendResult[] | undefined> {
  const keys = new Set<string>();
  const highest = new Map<number, number>();
  const statements: WriterStatement[] = [];
  for (const m of messages) {
    if (m.cliMid !== null) {
      const key = `${m.gid}:${m.sender}\u0000${m.cliMid}`;
      if (keys.has(key)) return undefined;
      keys.add(key);
    }
    highest.set(m.gid, Math.max(highest.get(m.gid) ?? 0, m.seq));
    const parameters = [m.gid, m.seq, m.mid, m.sender, m.cliMid, m.type, m.content, m.sendAt, m.createdAt, MESSAGE_STATUS.normal, 0, linksText(m.links)];
    statements.push({ sql: INSERT_MESSAGE, parameters, expectChanges: 1 });
  }
  for (const [gid, seq] of highest) statements.push({ sql: RAISE_LAST_SEQ, parameters: [seq, gid, seq] });
  for (const r of mentionRows(messages)) statements.push({ sql: INSERT_MENTION, parameters: [r.gid, r.uid, r.seq, r.sender] });
  try {
    await writer.execute(statements);
  } catch (err) {
    if ((err as { code?: unknown }).code === UNEXPECTED_CHANGES) return undefined;
    ctx.writes.failed(err);
    throw toStoreError(err, ctx.dialect);
  }
  ctx.writes.committed();
  return messages.map((m) => ({ mid: m.mid, seq: m.seq, isDuplicate: false }));
}
