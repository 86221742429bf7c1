import { errors, type Msg, type NatsConnection, type Subscription } from '@nats-io/transport-node';
import { GlideError, stacklessError, systemClock, type Clock, type Logger } from '../core/index.js';
import { Outbox, PendingRequests, receiveBatch } from './batching.js';
import { notifyStatus } from './dispatch.js';
import { encodeBatch, FrameKind } from './frames.js';
import { decodeHeartbeat, encodeHeartbeat, Membership, membershipTiming, newIncarnation, type Heartbeat, type MembershipOptions } from './membership.js';
import { followNatsStatus } from './nats-connection.js';
import { checkTopic, DEFAULT_CLUSTER_PREFIX, senderAt, Subjects } from './subjects.js';
import type { Bus, BusHandler, MembershipListener, NodeId, StatusListener } from './types.js';

export interface NatsBusDeps {
  /** Shared with presence and the node id lease; the bus never closes it. */
  nc: NatsConnection;
  log: Logger;
  clock?: Clock;
}

export interface NatsBusOptions extends MembershipOptions {
  /** Subject prefix of this cluster (see subjects.ts). */
  prefix?: string;
  /** How long start() waits for live nodes to answer its hello. */
  helloWaitMs?: number;
  /** Least time between two flushes of the batches to other nodes (see Outbox); BUS_GATHER_MS by default (`cluster.busGatherMs`). */
  gatherMs?: number;
}

/**
 * The flush floor on NATS. Each NATS message costs the sending node a socket write, NATS a read, a route and
 * a write, and the receiving node a wake-up and a read; a chat message is 3 frames on 3 nodes, and a node
 * that keeps up with its load sends them as they come, one per batch. With 4 ms a pair of nodes exchanges at
 * most 250 batches a second each way, whatever the message rate, for at most 4 ms more per crossing.
 */
export const BUS_GATHER_MS = 4;

/** What NATS failures mean to a caller. */
function translate(err: unknown, what: string): GlideError {
  if (err instanceof GlideError) return err;
  if (err instanceof errors.TimeoutError) return stacklessError('CLUSTER_TIMEOUT', what, { cause: err });
  const isNoResponders = err instanceof errors.NoRespondersError || (err instanceof errors.RequestError && err.isNoResponders());
  if (isNoResponders) return stacklessError('CLUSTER_NO_RESPONDER', what, { cause: err });
  return new GlideError('CLUSTER_UNAVAILABLE', what, { cause: err });
}

/**
 * Bus engine on NATS core. What this node sends another in one event-loop turn (publishes, requests,
 * replies) leaves as ONE NATS message on `<p>.x.<to>.<from>` (batching.ts, frames.ts): NATS's cost is per
 * message, and a chat message is several bus frames. One subject per (receiver, sender) keeps per-pair
 * order (NATS orders one connection's messages to one subscriber). A batch holding requests carries a
 * reply subject, so NATS's "no responders" answers at once for a dead node; a missing handler is
 * answered by the receiving node. Membership is heartbeat
 * messages with leases judged by each receiver (see membership.ts), not a KV: leases then cost no
 * storage, expiry needs no polling (NATS 2.9 KV sends no event when max_age drops a key), and a
 * leave is seen at once.
 */
export class NatsBus implements Bus {
  readonly nodeId: NodeId;
  private readonly nc: NatsConnection;
  private readonly log: Logger;
  private readonly clock: Clock;
  private readonly subjects: Subjects;
  private readonly heartbeatIntervalMs: number;
  private readonly helloWaitMs: number;
  private readonly self: Heartbeat;
  private readonly selfBytes: Uint8Array;
  private readonly membership: Membership;
  private readonly handlers = new Map<string, BusHandler>();
  private readonly systemSubs: Subscription[] = [];
  private readonly pending = new PendingRequests();
  private readonly outbox: Outbox;
  /** Numbers the batches that carry requests, so a "no responders" answer names its requests. */
  private batchSeq = 0;
  private dataSubs: Subscription[] | undefined;
  private readonly statusListeners = new Set<StatusListener>();
  private state: 'new' | 'started' | 'closed' = 'new';
  private isLinkUp: boolean;
  private hasConflict = false;
  private isAnnounced = false;
  private stopTimer: (() => void) | undefined;
  private stopStatus: (() => void) | undefined;

  constructor(deps: NatsBusDeps, options: NatsBusOptions) {
    const timing = membershipTiming(options);
    this.nodeId = options.nodeId;
    this.nc = deps.nc;
    this.log = deps.log.child({ area: 'bus', node: options.nodeId });
    this.clock = deps.clock ?? systemClock;
    this.subjects = new Subjects(options.prefix ?? DEFAULT_CLUSTER_PREFIX);
    this.heartbeatIntervalMs = timing.heartbeatIntervalMs;
    this.helloWaitMs = options.helloWaitMs ?? 1_000;
    this.self = { node: options.nodeId, incarnation: newIncarnation(), leaseMs: timing.leaseMs };
    this.selfBytes = encodeHeartbeat(this.self);
    this.membership = new Membership(this.self, this.clock, this.log);
    this.isLinkUp = !this.nc.isClosed();
    this.outbox = new Outbox((node, batch, requestIds) => this.sendBatch(node, batch, requestIds), this.log, options.gatherMs ?? BUS_GATHER_MS);
  }

