import type { PeerMessage, PeerMessageOf, PeerMessageType } from './peer-messages.js';

/**
 * The other nodes, as the business areas see them. Never optional: single mode wires `LocalPeers`
 * (this node only, so nothing is ever sent), cluster mode the bus-backed `PeerRelay`; callers never
 * know which (socket.io's ClusterAdapter over the in-memory Adapter, centrifuge's memory broker).
 */
export interface Peers {
  readonly nodeId: number;
  /** Whether `node` is a live member now (this node always is). */
  isLive(node: number): boolean;
  /** Nodes other than this one holding a connection of `uid`, from presence (never waits). */
  nodesOf(uid: number): readonly number[];
  /** The users among `uids` connected to other nodes, grouped by node. */
  groupByNode(uids: Iterable<number>): ReadonlyMap<number, number[]>;
  /** Whether `node` holds a connection of `uid` other than `connId`, from presence. */
  hasOtherConnection(uid: number, node: number, connId: number): boolean;
  /**
   * Fire-and-forget to one node, in order with this node's earlier sends to it. When the bus is down
   * the message is dropped and counted: the devices there resync from the store on their next sign-in
   * or gap pull, so nothing stored is lost.
   */
  send(node: number, message: PeerMessage): void;
  /** As send, to every other node (cache invalidations). */
  broadcast(message: PeerMessage): void;
  /** Receives `type` from other nodes, already checked against the catalogue. One handler per type. */
  on<T extends PeerMessageType>(type: T, handler: (message: PeerMessageOf<T>, from: number) => void): void;
  /** Why new messages are refused right now (this node cannot reach the others), or undefined. */
  unavailable(): string | undefined;
}

/** What `groupByNode` and `nodesOf` answer in single mode: shared empty ones, not new ones per delivery. */
const NO_NODES: ReadonlyMap<number, number[]> = new Map();
const NO_NODE_IDS: readonly number[] = Object.freeze([]);

/** Single mode: this node is the whole cluster, so there is never anyone to send to. */
export class LocalPeers implements Peers {
  private readonly types = new Set<PeerMessageType>();

  constructor(readonly nodeId = 0) {}

  isLive(node: number): boolean {
    return node === this.nodeId;
  }

  nodesOf(): readonly number[] {
    return NO_NODE_IDS;
  }

  groupByNode(): ReadonlyMap<number, number[]> {
    return NO_NODES;
  }

  hasOtherConnection(): boolean {
    return false;
  }

  send(node: number, message: PeerMessage): void {
    throw new Error(`no node ${node} to send '${message.type}' to: this node is alone`);
  }

  broadcast(): void {}

  on<T extends PeerMessageType>(type: T): void {
    if (this.types.has(type)) throw new Error(`peer handler for '${type}' already set`);
    this.types.add(type);
  }

  unavailable(): string | undefined {
    return undefined;
  }
}
