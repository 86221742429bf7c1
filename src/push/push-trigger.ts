import type { Clock, ConversationKind, StoredMessage } from '../core/index.js';

/** A message waiting for its grace to pass before its receiver is notified. */
export interface PendingPush {
  uid: number;
  kind: ConversationKind;
  /** The other user (chat) or the gid (group). */
  peer: number;
  mid: number;
  seq: number;
  sender: number;
  type: number;
  content: string;
  dueAt: number;
  /** A message of this conversation mentions the user: pushed even when the conversation is muted. */
  isMentioned: boolean;
}

/** Messages held in memory while their grace runs; beyond it new ones are dropped (and counted). */
const MAX_PENDING = 200_000;

/**
 * Which stored messages still need a notification: each one for a user with a push endpoint waits
 * `graceMs` for a device of that user to confirm it (ack.request / ack.group.msg); what is still
 * unconfirmed then is handed over, newest per conversation only. Costs a map entry per message and
 * receiver with endpoints; users without endpoints cost a set lookup. The grace is held in memory: a
 * node that stops during it loses those notifications (never the messages, which sync at sign-in).
 */
export class PushTrigger {
  /** 1:1 by mid (the receiver's devices confirm a mid). */
  private readonly chat = new Map<number, PendingPush>();
  /** Group by gid:uid, the newest message only (a member's ack covers everything up to a seq). */
  private readonly groups = new Map<string, PendingPush>();
  private reachable = new Set<number>();
  dropped = 0;

  constructor(
    private readonly clock: Clock,
    private readonly graceMs: number,
  ) {}

  get pending(): number {
    return this.chat.size + this.groups.size;
  }

  /** Users with at least one endpoint (only they are tracked). */
  setReachable(uids: Set<number>): void {
    this.reachable = uids;
  }

  addReachable(uid: number): void {
    this.reachable.add(uid);
  }

  stored(m: StoredMessage): void {
    const dueAt = this.clock.now() + this.graceMs;
    for (const uid of m.recipients) {
      if (!this.reachable.has(uid)) continue;
      if (this.pending >= MAX_PENDING) {
        this.dropped++;
        continue;
      }
      const isMentioned = m.mentionAll === true || (m.mentions?.includes(uid) ?? false);
      const entry: PendingPush = { uid, kind: m.kind, peer: m.kind === 'chat' ? m.sender : m.to, mid: m.mid, seq: m.seq, sender: m.sender, type: m.type, content: m.content, dueAt, isMentioned };
      if (m.kind === 'chat') this.chat.set(m.mid, entry);
      else {
        // Re-inserted so the map stays in due order.
        const key = `${m.to}:${uid}`;
        // A newer message replaces the pending one; a mention in the replaced one still counts.
        if (this.groups.get(key)?.isMentioned) entry.isMentioned = true;
        this.groups.delete(key);
        this.groups.set(key, entry);
      }
    }
  }

  received(uid: number, mid: number): void {
    if (this.chat.get(mid)?.uid === uid) this.chat.delete(mid);
  }

  groupReceived(uid: number, gid: number, seq: number): void {
    const key = `${gid}:${uid}`;
    const entry = this.groups.get(key);
    if (entry && entry.seq <= seq) this.groups.delete(key);
  }

  /** Takes what is due, the newest per (user, conversation). Maps iterate in insertion order, which is due order. */
  takeDue(): PendingPush[] {
    const now = this.clock.now();
    const newest = new Map<string, PendingPush>();
    for (const map of [this.chat, this.groups] as Map<unknown, PendingPush>[]) {
      for (const [key, entry] of map) {
        if (entry.dueAt > now) break;
        map.delete(key);
        newest.set(`${entry.uid}:${entry.kind}:${entry.peer}`, entry);
      }
    }
    return [...newest.values()];
  }
}