  get isConnected(): boolean {
    return this.state !== 'closed' && this.isLinkUp;
  }

  async start(): Promise<void> {
    if (this.state !== 'new') throw new Error('bus already started');
    this.state = 'started';
    this.stopStatus = followNatsStatus(this.nc, this.log, (isUp) => this.setLink(isUp));
    this.subscribeData();
    this.systemSubs.push(
      this.nc.subscribe(this.subjects.heartbeat, { callback: (err, msg) => this.onHeartbeat(err, msg) }),
      this.nc.subscribe(this.subjects.leave, { callback: (err, msg) => this.onLeave(err, msg) }),
    );
    try {
      await this.nc.flush();
      await this.gatherHello();
    } catch (err) {
      await this.close();
      throw translate(err, 'joining the cluster');
    }
    if (this.hasConflict) {
      await this.close();
      throw new GlideError('CLUSTER_NODE_ID_TAKEN', `node ${this.nodeId}`);
    }
    // Peers learn this node from its first heartbeat, sent only once its id is known to be free.
    this.isAnnounced = true;
    this.announce();
    // Answer later starters only now: while gathering, silence made an empty cluster answer at once.
    this.systemSubs.push(this.nc.subscribe(this.subjects.hello, { callback: (err, msg) => this.onHello(err, msg) }));
    await this.nc.flush().catch(() => undefined);
    // Every node beats on the wall clock's second (phase 0), so a node reads its peers' heartbeats in one
    // or two wake-ups a period instead of one per peer (N² reads across the cluster). Leases are judged
    // half a period later, once that round has arrived: checked with the beats, a peer would always look
    // a period staler than it is (a later drop after a death, less stall tolerated).
    const stopBeat = this.clock.every(
      this.heartbeatIntervalMs,
      () => {
        if (this.isConnected) this.announce();
      },
      { phaseMs: 0 },
    );
    const stopExpire = this.clock.every(this.heartbeatIntervalMs, () => this.membership.expire(), { phaseMs: this.heartbeatIntervalMs / 2 });
    this.stopTimer = () => {
      stopBeat();
      stopExpire();
    };
  }

  publish(node: NodeId, topic: string, payload: Uint8Array): void {
    this.checkSend(topic);
    this.outbox.add(node, { kind: FrameKind.publish, id: 0, topic, payload });
  }

  broadcast(topic: string, payload: Uint8Array): void {
    this.checkSend(topic);
    // Earlier sends go first: a broadcast must not overtake them.
    this.outbox.flush();
    try {
      this.nc.publish(this.subjects.broadcast(this.nodeId), encodeBatch([{ kind: FrameKind.broadcast, id: 0, topic, payload }]));
    } catch (err) {
      throw translate(err, topic);
    }
  }

  request(node: NodeId, topic: string, payload: Uint8Array, timeoutMs: number): Promise<Uint8Array> {
    try {
      this.checkSend(topic);
    } catch (err) {
      return Promise.reject(err);
    }
    this.subscribeData();
    const { id, reply } = this.pending.open(node, topic, timeoutMs);
    this.outbox.add(node, { kind: FrameKind.request, id, topic, payload });
    return reply;
  }

  handle(topic: string, handler: BusHandler): () => void {
    checkTopic(topic);
    if (this.state === 'closed') throw new GlideError('CLUSTER_CLOSED');
    if (this.handlers.has(topic)) throw new Error(`bus topic '${topic}' already has a handler`);
    this.subscribeData();
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
    this.state = 'closed';
    this.stopTimer?.();
    this.stopStatus?.();
    // What this turn queued still leaves (a reply, a last notice).
    if (this.isLinkUp) this.outbox.flush();
    this.outbox.clear();
    for (const sub of [...(this.dataSubs ?? []), ...this.systemSubs]) sub.unsubscribe();
    this.handlers.clear();
    this.pending.failAll(() => new GlideError('CLUSTER_CLOSED'));
    this.membership.clear();
    this.statusListeners.clear();
    if (this.isAnnounced && this.isLinkUp && !this.nc.isClosed()) {
      try {
        this.nc.publish(this.subjects.leave, this.selfBytes);
        await this.nc.flush();
      } catch (err) {
        this.log.warn({ err }, 'leave not sent; peers drop this node after its lease');
      }
    }
  }

  private checkSend(topic: string): void {
    checkTopic(topic);
    if (this.state === 'closed') throw new GlideError('CLUSTER_CLOSED');
    if (!this.isLinkUp) throw new GlideError('CLUSTER_UNAVAILABLE', 'NATS connection lost');
  }

