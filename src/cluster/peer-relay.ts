import { TOPIC, type Bus, type NodeId } from '../bus/index.js';
import { isGlideError, type Logger } from '../core/index.js';
import { readPeerMessage, type PeerMessage, type PeerMessageOf, type PeerMessageType, type Peers } from '../delivery/index.js';
import type { Presence } from '../presence/index.js';
import type { Crossings } from './crossings.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Peers over the bus (TOPIC.deliver, one JSON peer message per bus message, checked against the
 * catalogue as it enters) and presence. Sends to a node that is gone or unreachable are dropped and
 * counted (`onDrop`), never thrown at the caller: the stored message is what counts, and the device
 * gets it from the store.
 */
export class PeerRelay implements Peers {
  private readonly handlers = new Map<PeerMessageType, (message: PeerMessage, from: number) => void>();

  constructor(
    private readonly deps: { bus: Bus; presence: Presence; log: Logger; crossings: Crossings; onDrop?: (type: string) => void },
  ) {
    deps.bus.handle(TOPIC.deliver, (envelope) => {
      if (envelope.from === deps.bus.nodeId) return;
      const message = readPeerMessage(JSON.parse(decoder.decode(envelope.payload)));
      const handler = this.handlers.get(message.type);
      if (!handler) throw new Error(`no peer handler for '${message.type}'`);
      handler(message, envelope.from);
    });
  }

  get nodeId(): NodeId {
    return this.deps.bus.nodeId;
  }

  isLive(node: NodeId): boolean {
    return this.deps.bus.members().includes(node);
  }

  nodesOf(uid: number): readonly NodeId[] {
    const nodes = this.deps.presence.nodesOf(uid);
    return nodes.includes(this.nodeId) ? nodes.filter((node) => node !== this.nodeId) : nodes;
  }

  groupByNode(uids: Iterable<number>): Map<NodeId, number[]> {
    const byNode = this.deps.presence.groupByNode(uids);
    byNode.delete(this.nodeId);
    return byNode;
  }

  hasOtherConnection(uid: number, node: NodeId, connId: number): boolean {
    return this.deps.presence.devicesOf(uid).some((entry) => entry.node === node && entry.connId !== connId);
  }

  send(node: NodeId, message: PeerMessage): void {
    this.transmit(message, (payload) => this.deps.bus.publish(node, TOPIC.deliver, payload), 1);
  }

  broadcast(message: PeerMessage): void {
    const others = this.deps.bus.members().length - 1;
    this.transmit(message, (payload) => this.deps.bus.broadcast(TOPIC.deliver, payload), Math.max(others, 0));
  }

  unavailable(): string | undefined {
    // Without the bus a message could be stored but not reach devices on other nodes: refuse, the client retries.
    return this.deps.bus.isConnected ? undefined : 'the cluster bus is down, retry shortly';
  }

  private transmit(message: PeerMessage, write: (payload: Uint8Array) => void, nodes: number): void {
    const type = message.type === 'deliver' ? `deliver.${message.item.kind}` : message.type;
    try {
      write(encoder.encode(JSON.stringify(message)));
      this.deps.crossings.count(type, nodes);
    } catch (err) {
      if (!isGlideError(err)) throw err;
      this.deps.onDrop?.(type);
      this.deps.log.debug({ type, code: err.code }, 'peer message dropped');
    }
  }

  on<T extends PeerMessageType>(type: T, handler: (message: PeerMessageOf<T>, from: number) => void): void {
    if (this.handlers.has(type)) throw new Error(`peer handler for '${type}' already set`);
    this.handlers.set(type, handler as (message: PeerMessage, from: number) => void);
  }
}
