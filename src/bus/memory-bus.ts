import { GlideError, systemClock, type Clock, type Logger } from '../core/index.js';
import { dispatch, notifyStatus, replyError, type Reply } from './dispatch.js';
import { Membership, membershipTiming, newIncarnation, type Heartbeat, type MembershipOptions } from './membership.js';
import { checkTopic } from './subjects.js';
import { BusKind, type Bus, type BusHandler, type BusMessage, type MembershipListener, type NodeId, type StatusListener } from './types.js';

interface Delivery {
  readonly message: BusMessage;
  readonly onReply?: (reply: Reply) => void;
}

type Link = 'up' | 'down' | 'dead';

/** What the hub sees of one node. */
interface Endpoint {
  readonly heartbeat: Heartbeat;
  hasHandler(topic: string): boolean;
  deliver(delivery: Delivery): void;
  /** Returns what the membership made of it, so the hub can answer a newcomer. */
  onHeartbeat(hb: Heartbeat): ReturnType<Membership['heartbeat']>;
  onLeave(hb: Heartbeat): void;
  setLink(link: Link): void;
}

/**
 * The in-process "network" several MemoryBus nodes share: cluster tests and an in-process cluster
 * run on it without NATS. It carries heartbeats like NATS would, so leases and joins behave alike.
 */
export class MemoryHub {
  /** Started, not closed. */
  private readonly nodes = new Map<NodeId, Endpoint>();
  /** Of those, the ones whose link is up. */
  private readonly connected = new Set<NodeId>();

  /**
   * The node dies without closing: it stops heartbeating and answering; peers drop it after its
   * lease. Its id is free again at once, as for a process that crashed and restarts.
   */
  kill(node: NodeId): void {
    const endpoint = this.nodes.get(node);
    this.connected.delete(node);
    this.nodes.delete(node);
    endpoint?.setLink('dead');
  }

  /** The node loses its transport (as NatsBus losing NATS) until reconnect(). */
  disconnect(node: NodeId): void {
    this.connected.delete(node);
    this.nodes.get(node)?.setLink('down');
  }

  reconnect(node: NodeId): void {
    const endpoint = this.nodes.get(node);
    if (!endpoint || this.connected.has(node)) return;
    this.connected.add(node);
    endpoint.setLink('up');
  }

  /** Registers a starting node and exchanges heartbeats with every connected one. */
  join(endpoint: Endpoint): void {
    const { node } = endpoint.heartbeat;
    if (this.nodes.has(node)) throw new GlideError('CLUSTER_NODE_ID_TAKEN', `node ${node}`);
    this.nodes.set(node, endpoint);
    this.connected.add(node);
    this.announce(node);
  }

  part(endpoint: Endpoint): void {
    const { node } = endpoint.heartbeat;
    // A killed node's id may already belong to its successor.
    if (this.nodes.get(node) !== endpoint) return;
    const wasConnected = this.connected.delete(node);
    this.nodes.delete(node);
    if (wasConnected) for (const peer of this.peers(node)) peer.onLeave(endpoint.heartbeat);
  }

  /** A heartbeat from `node` to every connected peer; a peer that did not know it answers at once. */
  announce(node: NodeId): void {
    const endpoint = this.nodes.get(node);
    if (!endpoint || !this.connected.has(node)) return;
    for (const peer of this.peers(node)) {
      if (peer.onHeartbeat(endpoint.heartbeat) === 'new') endpoint.onHeartbeat(peer.heartbeat);
    }
  }

  route(node: NodeId): Endpoint | undefined {
    return this.connected.has(node) ? this.nodes.get(node) : undefined;
  }

  connectedNodes(): IterableIterator<NodeId> {
    return this.connected.values();
  }

  private *peers(node: NodeId): Generator<Endpoint> {
    for (const id of this.connected) if (id !== node) yield this.nodes.get(id)!;
  }
}

export interface MemoryBusDeps {
  hub: MemoryHub;
  log: Logger;
  clock?: Clock;
}

/**
 * Bus engine on a MemoryHub. Deliveries are asynchronous (a per-receiver FIFO drained on
 * setImmediate), like a network, so code that works here does not rely on synchronous sends.
 */
export class MemoryBus implements Bus {
  readonly nodeId: NodeId;
  private readonly hub: MemoryHub;
  private readonly log: Logger;
  private readonly clock: Clock;
  private readonly heartbeatIntervalMs: number;
  private readonly membership: Membership;
  private readonly self: Heartbeat;
  private readonly handlers = new Map<string, BusHandler>();
  private readonly statusListeners = new Set<StatusListener>();
  private readonly inbox: Delivery[] = [];
  private isDraining = false;
  private link: Link = 'up';
  private state: 'new' | 'started' | 'closed' = 'new';
  private stopTimer: (() => void) | undefined;
  private readonly ownEndpoint: Endpoint;

