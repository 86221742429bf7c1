import type { Connection } from '../gateway/index.js';
import { DIALECTS, type Codec, type Dialect, type OutboundEnvelope, type PreparedFrame } from '../protocol/index.js';
import type { Deliverable, DeliverableKind, DeliverableOf } from './peer-messages.js';
import type { Peers } from './peers.js';

/** Where a user's signed-in connections on this node are. */
export interface ConnectionLookup {
  connectionsOf(uid: number): ReadonlySet<Connection>;
}

/** A connection anywhere in the cluster (the sender's, which gets an ack instead of the message). */
export interface ConnRef {
  node: number;
  connId: number;
  /** Whose it is, when it is signed in: a node holding no other connection of that user is not sent to for it. */
  uid?: number;
}

/** Puts one deliverable on this node's connections of `uids` (but `exceptConnId`); returns how many got it. */
export type LocalHandler<K extends DeliverableKind> = (uids: readonly number[], item: DeliverableOf<K>, exceptConnId: number | undefined) => number;

/**
 * An envelope encoded once per (codec, dialect) and the same bytes reused for every connection of
 * that pair (each stamps only its own seq). Members mostly share one pair: the last one is reused
 * without a map lookup.
 */
export class FrameCache {
  private lastCodec: Codec | undefined;
  private lastDialect: Dialect | undefined;
  private last: PreparedFrame | undefined;
  /** The frames of other pairs, made only when a second pair shows up (most pushes reach one pair: no Map per push). */
  private others: Map<string, PreparedFrame> | undefined;

  constructor(private readonly envelope: OutboundEnvelope) {}

  frameFor(conn: Connection): PreparedFrame {
    if (this.last && conn.codec === this.lastCodec && conn.dialect === this.lastDialect) return this.last;
    if (this.last) (this.others ??= new Map()).set(this.lastCodec!.name + this.lastDialect!, this.last);
    this.lastCodec = conn.codec;
    this.lastDialect = conn.dialect;
    return (this.last = this.others?.get(conn.codec.name + conn.dialect) ?? conn.codec.prepare(conn.dialect, this.envelope));
  }
}

/** Whether the excepted connection is all a node holds of `uids` (the sender alone there): then nothing goes there. */
function isOnlyConnection(peers: Peers, except: ConnRef, uids: readonly number[]): boolean {
  const { uid } = except;
  return uid !== undefined && uids.length === 1 && uids[0] === uid && !peers.hasOtherConnection(uid, except.node, except.connId);
}

/**
 * The one way anything reaches a user's devices (1:1 and group messages, receipts, contact, presence
 * and sign-in notices): this node's connections first, then one peer message per other node holding
 * receivers, carrying only the uids there. Each kind's local half is registered by the area that owns
 * its per-device state (`handle`); `push` (an envelope as it is) is built in.
 */
export class Delivery {
  private readonly handlers = new Map<DeliverableKind, (uids: readonly number[], item: Deliverable, exceptConnId: number | undefined) => number>();

  constructor(private readonly deps: { connections: ConnectionLookup; peers: Peers }) {
    deps.peers.on('deliver', ({ uids, item, exceptConnId }) => {
      // A receipt can come in the same socket read as the owner's reply to the send it confirms, whose ack.message
      // leaves from that reply's promise continuations: it waits for them, or a client gets ack.notify for a mid it
      // does not know yet (clients match receipts by mid).
      if (item.kind === 'push' && item.envelope.action === 'ack.notify') setImmediate(() => this.here(uids, item, exceptConnId));
      else this.here(uids, item, exceptConnId);
    });
    this.handle('push', (uids, item, exceptConnId) => this.pushHere(uids, item.envelope, exceptConnId, item.g2DelayMs ?? 0));
  }

  get nodeId(): number {
    return this.deps.peers.nodeId;
  }

  /** Sets the local half of `kind` (once, at start). */
  handle<K extends DeliverableKind>(kind: K, handler: LocalHandler<K>): void {
    if (this.handlers.has(kind)) throw new Error(`delivery handler for '${kind}' already set`);
    // The map is keyed by kind: the item a handler gets is always of its own kind.
    this.handlers.set(kind, (uids, item, exceptConnId) => handler(uids, item as DeliverableOf<K>, exceptConnId));
  }

  /** Delivers `item` to every connection of `uids` but `except`; returns how many connections of this node got it. */
  deliver(uids: readonly number[], item: Deliverable, except?: ConnRef): number {
    const { peers } = this.deps;
    const count = this.here(uids, item, except?.node === peers.nodeId ? except.connId : undefined);
    for (const [node, there] of peers.groupByNode(uids)) {
      if (except?.node !== node) peers.send(node, { type: 'deliver', uids: there, item });
      else if (!isOnlyConnection(peers, except, there)) peers.send(node, { type: 'deliver', uids: there, item, exceptConnId: except.connId });
    }
    return count;
  }

  /** Sends an envelope to every signed-in device of `uids` (but `except`), on any node. */
  push(uids: readonly number[], envelope: OutboundEnvelope, options?: { except?: ConnRef; g2DelayMs?: number }): number {
    const g2DelayMs = options?.g2DelayMs ?? 0;
    return this.deliver(uids, g2DelayMs > 0 ? { kind: 'push', envelope, g2DelayMs } : { kind: 'push', envelope }, options?.except);
  }

  /** How `except` names a connection of this node. */
  ref(conn: Connection): ConnRef {
    const uid = conn.identity?.uid;
    return { node: this.deps.peers.nodeId, connId: conn.id, ...(uid !== undefined ? { uid } : {}) };
  }

  /** Whether `uid` has a signed-in connection on any node. */
  isOnline(uid: number): boolean {
    return this.deps.connections.connectionsOf(uid).size > 0 || this.deps.peers.nodesOf(uid).length > 0;
  }

  /** Other nodes holding a connection of `uid`. */
  nodesOf(uid: number): readonly number[] {
    return this.deps.peers.nodesOf(uid);
  }

  /** Whether `node` is another node that is no longer live (it may have died between a store and its fan-out). */
  isGone(node: number): boolean {
    return node !== this.deps.peers.nodeId && !this.deps.peers.isLive(node);
  }

  /** Why new messages are refused right now (the other nodes are out of reach), or undefined. */
  unavailable(): string | undefined {
    return this.deps.peers.unavailable();
  }

  private here(uids: readonly number[], item: Deliverable, exceptConnId: number | undefined): number {
    const handler = this.handlers.get(item.kind);
    if (!handler) throw new Error(`no delivery handler for '${item.kind}'`);
    return handler(uids, item, exceptConnId);
  }

  private pushHere(uids: readonly number[], envelope: OutboundEnvelope, exceptConnId: number | undefined, g2DelayMs: number): number {
    const frames = new FrameCache(envelope);
    let count = 0;
    for (const uid of uids) {
      for (const conn of this.deps.connections.connectionsOf(uid)) {
        if (conn.id === exceptConnId) continue;
        const frame = frames.frameFor(conn);
        if (g2DelayMs > 0 && conn.dialect === DIALECTS.G2) setTimeout(() => conn.pushPrepared(frame), g2DelayMs).unref();
        else if (conn.pushPrepared(frame)) count++;
      }
    }
    return count;
  }
}
