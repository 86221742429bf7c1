import type { Peers } from '../core/index.js';
import type { Connection } from '../gateway/index.js';
import type { Codec, Dialect, OutboundEnvelope, PreparedFrame } from '../protocol/index.js';

export interface ConnectionLookup {
  connectionsOf(uid: number): ReadonlySet<Connection>;
}

interface HeldFrame {
  gid: number;
  seq: number;
  frame: PreparedFrame;
}

/** A connection anywhere in the cluster (the sender's, which gets an ack instead of the message). */
export interface ConnRef {
  node: number;
  connId: number;
}

interface PeerGroupDelivery {
  uids: number[];
  envelope: OutboundEnvelope;
  gid: number;
  seq: number;
  exceptConnId?: number;
}

const PEER_GROUP_DELIVERY = 'group.deliver';

/** Live frames held for a connection while its sign-in group sync runs. */
class SyncGate {
  held: HeldFrame[] = [];
  readonly pushedUpTo = new Map<number, number>();
}

/**
 * Group fan-out: each message is encoded once per (codec, dialect) and the same prepared bytes go to
 * every member connection (each stamps only its own seq). Writes only queue on each connection, so a
 * slow member never delays the others: its bounded queue overflows and it alone is cut off.
 * In a cluster, members on other nodes get one peer message per node, with the uids there.
 */
export class GroupFanout {
  private readonly gates = new WeakMap<Connection, SyncGate>();
  private readonly nodeId: number;

  constructor(
    private readonly connections: ConnectionLookup,
    private readonly peers?: Peers,
  ) {
    this.nodeId = peers?.nodeId ?? 0;
    peers?.on<PeerGroupDelivery>(PEER_GROUP_DELIVERY, (d) => this.deliverHere(d.uids, d.envelope, d.gid, d.seq, d.exceptConnId));
  }

  /** Whether `node` is another node that is no longer live (it may have died between a store and its fan-out). */
  isGone(node: number): boolean {
    return this.peers !== undefined && node !== this.nodeId && !this.peers.isLive(node);
  }

  /** How `except` names a connection of this node. */
  here(conn: Connection): ConnRef {
    return { node: this.nodeId, connId: conn.id };
  }

  /** Sends to every connection of `recipients` except `except`; returns how many connections of this node got it. */
  deliver(recipients: readonly number[], envelope: OutboundEnvelope, gid: number, seq: number, except?: ConnRef): number {
    const { peers } = this;
    if (peers) {
      for (const [node, uids] of peers.groupByNode(recipients)) {
        peers.send(node, PEER_GROUP_DELIVERY, { uids, envelope, gid, seq, ...(except?.node === node ? { exceptConnId: except.connId } : {}) } satisfies PeerGroupDelivery);
      }
    }
    return this.deliverHere(recipients, envelope, gid, seq, except?.node === this.nodeId ? except.connId : undefined);
  }

  private deliverHere(recipients: readonly number[], envelope: OutboundEnvelope, gid: number, seq: number, exceptConnId: number | undefined): number {
    const frames = new Map<string, PreparedFrame>();
    // Members mostly share one codec and dialect: the last pair's frame is reused without a map lookup.
    let lastCodec: Codec | undefined;
    let lastDialect: Dialect | undefined;
    let frame: PreparedFrame | undefined;
    let count = 0;
    for (const uid of recipients) {
      for (const conn of this.connections.connectionsOf(uid)) {
        if (conn.id === exceptConnId) continue;
        if (conn.codec !== lastCodec || conn.dialect !== lastDialect || !frame) {
          lastCodec = conn.codec;
          lastDialect = conn.dialect;
          const key = conn.codec.name + conn.dialect;
          frame = frames.get(key);
          if (!frame) frames.set(key, (frame = conn.codec.prepare(conn.dialect, envelope)));
        }
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
