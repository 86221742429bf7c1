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

/**
 * What one signed-in connection has of its user's inbox: deliveries not acked yet, the highest seq
 * pushed to it, the highest seq it sent itself, and, while its sign-in sync runs, the live frames that
 * must wait so nothing reorders. Deliveries reach a connection in inbox seq order (the writer commits
 * in seq order and fan-out is synchronous), which is what lets a few numbers stand for the whole state.
 */
export class DeviceState {
  /** mid → seq of deliveries not acked yet; made by the first delivery (an idle connection has none: issue 17, ~0.2 KB each). */
  private outstanding: Map<number, number> | undefined;
  /** Highest seq pushed to this connection, or covered by its stored cursor: live frames up to it were sent. */
  private pushedUpTo = 0;
  /** Highest seq of a message this connection sent itself (it has it without a push). */
  private ownUpTo = 0;
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
    // Stored before the sync read the inbox, fanned out after: the sync already pushed it.
    if (seq <= this.pushedUpTo) return;
    this.send(seq, mid, envelope);
  }

  /** Sends a message again (message.chat.resend) unless this device already acked it. */
  redeliver(seq: number, mid: number, envelope: OutboundEnvelope): void {
    if (this.isSyncing) return this.deliver(seq, mid, envelope);
    if (seq > this.pushedUpTo || this.outstanding?.has(mid) === true) this.send(seq, mid, envelope);
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
    this.floor = Math.min(this.floor, seq - 1);
  }

  /** Ends the sync: held live frames the sync did not already cover go out, in order. */
  finishSync(): void {
    this.isSyncing = false;
    this.ownWhileSyncing = undefined;
    const held = this.held.sort((a, b) => a.seq - b.seq);
    this.held = [];
    for (const frame of held) if (frame.seq > this.pushedUpTo) this.send(frame.seq, frame.mid, frame.envelope);
  }

  /** The connection sent the message with this seq itself (its ack.message carried it). */
  markOwn(seq: number): void {
    if (seq > this.ownUpTo) this.ownUpTo = seq;
    this.ownWhileSyncing?.add(seq);
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
    let upTo = Math.max(this.pushedUpTo, this.ownUpTo);
    if (this.outstanding) for (const seq of this.outstanding.values()) if (seq <= upTo) upTo = seq - 1;
    return Math.min(upTo, this.floor);
  }

  private send(seq: number, mid: number, envelope: OutboundEnvelope): void {
    // Not given to the device (closed, or cut off as a slow consumer): the cursor never passes it.
    if (!this.conn.push(envelope)) {
      this.floor = Math.min(this.floor, seq - 1);
      return;
    }
    if (seq > this.pushedUpTo) this.pushedUpTo = seq;
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
