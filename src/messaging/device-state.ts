import type { Connection } from '../gateway/index.js';
import type { OutboundEnvelope } from '../protocol/index.js';

/** Frames held back from a connection while its sign-in sync is being pushed. */
interface HeldFrame {
  seq: number;
  mid: number;
  envelope: OutboundEnvelope;
}

/** Deliveries a connection has not acked yet before the oldest ones are forgotten (it resyncs later). */
const MAX_OUTSTANDING = 4096;

/**
 * What one signed-in connection has of its user's inbox: deliveries not acked yet, the highest seq it
 * has seen, and, while its sign-in sync runs, the live frames that must wait so nothing reorders.
 */
export class DeviceState {
  private readonly outstanding = new Map<number, number>();
  private highestSeen = 0;
  private isSyncing = true;
  private held: HeldFrame[] = [];

  constructor(
    readonly conn: Connection,
    readonly uid: number,
    readonly device: number,
  ) {}

  /** Sends an inbox message now, or holds it while the sign-in sync runs. */
  deliver(seq: number, mid: number, envelope: OutboundEnvelope): void {
    if (this.isSyncing) {
      this.held.push({ seq, mid, envelope });
      return;
    }
    this.send(seq, mid, envelope);
  }

  /** Sends what the sync read from the store (oldest first). */
  pushSynced(seq: number, mid: number, envelope: OutboundEnvelope): void {
    this.send(seq, mid, envelope);
  }

  /** Ends the sync: held live frames the sync did not already cover go out, in order. */
  finishSync(): void {
    this.isSyncing = false;
    const held = this.held.sort((a, b) => a.seq - b.seq);
    this.held = [];
    for (const frame of held) if (frame.seq > this.highestSeen) this.send(frame.seq, frame.mid, frame.envelope);
  }

  /** The device has everything up to `seq` (its stored cursor, or a message it sent itself). */
  markOwn(seq: number): void {
    if (seq > this.highestSeen) this.highestSeen = seq;
  }

  /** Records an ack; returns the seq up to which this device now has everything, or undefined if unknown. */
  ack(mid: number): number | undefined {
    const seq = this.outstanding.get(mid);
    if (seq === undefined) return undefined;
    this.outstanding.delete(mid);
    return this.cursor();
  }

  /** Everything up to this seq was delivered and acked (or sent by this device). */
  cursor(): number {
    let lowest = Infinity;
    for (const seq of this.outstanding.values()) if (seq < lowest) lowest = seq;
    return lowest === Infinity ? this.highestSeen : lowest - 1;
  }

  private send(seq: number, mid: number, envelope: OutboundEnvelope): void {
    if (!this.conn.push(envelope)) return;
    if (seq > this.highestSeen) this.highestSeen = seq;
    if (this.outstanding.size >= MAX_OUTSTANDING) this.outstanding.delete(this.outstanding.keys().next().value as number);
    this.outstanding.set(mid, seq);
  }
}
