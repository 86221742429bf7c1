import type { Clock, StoredMessage } from '../core/index.js';
import { PENDING_CONTENT_CHARS, SESSION_TYPE, type ChatReceipt, type GroupReceipt, type PendingPush, type PushQueueStore } from '../store/index.js';

/** Entries waiting in memory to be written (a store that is down for long); beyond it new ones are dropped and counted. */
const MAX_STAGED = 200_000;
/** Conversations remembered as written, so that a receipt for them deletes the row (oldest forgotten first). */
const MAX_WRITTEN = 200_000;
/** How long after its write a row may still wait: its grace deferred once, plus slack for a slow sweep. */
const WRITTEN_SLACK_MS = 10_000;

/**
 * Which stored messages still need a notification, kept durable in the store (PushQueueStore): each
 * message for a receiver with a push endpoint waits `graceMs` for a device of that receiver to confirm
 * it (ack.request / ack.group.msg); what is still unconfirmed then is handed on, the newest per
 * conversation. Entries are staged in memory and written together (`flush`, a few times a second), not
 * per message and not inside the message's own commit: the hot path gets no extra round trip and the
 * SQLite chat writer no extra statement, and a device that confirms before the write (the usual case
 * for someone online) costs no write at all. A node dying in the staging window (well under a second
 * after the commit) loses those notifications only; the messages themselves sync at sign-in.
 */
export class PushTrigger {
  /** Chat entries by uid:mid (the receiver's devices confirm a mid). */
  private stagedChat = new Map<string, PendingPush>();
  /** Group entries by uid:gid, the newest message only (a member's ack covers everything up to a seq). */
  private stagedGroups = new Map<string, PendingPush>();
  private chatReceipts = new Map<string, ChatReceipt>();
  private groupReceipts = new Map<string, GroupReceipt>();
  /** Rows this node wrote, by uid:mid (chat) with when; a receipt for anything else costs no statement. */
  private readonly writtenChat = new Map<string, number>();
  /** Group rows by uid:gid: the newest seq written and when. */
  private readonly writtenGroups = new Map<string, { seq: number; at: number }>();
  private reachable = new Set<number>();
  /** Until then rows of an earlier run may be due: every receipt of a reachable user is written. */
  private readonly warmUntil: number;
  dropped = 0;

  /**
   * `isOwnMid`: whether this node stored the message. A receipt reaches the storing node, except when
   * that node is down (then whichever node has the ack): such a receipt is always written.
   */
  constructor(
    private readonly store: PushQueueStore,
    private readonly clock: Clock,
    private readonly graceMs: number,
    private readonly isOwnMid: (mid: number) => boolean,
  ) {
    this.warmUntil = clock.now() + 2 * graceMs + WRITTEN_SLACK_MS;
  }

  /** Users with at least one endpoint (only they are tracked). */
  setReachable(uids: Set<number>): void {
    this.reachable = uids;
  }

  addReachable(uid: number): void {
    this.reachable.add(uid);
  }

  stored(m: StoredMessage): void {
    const now = this.clock.now();
    for (const uid of m.recipients) {
      if (!this.reachable.has(uid)) continue;
      if (this.stagedChat.size + this.stagedGroups.size >= MAX_STAGED) {
        this.dropped++;
        continue;
      }
      const content = m.content.length > PENDING_CONTENT_CHARS ? [...m.content].slice(0, PENDING_CONTENT_CHARS).join('') : m.content;
      const entry: PendingPush = { uid, type: m.kind === 'chat' ? SESSION_TYPE.chat : SESSION_TYPE.group, peer: m.kind === 'chat' ? m.sender : m.to, mid: m.mid, seq: m.kind === 'chat' ? 0 : m.seq, sender: m.sender, msgType: m.type, content, firstAt: now, lastAt: now, dueAt: now + this.graceMs, isMentioned: m.mentionAll === true || (m.mentions?.includes(uid) ?? false) };
      if (m.kind === 'chat') this.stagedChat.set(`${uid}:${m.mid}`, entry);
      else {
        const key = `${uid}:${m.to}`;
        const older = this.stagedGroups.get(key);
        // A newer message replaces the staged one; a mention in the replaced one still counts.
        this.stagedGroups.set(key, older ? { ...entry, firstAt: older.firstAt, dueAt: older.dueAt, isMentioned: entry.isMentioned || older.isMentioned } : entry);
      }
    }
  }

  received(uid: number, mid: number): void {
    if (!this.reachable.has(uid)) return;
    const key = `${uid}:${mid}`;
    if (this.stagedChat.delete(key)) return;
    if (this.writtenChat.delete(key) || this.isWarm() || !this.isOwnMid(mid)) this.chatReceipts.set(key, { uid, mid });
  }

