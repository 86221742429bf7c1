import { TOPIC, type Bus, type NodeId } from '../bus/index.js';
import { isGlideError, type Logger, type Peers } from '../core/index.js';
import type { Presence } from '../presence/index.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

interface Wire {
  k: string;
  b: unknown;
}

/**
 * Peers over the bus (TOPIC.deliver, JSON bodies tagged by kind) and presence. Sends to a node that is
 * gone or unreachable are dropped and counted (`onDrop`), never thrown at the caller: the stored
 * message is what counts, and the device gets it from the store.
 */
export class PeerRelay implements Peers {
  private readonly handlers = new Map<string, (body: unknown, from: number) => void>();

  constructor(
    private readonly deps: { bus: Bus; presence: Presence; log: Logger; onDrop?: (kind: string) => void },
  ) {
    deps.bus.handle(TOPIC.deliver, (message) => {
      if (message.from === deps.bus.nodeId) return;
      const wire = JSON.parse(decoder.decode(message.payload)) as Wire;
      const handler = this.handlers.get(wire.k);
      if (!handler) throw new Error(`no peer handler for '${wire.k}'`);
      handler(wire.b, message.from);
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

  send(node: NodeId, kind: string, body: unknown): void {
    this.transmit(kind, (payload) => this.deps.bus.publish(node, TOPIC.deliver, payload), body);
  }

  broadcast(kind: string, body: unknown): void {
    this.transmit(kind, (payload) => this.deps.bus.broadcast(TOPIC.deliver, payload), body);
  }

  private transmit(kind: string, write: (payload: Uint8Array) => void, body: unknown): void {
    try {
      write(encoder.encode(JSON.stringify({ k: kind, b: body } satisfies Wire)));
    } catch (err) {
      if (!isGlideError(err)) throw err;
      this.deps.onDrop?.(kind);
      this.deps.log.debug({ kind, code: err.code }, 'peer message dropped');
    }
  }

  on<T>(kind: string, handler: (body: T, from: number) => void): void {
    if (this.handlers.has(kind)) throw new Error(`peer handler for '${kind}' already set`);
    this.handlers.set(kind, handler as (body: unknown, from: number) => void);
  }
}
