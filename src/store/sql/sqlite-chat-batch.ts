import type BetterSqlite3 from 'better-sqlite3';
import type { ChatBatch, ChatBatchResult, SentMessage } from '../message-store.js';
import { MESSAGE_STATUS } from '../message-store.js';
import { toChatMessage } from './rows.js';
import type { Database } from './schema.js';

type MessageRow = Database['messages'];

/**
 * The 1:1 write path on SQLite with statements prepared once (no query building per message): one
 * synchronous transaction per batch, a row per statement run. The dedup is the unique key itself:
 * `on conflict (sender, cli_mid) do nothing` and `changes`, with a lookup only for a taken key.
 */
export class SqliteChatBatch {
  private readonly insertMessage: BetterSqlite3.Statement;
  private readonly insertSlot: BetterSqlite3.Statement;
  private readonly upsertSession: BetterSqlite3.Statement;
  private readonly upsertCursor: BetterSqlite3.Statement;
  private readonly findSent: BetterSqlite3.Statement;
  private readonly commit: (batch: ChatBatch, now: number) => ChatBatchResult[];

  constructor(db: BetterSqlite3.Database) {
    this.insertMessage = db.prepare(
      `insert into messages (mid, sender, receiver, cli_mid, cli_seq, type, content, send_at, created_at, status, recall_by)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ${MESSAGE_STATUS.normal}, 0) on conflict (sender, cli_mid) do nothing`,
    );
    this.insertSlot = db.prepare('insert into inbox (uid, seq, mid) values (?, ?, ?)');
    this.upsertSession = db.prepare(
      `insert into sessions (owner, type, peer, last_mid, unread, read_cursor, created_at, updated_at) values (?, ?, ?, ?, ?, 0, ?, ?)
       on conflict (owner, type, peer) do update set unread = sessions.unread + excluded.unread,
       updated_at = max(sessions.updated_at, excluded.updated_at), last_mid = max(sessions.last_mid, excluded.last_mid)`,
    );
    this.upsertCursor = db.prepare(
      `insert into device_cursors (uid, device, acked_seq, updated_at) values (?, ?, ?, ?)
       on conflict (uid, device) do update set updated_at = excluded.updated_at, acked_seq = excluded.acked_seq
       where excluded.acked_seq > device_cursors.acked_seq`,
    );
    this.findSent = db.prepare(
      `select m.*, own.seq as sender_seq, peer.seq as receiver_seq from messages m
       left join inbox own on own.mid = m.mid and own.uid = m.sender
       left join inbox peer on peer.mid = m.mid and peer.uid = m.receiver
       where m.sender = ? and m.cli_mid = ?`,
    );
    // better-sqlite3 rolls back only when the transaction is still open and rethrows the original error.
    this.commit = db.transaction((batch: ChatBatch, now: number) => this.write(batch, now));
  }

  /** Runs synchronously: call it while holding Kysely's connection, so no Kysely transaction is open. */
  run(batch: ChatBatch, now: number): ChatBatchResult[] {
    return this.commit(batch, now);
  }

  private write(batch: ChatBatch, now: number): ChatBatchResult[] {
    const results: ChatBatchResult[] = [];
    for (const m of batch.messages) {
      const { changes } = this.insertMessage.run(m.mid, m.sender, m.receiver, m.cliMid, m.cliSeq, m.type, m.content, m.sendAt, m.createdAt);
      if (changes === 0) {
        results.push({ isDuplicate: true, stored: this.stored(m.sender, m.cliMid) });
        continue;
      }
      const placement = batch.place(m);
      for (const slot of placement.inbox) this.insertSlot.run(slot.uid, slot.seq, m.mid);
      for (const u of placement.sessions) this.upsertSession.run(u.owner, u.type, u.peer, u.mid, u.unread, u.at, u.at);
      results.push({ isDuplicate: false });
    }
    for (const c of batch.cursors ?? []) this.upsertCursor.run(c.uid, c.device, c.seq, now);
    return results;
  }

  private stored(sender: number, cliMid: string): SentMessage {
    const row = this.findSent.get(sender, cliMid) as (MessageRow & { sender_seq: number | null; receiver_seq: number | null }) | undefined;
    // The insert skipped the row for this key, within this transaction: it is there.
    if (!row) throw new Error(`message (${sender}, ${cliMid}) skipped as stored but not found`);
    const { sender_seq, receiver_seq, ...message } = row;
    return { message: toChatMessage(message), senderSeq: Number(sender_seq ?? 0), receiverSeq: Number(receiver_seq ?? 0) };
  }
}