  groupReceived(uid: number, gid: number, seq: number): void {
    if (!this.reachable.has(uid)) return;
    const key = `${uid}:${gid}`;
    const staged = this.stagedGroups.get(key);
    if (staged && staged.seq <= seq) this.stagedGroups.delete(key);
    const written = this.writtenGroups.get(key);
    if ((written && written.seq <= seq) || this.isWarm()) {
      this.writtenGroups.delete(key);
      const known = this.groupReceipts.get(key);
      this.groupReceipts.set(key, { uid, gid, seq: Math.max(seq, known?.seq ?? 0) });
    }
  }

  /** Entries staged since the last flush, for the metrics. */
  get staged(): number {
    return this.stagedChat.size + this.stagedGroups.size;
  }

  /**
   * Writes what was staged, then deletes the rows receipts confirm (in that order: a receipt always
   * follows its row). Must not run twice at once. On a store error everything goes back to the stage.
   */
  async flush(): Promise<void> {
    const entries = [...this.stagedChat.values(), ...this.stagedGroups.values()];
    const chat = [...this.chatReceipts.values()];
    const groups = [...this.groupReceipts.values()];
    if (entries.length === 0 && chat.length === 0 && groups.length === 0) return;
    this.stagedChat = new Map();
    this.stagedGroups = new Map();
    this.chatReceipts = new Map();
    this.groupReceipts = new Map();
    // Remembered before the write: a receipt arriving meanwhile then deletes the row in the next flush.
    this.remember(entries);
    try {
      await this.store.queue(entries);
    } catch (err) {
      this.restage(entries, chat, groups);
      throw err;
    }
    try {
      await this.store.cancel(chat, groups);
    } catch (err) {
      this.restage([], chat, groups);
      throw err;
    }
  }

  /**
   * The due rows to notify now, up to `limit` (and how many were due). A row whose newest message is
   * younger than the grace waits for it, but never past twice the grace after its first message (so a
   * busy conversation is still notified).
   */
  async takeDue(limit: number): Promise<{ ready: PendingPush[]; due: number }> {
    const now = this.clock.now();
    this.forgetOld(now);
    const due = await this.store.due(now, limit);
    const ready: PendingPush[] = [];
    for (const entry of due) {
      const at = Math.min(entry.lastAt, entry.firstAt + this.graceMs) + this.graceMs;
      if (at > now) await this.store.defer(entry, at);
      else if (entry.type === SESSION_TYPE.chat && this.chatReceipts.has(`${entry.uid}:${entry.mid}`)) continue;
      else ready.push(entry);
    }
    return { ready, due: due.length };
  }

  private isWarm(): boolean {
    return this.clock.now() < this.warmUntil;
  }

  private remember(entries: readonly PendingPush[]): void {
    const now = this.clock.now();
    for (const e of entries) {
      if (e.type === SESSION_TYPE.chat) this.writtenChat.set(`${e.uid}:${e.mid}`, now);
      else {
        const key = `${e.uid}:${e.peer}`;
        // Re-inserted so that the map stays in write order.
        this.writtenGroups.delete(key);
        this.writtenGroups.set(key, { seq: e.seq, at: now });
      }
    }
  }

  private restage(entries: readonly PendingPush[], chat: readonly ChatReceipt[], groups: readonly GroupReceipt[]): void {
    for (const e of entries) {
      if (this.staged >= MAX_STAGED) {
        this.dropped++;
        continue;
      }
      if (e.type === SESSION_TYPE.chat) this.stagedChat.set(`${e.uid}:${e.mid}`, e);
      else {
        const key = `${e.uid}:${e.peer}`;
        const newer = this.stagedGroups.get(key);
        this.stagedGroups.set(key, newer ? { ...newer, firstAt: e.firstAt, dueAt: e.dueAt } : e);
      }
    }
    for (const r of chat) this.chatReceipts.set(`${r.uid}:${r.mid}`, r);
    for (const r of groups) {
      const key = `${r.uid}:${r.gid}`;
      this.groupReceipts.set(key, { ...r, seq: Math.max(r.seq, this.groupReceipts.get(key)?.seq ?? 0) });
    }
  }

  /** Rows written long enough ago are due and handed on (here or by another node): their receipts need no statement. */
  private forgetOld(now: number): void {
    const before = now - 2 * this.graceMs - WRITTEN_SLACK_MS;
    for (const [key, at] of this.writtenChat) {
      if (at > before && this.writtenChat.size <= MAX_WRITTEN) break;
      this.writtenChat.delete(key);
    }
    for (const [key, { at }] of this.writtenGroups) {
      if (at > before && this.writtenGroups.size <= MAX_WRITTEN) break;
      this.writtenGroups.delete(key);
    }
  }
}
