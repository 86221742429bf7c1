import type { Connection } from '../gateway/index.js';
import { ACTIONS, type OutboundEnvelope } from '../protocol/index.js';

/** Frames held back from a connection while its sign-in sync is being pushed. */
interface HeldFrame {
  seq: number;
  mid: number;
  envelope: OutboundEnvelope;
}

/** Deliveries a connection has not acked yet before the oldest ones are forgotten (it resyncs later). */
const MAX_OUTSTANDING = 4096;
/** Seqs overtaken by a later one that a connection tracks; past this its cursor just stays below the first. */
const MAX_MISSING = 1024;

/**
 * What one signed-in connection has of its user's inbox: deliveries not acked yet, the highest seq
 * pushed to it, the highest seq it sent itself, and, while its sign-in sync runs, the live frames that
 * must wait so nothing reorders. On one node deliveries reach a connection in inbox seq order (the
 * writer commits in seq order and fan-out is synchronous). In a cluster they need not: one inbox is
 * written by the owners of all its conversations, each fanning out over its own bus path, and a retried
 * send is fanned out again by a new owner after later ones. So a seq that a later one overtook is kept
 * as missing (sent when it comes, the cursor stays below it) instead of being taken for pushed.
 */
export class DeviceState {
  /** mid → seq of deliveries not acked yet; made by the first delivery (an idle connection has none: issue 17, ~0.2 KB each). */
  private outstanding: Map<number, number> | undefined;
  /** Highest seq pushed to this connection, covered by its stored cursor, or its own send right after those: it has everything up to it. */
  private pushedUpTo = 0;
  /** Seqs this connection sent itself above pushedUpTo (it has them without a push): a push jumping over them leaves no gap. */
  private ownAhead: Set<number> | undefined;
  /** Seqs below pushedUpTo this connection was not given yet (a later one came first). */
  private missing: Set<number> | undefined;
  /** Just below the first message this connection was not given (a sync cut short, a forgotten delivery): the cursor never passes it. */
  private floor = Infinity;
  private isSyncing = true;
  private held: HeldFrame[] = [];
  /** Seqs this connection sent itself while its sync ran: the sync must not push them back to it. */
  private ownWhileSyncing: Set<number> | undefined = new Set();

  constructor(
    readonly conn: Connection,
    readonly uid: number,
    readonly device: number,
  ) {}

  /** Sends a newly stored message now, or holds it while the sign-in sync runs. */
  deliver(seq: number, mid: number, envelope: OutboundEnvelope): void {
    if (this.isSyncing) {
      this.held.push({ seq, mid, envelope });
      return;
    }
    // Stored before the sync read the inbox, fanned out after: the sync already pushed it (unless a later one overtook it).
    if (seq <= this.pushedUpTo && !this.missing?.has(seq)) return;
    this.send(seq, mid, envelope);
  }

  /** Sends a message again (message.chat.resend) unless this device already acked it. */
  redeliver(seq: number, mid: number, envelope: OutboundEnvelope): void {
    if (this.isSyncing) return this.deliver(seq, mid, envelope);
    if (seq > this.pushedUpTo || this.outstanding?.has(mid) === true || this.missing?.has(seq) === true) this.send(seq, mid, envelope);
  }

  /** The sync starts from the device's stored cursor: everything up to it is acked. */
  startSync(cursor: number): void {
    if (cursor > this.pushedUpTo) this.pushedUpTo = cursor;
  }

  /** Sends what the sync read from the store (oldest first); skips what this device sent itself meanwhile. */
  pushSynced(seq: number, mid: number, envelope: OutboundEnvelope): void {
    if (seq <= this.pushedUpTo) return;
    if (this.ownWhileSyncing?.has(seq)) {
      this.pushedUpTo = seq;
      return;
    }
    this.send(seq, mid, envelope);
  }

  /** The sync skips `seq`: the device acked it already (over HTTP), so it counts as delivered. */
  skipAcked(seq: number): void {
    if (seq > this.pushedUpTo) this.pushedUpTo = seq;
  }

  /** The sync stopped before `seq` (push limits): this connection never vouches for it or anything after. */
  stopCursorBelow(seq: number): void {
    // What the sync went through below it was pushed or skipped: not missing when a live push jumps past.
    if (seq - 1 > this.pushedUpTo) this.pushedUpTo = seq - 1;
    this.floor = Math.min(this.floor, seq - 1);
  }

  /** Ends the sync: held live frames the sync did not already cover go out, in order. */
  finishSync(): void {
    this.isSyncing = false;
    this.ownWhileSyncing = undefined;
    const held = this.held.sort((a, b) => a.seq - b.seq);
    this.held = [];
    for (const frame of held) if (frame.seq > this.pushedUpTo || this.missing?.has(frame.seq)) this.send(frame.seq, frame.mid, frame.envelope);
  }