  constructor(deps: MemoryBusDeps, options: MembershipOptions) {
    const timing = membershipTiming(options);
    this.nodeId = options.nodeId;
    this.hub = deps.hub;
    this.log = deps.log.child({ area: 'bus', node: options.nodeId });
    this.clock = deps.clock ?? systemClock;
    this.heartbeatIntervalMs = timing.heartbeatIntervalMs;
    this.self = { node: options.nodeId, incarnation: newIncarnation(), leaseMs: timing.leaseMs };
    this.membership = new Membership(this.self, this.clock, this.log);
    this.ownEndpoint = this.makeEndpoint();
  }

  get isConnected(): boolean {
    return this.state !== 'closed' && this.link === 'up';
  }

  async start(): Promise<void> {
    if (this.state !== 'new') throw new Error('bus already started');
    this.hub.join(this.ownEndpoint);
    this.state = 'started';
    this.stopTimer = this.clock.every(this.heartbeatIntervalMs, () => {
      if (this.link === 'up') this.hub.announce(this.nodeId);
      this.membership.expire();
    });
  }

  publish(node: NodeId, topic: string, payload: Uint8Array): void {
    this.checkSend(topic);
    const target = this.hub.route(node);
    if (target?.hasHandler(topic)) target.deliver({ message: { topic, kind: BusKind.publish, from: this.nodeId, payload } });
  }

  broadcast(topic: string, payload: Uint8Array): void {
    this.checkSend(topic);
    const message: BusMessage = { topic, kind: BusKind.broadcast, from: this.nodeId, payload };
    for (const node of this.hub.connectedNodes()) {
      const target = this.hub.route(node);
      if (target?.hasHandler(topic)) target.deliver({ message });
    }
  }

  request(node: NodeId, topic: string, payload: Uint8Array, timeoutMs: number): Promise<Uint8Array> {
    try {
      this.checkSend(topic);
    } catch (err) {
      return Promise.reject(err);
    }
    const target = this.hub.route(node);
    if (!target?.hasHandler(topic)) return Promise.reject(new GlideError('CLUSTER_NO_RESPONDER', `${topic} on node ${node}`));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new GlideError('CLUSTER_TIMEOUT', `${topic} on node ${node} after ${timeoutMs} ms`)), timeoutMs);
      const onReply = (reply: Reply): void => {
        clearTimeout(timer);
        if (reply.ok) resolve(reply.payload);
        else reject(replyError(reply.code, reply.detail, node));
      };
      target.deliver({ message: { topic, kind: BusKind.request, from: this.nodeId, payload }, onReply });
    });
  }

  handle(topic: string, handler: BusHandler): () => void {
    checkTopic(topic);
    if (this.handlers.has(topic)) throw new Error(`bus topic '${topic}' already has a handler`);
    this.handlers.set(topic, handler);
    return () => {
      if (this.handlers.get(topic) === handler) this.handlers.delete(topic);
    };
  }

  members(): readonly NodeId[] {
    return this.membership.members();
  }

  onMembership(listener: MembershipListener): () => void {
    return this.membership.onChange(listener);
  }

  onStatus(listener: StatusListener): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  async close(): Promise<void> {
    if (this.state === 'closed') return;
    const wasStarted = this.state === 'started';
    this.state = 'closed';
    this.stopTimer?.();
    if (wasStarted) this.hub.part(this.ownEndpoint);
    this.handlers.clear();
    this.membership.clear();
    this.statusListeners.clear();
    this.inbox.length = 0;
  }

  private checkSend(topic: string): void {
    checkTopic(topic);
    if (this.state === 'closed') throw new GlideError('CLUSTER_CLOSED');
    if (this.link !== 'up') throw new GlideError('CLUSTER_UNAVAILABLE', `node ${this.nodeId} is disconnected`);
  }

  private makeEndpoint(): Endpoint {
    return {
      heartbeat: this.self,
      hasHandler: (topic) => this.handlers.has(topic),
      deliver: (delivery) => this.enqueue(delivery),
      onHeartbeat: (hb) => this.membership.heartbeat(hb),
      onLeave: (hb) => this.membership.leave(hb.node, hb.incarnation),
      setLink: (link) => this.setLink(link),
    };
  }

  private setLink(link: Link): void {
    if (this.link === 'dead' || this.link === link) return;
    const wasUp = this.link === 'up';
    this.link = link;
    if (link === 'up') {
      this.membership.resume();
      this.hub.announce(this.nodeId);
    } else {
      this.membership.pause();
      this.inbox.length = 0;
      if (link === 'dead') this.stopTimer?.();
    }
    if (wasUp !== (link === 'up')) notifyStatus(this.statusListeners, link === 'up', this.log);
  }

  private enqueue(delivery: Delivery): void {
    this.inbox.push(delivery);
    if (!this.isDraining) {
      this.isDraining = true;
      setImmediate(() => this.drain());
    }
  }

  private drain(): void {
    this.isDraining = false;
    // Taken as a batch: deliveries queued by the handlers themselves go to the next turn.
    const batch = this.inbox.splice(0);
    for (const { message, onReply } of batch) {
      if (this.link !== 'up') return;
      const handler = this.handlers.get(message.topic);
      if (handler) dispatch(handler, message, this.log, onReply);
      else onReply?.({ ok: false, code: 'CLUSTER_NO_RESPONDER', detail: `${message.topic} on node ${this.nodeId}` });
    }
  }
}
