import type BetterSqlite3 from 'better-sqlite3';
import type { ChatPlacement, DeviceCursorAdvance, NewChatMessage } from '../message-store.js';
import { MESSAGE_STATUS } from '../message-store.js';
import { linksText } from './rows.js';

type ChatRow = Omit<NewChatMessage, 'inbox'>;

/**
 * A placed chat batch as plain data, cheap to hand to the writer thread: the strings (cliMid, content and
 * links or null per message) in one array, every number in one Float64Array (all ids are below 2^53) that is transferred,
 * not copied. Layout of `numbers`: message count, cursor count, `now`; per message mid, sender, receiver,
 * cliSeq, type, sendAt, createdAt, inbox slot count, (uid, seq)…, session count, (owner, type, peer, mid,
 * unread, at)…; per cursor uid, device, seq.
 */
export interface EncodedChatBatch {
  texts: (string | null)[];
  numbers: Float64Array;
}

const MESSAGE_FIELDS = 9;
const TEXTS_PER_MESSAGE = 3;
const SESSION_FIELDS = 6;

export function encodeChatBatch(messages: readonly ChatRow[], placements: readonly ChatPlacement[], cursors: readonly DeviceCursorAdvance[], now: number): EncodedChatBatch {
  let size = 3 + cursors.length * 3;
  for (const p of placements) size += MESSAGE_FIELDS + p.inbox.length * 2 + p.sessions.length * SESSION_FIELDS;
  const n = new Float64Array(size);
  // Pushed, not sized up front: a holey array is posted to the thread as a sparse one (every index looked up
  // as a key on both sides), 1.5 × the serialising and 2.4 × the reading of a packed one (batch of 243, v8.serialize).
  const texts: (string | null)[] = [];
  n[0] = messages.length;
  n[1] = cursors.length;
  n[2] = now;
  let at = 3;
  messages.forEach((m, i) => {
    const p = placements[i] as ChatPlacement;
    texts.push(m.cliMid, m.content, linksText(m.links));
    n[at++] = m.mid;
    n[at++] = m.sender;
    n[at++] = m.receiver;
    n[at++] = m.cliSeq;
    n[at++] = m.type;
    n[at++] = m.sendAt;
    n[at++] = m.createdAt;
    n[at++] = p.inbox.length;
    for (const slot of p.inbox) {
      n[at++] = slot.uid;
      n[at++] = slot.seq;
    }
    n[at++] = p.sessions.length;
    for (const u of p.sessions) {
      n[at++] = u.owner;
      n[at++] = u.type;
      n[at++] = u.peer;
      n[at++] = u.mid;
      n[at++] = u.unread;
      n[at++] = u.at;
    }
  });
  for (const c of cursors) {
    n[at++] = c.uid;
    n[at++] = c.device;
    n[at++] = c.seq;
  }
  return { texts, numbers: n };
}

/**
 * The 1:1 write path on SQLite with statements prepared once (no query building per message): one
 * synchronous IMMEDIATE transaction per batch, a row per statement run. The dedup is the unique key
 * itself: `on conflict (sender, cli_mid) do nothing` and `changes`. The caller placed every message as
 * new (it filters the keys it knows are stored), so a taken key means its placement is wrong: the batch
 * writes nothing and reports which messages were taken.
 * Used on the writer thread, or on the main thread for an in-memory database (one connection only).
 */
export class SqliteChatBatch {
  private readonly insertMessage: BetterSqlite3.Statement;
  private readonly insertSlot: BetterSqlite3.Statement;
  private readonly insertTwoSlots: BetterSqlite3.Statement;
  private readonly upsertSession: BetterSqlite3.Statement;
  private readonly upsertTwoSessions: BetterSqlite3.Statement;
  private readonly upsertCursor: BetterSqlite3.Statement;
  private readonly transaction: (batch: EncodedChatBatch) => number[];

