import { isGlideError, LruCache } from '../../core/index.js';
import type { ChatBatch, ChatBatchResult, DeviceCursorAdvance, NewChatMessage, SentMessage } from '../message-store.js';
import { storedChatMessage } from '../message-store.js';
import type { SessionUpdate } from '../session-store.js';
import { mergeSessionLines } from './sql-session-store.js';

export type ChatRow = Omit<NewChatMessage, 'inbox'>;

export const chatKey = (sender: number, cliMid: string): string => `${sender}\u0000${cliMid}`;

/** What a server engine writes for one chat batch, decided before its one write round trip. */
export interface ChatBatchPlan {
  /** Messages to insert: keys neither stored nor repeated within the batch, in input order. */
  rows: ChatRow[];
  slots: { uid: number; seq: number; mid: number }[];
  /** Merged per line: PostgreSQL refuses to touch one row twice in a statement. */
  sessions: SessionUpdate[];
  /** The highest seq per (uid, device). */
  cursors: DeviceCursorAdvance[];
  /** One per input, valid once the write commits. */
  results: ChatBatchResult[];
}

/**
 * The engine-independent half of a chat batch on PostgreSQL and MySQL. `stored` holds the batch's keys
 * found stored by one read; everything else is placed (in input order, only once per key), so the write
 * that follows is one statement round trip. A key stored by another node between that read and the
 * write fails the write on the unique key (STORE_CONFLICT), and the writer's retry reads it as stored.
 */
export function planChatBatch(batch: ChatBatch, stored: ReadonlyMap<string, SentMessage>): ChatBatchPlan {
  const plan: ChatBatchPlan = { rows: [], slots: [], sessions: [], cursors: mergeCursors(batch.cursors ?? []), results: [] };
  const lines: SessionUpdate[] = [];
  // Keys placed by this batch: later copies answer with the first one, seqs from its placement.
  const placed = new Map<string, SentMessage>();
  for (const m of batch.messages) {
    const key = chatKey(m.sender, m.cliMid);
    const earlier = stored.get(key) ?? placed.get(key);
    if (earlier) {
      plan.results.push({ isDuplicate: true, stored: earlier });
      continue;
    }
    const placement = batch.place(m);
    let senderSeq = 0;
    let receiverSeq = 0;
    for (const slot of placement.inbox) {
      plan.slots.push({ uid: slot.uid, seq: slot.seq, mid: m.mid });
      if (slot.uid === m.sender) senderSeq = slot.seq;
      if (slot.uid === m.receiver) receiverSeq = slot.seq;
    }
    lines.push(...placement.sessions);
    plan.rows.push(m);
    const message = storedChatMessage(m);
    placed.set(key, { message, senderSeq, receiverSeq });
    plan.results.push({ isDuplicate: false });
  }
  plan.sessions = mergeSessionLines(lines);
  return plan;
}

/** Keys a node stored lately, remembered so a client's retry is answered without a failed write. */
const RECENT_KEYS = 65_536;

/** What ChatKeyWindow needs of an engine: its read of stored keys and its one-round-trip write. */
export interface ChatBatchEngine {
  findStored(rows: readonly ChatRow[]): Promise<Map<string, SentMessage>>;
  write(plan: ChatBatchPlan): Promise<void>;
}

/**
 * A chat batch on a server engine without a read of its keys per batch. The caller allocates inbox seqs
 * only for messages actually stored (`place`), so a repeated key must be known before the write: keys
 * this node stored lately (a bounded window) are read first, one round trip and only for them; every
 * other message is placed as new. A key stored outside the window (by another node, or before a restart)
 * fails the write on the unique key (STORE_CONFLICT): the stored keys of the batch are then read and
 * remembered, and the chat writer's retry answers them as duplicates.
 */
export class ChatKeyWindow {
  private readonly recent = new LruCache<string, true>(RECENT_KEYS);

  async run(batch: ChatBatch, engine: ChatBatchEngine): Promise<ChatBatchResult[]> {
    const known = batch.messages.filter((m) => this.recent.peek(chatKey(m.sender, m.cliMid)));
    const stored = known.length > 0 ? await engine.findStored(known) : new Map<string, SentMessage>();
    const plan = planChatBatch(batch, stored);
    if (plan.rows.length === 0 && plan.cursors.length === 0) return plan.results;
    try {
      await engine.write(plan);
    } catch (err) {
      const isKeyConflict = isGlideError(err) && err.code === 'STORE_CONFLICT' && plan.rows.length > 0;
      if (isKeyConflict) for (const key of (await engine.findStored(plan.rows)).keys()) this.recent.set(key, true);
      throw err;
    }
    for (const m of plan.rows) this.recent.set(chatKey(m.sender, m.cliMid), true);
    return plan.results;
  }
}

function mergeCursors(cursors: readonly DeviceCursorAdvance[]): DeviceCursorAdvance[] {
  const byKey = new Map<string, DeviceCursorAdvance>();
  for (const c of cursors) {
    const key = `${c.uid}:${c.device}`;
    const seen = byKey.get(key);
    if (!seen || c.seq > seen.seq) byKey.set(key, c);
  }
  return [...byKey.values()];
}
