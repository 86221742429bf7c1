import { CompiledQuery, type Selectable } from 'kysely';
import type { ChatBatch, ChatBatchResult, SentMessage } from '../message-store.js';
import { chatKey, ChatKeyWindow, type ChatBatchEngine, type ChatBatchPlan, type ChatRow } from './chat-batch-plan.js';
import type { SqlContext } from './context.js';
import { linksText, toChatMessage } from './rows.js';
import type { Database } from './schema.js';

type SentRow = Selectable<Database['messages']> & { sender_seq: number | null; receiver_seq: number | null };

/** `(?, …, ?)` repeated `rows` times, comma-separated. */
const tuples = (rows: number, tuple: string): string => Array<string>(rows).fill(tuple).join(', ');

const FIND_STORED = `select m.*, own.seq as sender_seq, peer.seq as receiver_seq from messages m
left join inbox own on own.mid = m.mid and own.uid = m.sender
left join inbox peer on peer.mid = m.mid and peer.uid = m.receiver
where (m.sender, m.cli_mid) in `;

// Each SET reads only its own stored column and the incoming values: MySQL assigns left to right.
const INSERT_MESSAGES = 'insert into messages (mid, sender, receiver, cli_mid, cli_seq, type, content, send_at, created_at, status, recall_by, links) values ';
const INSERT_SLOTS = 'insert into inbox (uid, seq, mid) values ';
const UPSERT_LINES = 'insert into sessions (owner, type, peer, last_mid, unread, read_cursor, created_at, updated_at) values ';
const ON_LINE = ` on duplicate key update unread = unread + values(unread),
  updated_at = case when values(updated_at) > updated_at then values(updated_at) else updated_at end,
  last_mid = case when values(last_mid) > last_mid then values(last_mid) else last_mid end`;
const UPSERT_CURSORS = 'insert into device_cursors (uid, device, acked_seq, updated_at) values ';
// updated_at first: it must compare with the cursor before acked_seq changes.
const ON_CURSOR = ` on duplicate key update
  updated_at = case when values(acked_seq) > acked_seq then values(updated_at) else updated_at end,
  acked_seq = case when values(acked_seq) > acked_seq then values(acked_seq) else acked_seq end`;

/**
 * The 1:1 write path on MySQL/MariaDB: the whole batch as ONE multi-statement query (start transaction;
 * the multi-row inserts; commit), no read of its keys first (see ChatKeyWindow). The driver fills the
 * placeholders, so no query is built by Kysely. A failed statement leaves the transaction open on that
 * connection: it is rolled back before the connection goes back to the pool.
 */
export class MysqlChatBatch implements ChatBatchEngine {
  private readonly window = new ChatKeyWindow();

  constructor(private readonly ctx: SqlContext) {}

  run(batch: ChatBatch): Promise<ChatBatchResult[]> {
    return this.window.run(batch, this);
  }

  async write(plan: ChatBatchPlan): Promise<void> {
    const write = writeQuery(plan, this.ctx.clock.now());
    await this.ctx.db.connection().execute(async (db) => {
      try {
        await db.executeQuery(write);
      } catch (err) {
        await db.executeQuery(CompiledQuery.raw('rollback')).catch(() => undefined);
        throw err;
      }
    });
    // Committed by the query's own COMMIT: the driver's commit hook never sees it.
    this.ctx.writes.committed();
  }

  async findStored(messages: readonly ChatRow[]): Promise<Map<string, SentMessage>> {
    const keys = messages.flatMap((m) => [m.sender, m.cliMid]);
    const { rows } = await this.ctx.db.executeQuery<SentRow>(CompiledQuery.raw(`${FIND_STORED}(${tuples(messages.length, '(?, ?)')})`, keys));
    const found = new Map<string, SentMessage>();
    for (const { sender_seq, receiver_seq, ...message } of rows) {
      found.set(chatKey(message.sender, message.cli_mid), { message: toChatMessage(message), senderSeq: Number(sender_seq ?? 0), receiverSeq: Number(receiver_seq ?? 0) });
    }
    return found;
  }
}

function writeQuery({ rows, slots, sessions, cursors }: ChatBatchPlan, now: number): CompiledQuery {
  const statements = ['start transaction'];
  const values: unknown[] = [];
  if (rows.length > 0) {
    statements.push(INSERT_MESSAGES + tuples(rows.length, '(?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, ?)'));
    for (const m of rows) values.push(m.mid, m.sender, m.receiver, m.cliMid, m.cliSeq, m.type, m.content, m.sendAt, m.createdAt, linksText(m.links));
  }
  if (slots.length > 0) {
    statements.push(INSERT_SLOTS + tuples(slots.length, '(?, ?, ?)'));
    for (const s of slots) values.push(s.uid, s.seq, s.mid);
  }
  if (sessions.length > 0) {
    statements.push(UPSERT_LINES + tuples(sessions.length, '(?, ?, ?, ?, ?, 0, ?, ?)') + ON_LINE);
    for (const u of sessions) values.push(u.owner, u.type, u.peer, u.mid, u.unread, u.at, u.at);
  }
  if (cursors.length > 0) {
    statements.push(UPSERT_CURSORS + tuples(cursors.length, '(?, ?, ?, ?)') + ON_CURSOR);
    for (const c of cursors) values.push(c.uid, c.device, c.seq, now);
  }
  statements.push('commit');
  return CompiledQuery.raw(statements.join(';\n'), values);
}