  /**
   * The batch subscriptions, made once (by the first handle, request or start): batches sent to this node,
   * broadcasts, and the "no responders" answers to batches that carried requests.
   */
  private subscribeData(): void {
    if (this.dataSubs) return;
    const direct = this.subjects.toNodeFromOffset(this.nodeId);
    const broadcast = this.subjects.broadcastFromOffset();
    const seqAt = this.subjects.noRespondersSeqOffset(this.nodeId);
    this.dataSubs = [
      this.nc.subscribe(this.subjects.toNodeFilter(this.nodeId), { callback: (err, msg) => this.onBatch(err, msg, direct) }),
      this.nc.subscribe(this.subjects.broadcastFilter(), { callback: (err, msg) => this.onBatch(err, msg, broadcast) }),
      this.nc.subscribe(this.subjects.noRespondersFilter(this.nodeId), {
        callback: (err, msg) => {
          if (!err && msg.headers?.code === 503) this.pending.noResponderBatch(Number(msg.subject.slice(seqAt)));
        },
      }),
    ];
  }

  private sendBatch(node: NodeId, batch: Uint8Array, requestIds: readonly number[]): void {
    if (!this.isLinkUp) {
      // Lost with the link: its requests never ran, and say so now rather than at their timeout.
      this.pending.fail(requestIds, 'CLUSTER_UNAVAILABLE');
      throw new GlideError('CLUSTER_UNAVAILABLE', 'NATS connection lost');
    }
    const subject = this.subjects.toNode(node, this.nodeId);
    if (requestIds.length === 0) {
      this.nc.publish(subject, batch);
      return;
    }
    const seq = ++this.batchSeq;
    this.pending.tagBatch(requestIds, seq);
    this.nc.publish(subject, batch, { reply: this.subjects.noResponders(this.nodeId, seq) });
  }

  private onBatch(err: Error | null, msg: Msg, fromOffset: number): void {
    if (err) {
      this.log.error({ err }, 'bus subscription failed');
      return;
    }
    const from = senderAt(msg.subject, fromOffset);
    try {
      receiveBatch(msg.data, from, { handlers: this.handlers, pending: this.pending, outbox: this.outbox, log: this.log, nodeId: this.nodeId });
    } catch (err) {
      this.log.error({ err, from }, 'bus batch unreadable');
    }
  }

  private onHeartbeat(err: Error | null, msg: Msg): void {
    const hb = err ? undefined : decodeHeartbeat(msg.data);
    if (!hb) return;
    const result = this.membership.heartbeat(hb);
    // A newcomer learns this node now instead of a period later (covers two nodes starting together).
    if (result === 'new' && this.isAnnounced && this.isConnected) this.announce();
    if (result === 'conflict') this.reportConflict(hb);
  }

  /** Answers only: the newcomer joins with its first heartbeat, after it knows its id is free. */
  private onHello(err: Error | null, msg: Msg): void {
    if (!err && decodeHeartbeat(msg.data)) msg.respond(this.selfBytes);
  }

  private onLeave(err: Error | null, msg: Msg): void {
    const hb = err ? undefined : decodeHeartbeat(msg.data);
    if (hb) this.membership.leave(hb.node, hb.incarnation);
  }

  /** Asks the live nodes to answer at once, so members() is complete when start() resolves. */
  private async gatherHello(): Promise<void> {
    let replies: AsyncIterable<Msg>;
    try {
      replies = await this.nc.requestMany(this.subjects.hello, this.selfBytes, { strategy: 'stall', stall: Math.min(100, this.helloWaitMs), maxWait: this.helloWaitMs });
    } catch (err) {
      if (translate(err, 'hello').code === 'CLUSTER_NO_RESPONDER') return;
      throw err;
    }
    try {
      for await (const msg of replies) {
        const hb = decodeHeartbeat(msg.data);
        if (hb && this.membership.heartbeat(hb) === 'conflict') this.hasConflict = true;
      }
    } catch (err) {
      // No responders: nobody else is up yet.
      if (translate(err, 'hello').code !== 'CLUSTER_NO_RESPONDER') throw err;
    }
  }

  /** One heartbeat now. A closed connection only means the status loop has not caught up yet. */
  private announce(): void {
    try {
      this.nc.publish(this.subjects.heartbeat, this.selfBytes);
    } catch (err) {
      this.log.debug({ err }, 'heartbeat not sent');
    }
  }

  private reportConflict(hb: Heartbeat): void {
    if (this.state === 'started' && !this.hasConflict) this.log.error({ incarnation: hb.incarnation }, 'another process uses this node id');
    this.hasConflict = true;
  }

  private setLink(isUp: boolean): void {
    if (this.state === 'closed' || isUp === this.isLinkUp) return;
    this.isLinkUp = isUp;
    if (isUp) {
      this.membership.resume();
      // Peers that dropped this node meanwhile take it back now (and answer with their own).
      this.announce();
    } else {
      this.membership.pause();
    }
    notifyStatus(this.statusListeners, isUp, this.log);
  }
}
