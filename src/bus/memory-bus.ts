import { GlideError, systemClock, type Clock, type Logger } from '../core/index.js';
import { Outbox, PendingRequests, receiveBatch } from './batching.js';
import { notifyStatus } from './dispatch.js';
import { encodeBatch, FrameKind } from './frames.js';
import { Membership, membershipTiming, newIncarnation, type Heartbeat, type MembershipOptions } from './membership.js';
import { checkTopic } from './subjects.js';
import type { Bus, BusHandler, MembershipListener, NodeId, StatusListener } from './types.js';

/** One batch on its way to a node (frames.ts), with its sender. */
interface Arrival {
  readonly batch: Uint8Array;
  readonly from: NodeId;
}

type Link = 'up' | 'down' | 'dead';

/** What the hub sees of one node. */
interface Endpoint {
  readonly heartbeat: Heartbeat;
  deliver(arrival: Arrival): void;
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
 * Bus engine on a MemoryHub. Sends are batched per destination and event-loop turn exactly as on NATS
 * (batching.ts), and arrivals are drained from a per-receiver FIFO on setImmediate, like a network, so
 * code that works here does not rely on synchronous sends.
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
  private readonly inbox: Arrival[] = [];
  private readonly pending = new PendingRequests();
  private readonly outbox: Outbox;
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
    this.outbox = new Outbox((node, batch, requestIds) => this.sendBatch(node, batch, requestIds), this.log);
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
    this.outbox.add(node, { kind: FrameKind.publish, id: 0, topic, payload });
  }

  broadcast(topic: string, payload: Uint8Array): void {
    this.checkSend(topic);
    // Earlier sends go first: a broadcast must not overtake them.
    this.outbox.flush();
    const batch = encodeBatch([{ kind: FrameKind.broadcast, id: 0, topic, payload }]);
    for (const node of [...this.hub.connectedNodes()]) this.hub.route(node)?.deliver({ batch, from: this.nodeId });
  }

  request(node: NodeId, topic: string, payload: Uint8Array, timeoutMs: number): Promise<Uint8Array> {
    try {
      this.checkSend(topic);
    } catch (err) {
      return Promise.reject(err);
    }
    if (!this.hub.route(node)) return Promise.reject(new GlideError('CLUSTER_NO_RESPONDER', `${topic} on node ${node}`));
    const { id, reply } = this.pending.open(node, topic, timeoutMs);
    this.outbox.add(node, { kind: FrameKind.request, id, topic, payload });
    return reply;
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
    // What this turn queued still leaves (a reply, a last notice), as NATS would have written it.
    this.outbox.flush();
    if (wasStarted) this.hub.part(this.ownEndpoint);
    this.handlers.clear();
    this.membership.clear();
    this.statusListeners.clear();
    this.inbox.length = 0;
    this.pending.failAll(() => new GlideError('CLUSTER_CLOSED'));
  }

  private checkSend(topic: string): void {
    checkTopic(topic);
    if (this.state === 'closed') throw new GlideError('CLUSTER_CLOSED');
    if (this.link !== 'up') throw new GlideError('CLUSTER_UNAVAILABLE', `node ${this.nodeId} is disconnected`);
  }

  private sendBatch(node: NodeId, batch: Uint8Array, requestIds: readonly number[]): void {
    if (this.link !== 'up') throw new GlideError('CLUSTER_UNAVAILABLE', `node ${this.nodeId} is disconnected`);
    const target = this.hub.route(node);
    // Nobody there: its requests did not run (what NATS answers as "no responders").
    if (!target) this.pending.fail(requestIds, 'CLUSTER_NO_RESPONDER');
    else target.deliver({ batch, from: this.nodeId });
  }

  private makeEndpoint(): Endpoint {
    return {
      heartbeat: this.self,
      deliver: (arrival) => this.enqueue(arrival),
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
      this.outbox.clear();
      if (link === 'dead') this.stopTimer?.();
    }
    if (wasUp !== (link === 'up')) notifyStatus(this.statusListeners, link === 'up', this.log);
  }

  private enqueue(arrival: Arrival): void {
    this.inbox.push(arrival);
    if (!this.isDraining) {
      this.isDraining = true;
      setImmediate(() => this.drain());
    }
  }

  private drain(): void {
    this.isDraining = false;
    // Taken as a batch: arrivals queued meanwhile go to the next turn.
    const arrivals = this.inbox.splice(0);
    const deps = { handlers: this.handlers, pending: this.pending, outbox: this.outbox, log: this.log, nodeId: this.nodeId };
    for (const { batch, from } of arrivals) {
      if (this.link !== 'up') return;
      try {
        receiveBatch(batch, from, deps);
      } catch (err) {
        this.log.error({ err, from }, 'bus batch unreadable');
      }
    }
  }
}
