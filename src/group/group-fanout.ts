import type { ConnectionLookup, ConnRef, Delivery } from '../delivery/index.js';
import { FrameCache } from '../delivery/index.js';
import type { Connection } from '../gateway/index.js';
import type { OutboundEnvelope, PreparedFrame } from '../protocol/index.js';

interface HeldFrame {
  gid: number;
  seq: number;
  frame: PreparedFrame;
}

/** Live frames held for a connection while its sign-in group sync runs. */
class SyncGate {
  held: HeldFrame[] = [];
  readonly pushedUpTo = new Map<number, number>();
}

/**
 * Group fan-out through `Delivery`: this node's members first, then one peer message per other node
 * with the uids there. Each message is encoded once per (codec, dialect) and the same prepared bytes go
 * to every member connection (each stamps only its own seq). Writes only queue on each connection, so a
 * slow member never delays the others: its bounded queue overflows and it alone is cut off.
 */
export class GroupFanout {
  private readonly gates = new WeakMap<Connection, SyncGate>();

  constructor(
    private readonly connections: ConnectionLookup,
    private readonly delivery: Delivery,
  ) {
    delivery.handle('group', (uids, { envelope, gid, seq }, exceptConnId) => this.deliverHere(uids, envelope, gid, seq, exceptConnId));
  }

  /** Whether `node` is another node that is no longer live (it may have died between a store and its fan-out). */
  isGone(node: number): boolean {
    return this.delivery.isGone(node);
  }

  /** How `except` names a connection of this node. */
  here(conn: Connection): ConnRef {
    return this.delivery.ref(conn);
  }

  /** Why new posts are refused right now (the other nodes are out of reach), or undefined. */
  unavailable(): string | undefined {
    return this.delivery.unavailable();
  }

  /** Sends to every connection of `recipients` except `except`; returns how many connections of this node got it. */
  deliver(recipients: readonly number[], envelope: OutboundEnvelope, gid: number, seq: number, except?: ConnRef): number {
    return this.delivery.deliver(recipients, { kind: 'group', envelope, gid, seq }, except);
  }

  private deliverHere(recipients: readonly number[], envelope: OutboundEnvelope, gid: number, seq: number, exceptConnId: number | undefined): number {
    const frames = new FrameCache(envelope);
    let count = 0;
    for (const uid of recipients) {
      for (const conn of this.connections.connectionsOf(uid)) {
        if (conn.id === exceptConnId) continue;
        const frame = frames.frameFor(conn);
        const gate = this.gates.get(conn);
        if (gate) gate.held.push({ gid, seq, frame });
        else if (conn.pushPrepared(frame)) count++;
      }
    }
    return count;
  }

  /**
   * Runs a sign-in sync for `conn`: live group frames are held while `pushMissed` sends what the
   * store has (it reports each pushed (gid, seq)); then the held ones the sync did not cover go out.
   */
  async sync(conn: Connection, pushMissed: (pushed: (gid: number, seq: number) => void) => Promise<void>): Promise<void> {
    const gate = new SyncGate();
    this.gates.set(conn, gate);
    try {
      await pushMissed((gid, seq) => {
        if (seq > (gate.pushedUpTo.get(gid) ?? 0)) gate.pushedUpTo.set(gid, seq);
      });
    } finally {
      this.gates.delete(conn);
      // seq 0 marks frames outside the sequence (receipts, recalls): they always go out.
      for (const held of gate.held) if (held.seq === 0 || held.seq > (gate.pushedUpTo.get(held.gid) ?? 0)) conn.pushPrepared(held.frame);
    }
  }
}