  constructor(db: BetterSqlite3.Database) {
    this.insertMessage = db.prepare(
      `insert into messages (mid, sender, receiver, cli_mid, cli_seq, type, content, send_at, created_at, status, recall_by, links)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ${MESSAGE_STATUS.normal}, 0, ?) on conflict (sender, cli_mid) do nothing`,
    );
    // A 1:1 message has two inbox slots and two session lines: one statement each (rows in order, as two runs).
    this.insertSlot = db.prepare('insert into inbox (uid, seq, mid) values (?, ?, ?)');
    this.insertTwoSlots = db.prepare('insert into inbox (uid, seq, mid) values (?, ?, ?), (?, ?, ?)');
    const upsertSession = (rows: number) =>
      db.prepare(
        `insert into sessions (owner, type, peer, last_mid, unread, read_cursor, created_at, updated_at) values ${Array(rows).fill('(?, ?, ?, ?, ?, 0, ?, ?)').join(', ')}
         on conflict (owner, type, peer) do update set unread = sessions.unread + excluded.unread,
         updated_at = max(sessions.updated_at, excluded.updated_at), last_mid = max(sessions.last_mid, excluded.last_mid)`,
      );
    this.upsertSession = upsertSession(1);
    this.upsertTwoSessions = upsertSession(2);
    this.upsertCursor = db.prepare(
      `insert into device_cursors (uid, device, acked_seq, updated_at) values (?, ?, ?, ?)
       on conflict (uid, device) do update set updated_at = excluded.updated_at, acked_seq = excluded.acked_seq
       where excluded.acked_seq > device_cursors.acked_seq`,
    );
    // IMMEDIATE: the write lock is taken at BEGIN, so another connection's commit can never invalidate
    // this one's snapshot (SQLITE_BUSY_SNAPSHOT); a lock held elsewhere waits in the busy timeout.
    const write = db.transaction((batch: EncodedChatBatch) => {
      const taken = this.write(batch);
      // Throwing rolls the transaction back; better-sqlite3 rethrows it.
      if (taken.length > 0) throw new KeysTaken(taken);
      return taken;
    });
    this.transaction = write.immediate;
  }

  /** Commits the batch; returns the indices of messages whose key was taken (then nothing was written). */
  commit(batch: EncodedChatBatch): number[] {
    try {
      return this.transaction(batch);
    } catch (err) {
      if (err instanceof KeysTaken) return err.indices;
      throw err;
    }
  }

  private write({ texts, numbers: n }: EncodedChatBatch): number[] {
    const taken: number[] = [];
    const [count = 0, cursors = 0, now = 0] = n;
    let at = 3;
    for (let i = 0; i < count; i++) {
      const mid = n[at] as number;
      const t = i * TEXTS_PER_MESSAGE;
      const { changes } = this.insertMessage.run(mid, n[at + 1], n[at + 2], texts[t], n[at + 3], n[at + 4], texts[t + 1], n[at + 5], n[at + 6], texts[t + 2]);
      at += 7;
      if (changes === 0) taken.push(i);
      const slots = n[at++] as number;
      if (changes !== 0) this.insertSlots(n, at, slots, mid);
      at += slots * 2;
      const sessions = n[at++] as number;
      if (changes !== 0) this.upsertSessions(n, at, sessions);
      at += sessions * SESSION_FIELDS;
    }
    for (let c = 0; c < cursors; c++, at += 3) this.upsertCursor.run(n[at], n[at + 1], n[at + 2], now);
    return taken;
  }

  /** `count` (uid, seq) pairs of `n` from `at`. */
  private insertSlots(n: Float64Array, at: number, count: number, mid: number): void {
    if (count === 2) this.insertTwoSlots.run(n[at], n[at + 1], mid, n[at + 2], n[at + 3], mid);
    else for (let s = at; s < at + count * 2; s += 2) this.insertSlot.run(n[s], n[s + 1], mid);
  }

  /** `count` session lines of `n` from `at` (owner, type, peer, mid, unread, at). */
  private upsertSessions(n: Float64Array, at: number, count: number): void {
    const b = at + SESSION_FIELDS;
    if (count === 2) this.upsertTwoSessions.run(n[at], n[at + 1], n[at + 2], n[at + 3], n[at + 4], n[at + 5], n[at + 5], n[b], n[b + 1], n[b + 2], n[b + 3], n[b + 4], n[b + 5], n[b + 5]);
    else for (let u = at; u < at + count * SESSION_FIELDS; u += SESSION_FIELDS) this.upsertSession.run(n[u], n[u + 1], n[u + 2], n[u + 3], n[u + 4], n[u + 5], n[u + 5]);
  }
}

class KeysTaken extends Error {
  constructor(readonly indices: number[]) {
    super('chat batch: message keys already stored');
  }
}