  /** Whether a seq that a later one overtook has still not come. */
  hasMissing(): boolean {
    return this.missing !== undefined && this.missing.size > 0;
  }

  /** Where a read of the store for what this connection lacks starts (after it); undefined while it syncs. */
  repairAfter(): number | undefined {
    if (this.isSyncing) return undefined;
    let after = this.pushedUpTo;
    if (this.missing) for (const seq of this.missing) if (seq - 1 < after) after = seq - 1;
    return after;
  }

  /** Whether an inbox whose newest seq is `lastSeq` holds a message this connection lacks (its own sends it has). */
  lacksUpTo(lastSeq: number): boolean {
    if (this.isSyncing) return false;
    if (this.hasMissing()) return true;
    const above = lastSeq - this.pushedUpTo;
    if (above <= 0) return false;
    if (above > (this.ownAhead?.size ?? 0)) return true;
    for (let seq = this.pushedUpTo + 1; seq <= lastSeq; seq++) if (!this.ownAhead!.has(seq)) return true;
    return false;
  }

  /**
   * A message read back from the store (GapRepair): sent if this connection lacks it, that is when it is
   * missing or beyond what was pushed, and not one the device sent itself.
   */
  repair(seq: number, mid: number, envelope: OutboundEnvelope): void {
    if (this.isSyncing || this.ownAhead?.has(seq) === true) return;
    if (seq > this.pushedUpTo || this.missing?.has(seq) === true) this.send(seq, mid, envelope);
  }

  /** The connection sent the message with this seq itself (its ack.message carried it). */
  markOwn(seq: number): void {
    this.ownWhileSyncing?.add(seq);
    // The usual case, the next seq with nothing own ahead of it: it counts as pushed (no Set made and dropped per
    // send). Nothing lies between, so nothing can go missing; a later push jumping past it passes it either way.
    if (!this.isSyncing && seq === this.pushedUpTo + 1 && !this.ownAhead) this.pushedUpTo = seq;
    else if (seq > this.pushedUpTo) (this.ownAhead ??= new Set()).add(seq);
    else this.missing?.delete(seq);
  }

  /** Records an ack; true when the mid was a delivery this connection was waiting on. */
  ack(mid: number): boolean {
    return this.outstanding?.delete(mid) ?? false;
  }

  /**
   * Everything up to this seq was delivered and acked (or sent by this device); undefined while the
   * sign-in sync runs, since what the store holds beyond the stored cursor is not known yet.
   */
  cursor(): number | undefined {
    if (this.isSyncing) return undefined;
    let upTo = this.pushedUpTo;
    // Own sends right above what was pushed count; one beyond a seq not seen yet does not vouch for it.
    while (this.ownAhead?.has(upTo + 1)) upTo++;
    if (this.outstanding) for (const seq of this.outstanding.values()) if (seq <= upTo) upTo = seq - 1;
    if (this.missing) for (const seq of this.missing) if (seq <= upTo) upTo = seq - 1;
    return Math.min(upTo, this.floor);
  }

  /** A push of `seq` above pushedUpTo: the seqs it jumps over that are not this device's own are missing. */
  private passTo(seq: number): void {
    const from = this.pushedUpTo + 1;
    if (seq - from > MAX_MISSING) this.floor = Math.min(this.floor, from - 1);
    else {
      for (let s = from; s < seq; s++) {
        if (this.ownAhead?.delete(s)) continue;
        (this.missing ??= new Set()).add(s);
      }
      if (this.missing && this.missing.size > MAX_MISSING) {
        // Too many to track: the cursor stays below the first for good, and the next sign-in sync brings them.
        this.floor = Math.min(this.floor, Math.min(...this.missing) - 1);
        this.missing = undefined;
      }
    }
    this.ownAhead?.delete(seq);
    if (this.ownAhead?.size === 0) this.ownAhead = undefined;
    this.pushedUpTo = seq;
  }

  private send(seq: number, mid: number, envelope: OutboundEnvelope): void {
    // Not given to the device (closed, or cut off as a slow consumer): the cursor never passes it.
    if (!this.conn.push(envelope)) {
      this.floor = Math.min(this.floor, seq - 1);
      return;
    }
    if (seq > this.pushedUpTo) this.passTo(seq);
    else this.missing?.delete(seq);
    // Edits, reactions and pins ask no receipt: clients that do not know them (G1, web v2) never ack them.
    if (envelope.action === ACTIONS.MESSAGE_CHAT_EVENT) return;
    const outstanding = (this.outstanding ??= new Map());
    if (outstanding.size >= MAX_OUTSTANDING) {
      const [oldestMid, oldestSeq] = outstanding.entries().next().value as [number, number];
      outstanding.delete(oldestMid);
      this.floor = Math.min(this.floor, oldestSeq - 1);
    }
    outstanding.set(mid, seq);
  }
}
