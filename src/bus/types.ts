/**
 * A node of the cluster: the 7-bit id that also goes into its mids (0..127, see core/mid.ts). The id
 * is the node's identity on the bus; two live processes must never share one.
 */
export type NodeId = number;

/** How a message was sent, as seen by the handler. */
export const BusKind = {
  publish: 'publish',
  broadcast: 'broadcast',
  request: 'request',
} as const;
export type BusKind = (typeof BusKind)[keyof typeof BusKind];

export interface BusMessage {
  readonly topic: string;
  readonly kind: BusKind;
  /** The sending node. */
  readonly from: NodeId;
  /** Read-only: with MemoryBus the sender's own array arrives here. */
  readonly payload: Uint8Array;
}

/**
 * Handles one message. For a request, the returned bytes are the reply (nothing returned = empty
 * reply); a thrown GlideError reaches the requester with the same code, any other throw as
 * CLUSTER_REMOTE_FAILED. For publish and broadcast the result is ignored and a throw is logged.
 */
export type BusHandler = (message: BusMessage) => Uint8Array | void | Promise<Uint8Array | void>;

export interface MembershipEvent {
  readonly kind: 'join' | 'leave';
  readonly node: NodeId;
  /** Live nodes after this change, ascending, this node included. */
  readonly members: readonly NodeId[];
}

export type MembershipListener = (event: MembershipEvent) => void;
export type StatusListener = (isConnected: boolean) => void;

/**
 * Node-to-node messaging and the live node set (GlideIM's NSQ + rpcx + etcd in one).
 *
 * Ordering: messages from one sender to one receiver (publish, broadcast and request alike) reach
 * the receiver's handlers in the order they were sent; nothing is ordered across senders. Handlers
 * are called one message at a time in that order, but the bus does not wait for a returned promise
 * before calling the next: a handler that needs serial async work queues it itself.
 * Delivery: at most once. A message to a node that is gone, disconnected, or has no handler for the
 * topic is dropped (publish) or rejected (request); nothing is stored or retried by the bus.
 * Payloads: the bus may hold the caller's array until it is written, so do not modify it afterwards.
 */
export interface Bus {
  /** This node's id. */
  readonly nodeId: NodeId;
  /** False while the transport is down (NatsBus reconnecting); /health reports not ready. */
  readonly isConnected: boolean;

  /**
   * Announces this node and gathers the nodes that answer, so members() is complete when it
   * resolves. Register handlers first: a peer may send as soon as it sees this node.
   * Rejects with CLUSTER_NODE_ID_TAKEN when a live node already has this id. Call once.
   */
  start(): Promise<void>;

  /**
   * Fire-and-forget to one node (which may be this one). Throws CLUSTER_UNAVAILABLE while
   * disconnected and CLUSTER_CLOSED after close; never waits, never reports the delivery.
   */
  publish(node: NodeId, topic: string, payload: Uint8Array): void;

  /** As publish, to every node that handles `topic`, this one included. */
  broadcast(topic: string, payload: Uint8Array): void;

  /**
   * Sends to one node and resolves with its handler's reply. Rejects with CLUSTER_NO_RESPONDER
   * (retryable) at once when the node is gone or has no handler, CLUSTER_TIMEOUT (retryable) after
   * `timeoutMs` without a reply, CLUSTER_UNAVAILABLE / CLUSTER_CLOSED as publish, or the handler's
   * GlideError. Not idempotent: after a timeout the handler may still have run, so a retry must be
   * safe to repeat (make requests idempotent, e.g. by carrying a client id).
   */
  request(node: NodeId, topic: string, payload: Uint8Array, timeoutMs: number): Promise<Uint8Array>;

  /**
   * Makes `handler` receive `topic` (publish, broadcast and request). One handler per topic: a
   * second throws. Returns the function that removes it. Topics are dot-separated tokens of
   * [A-Za-z0-9_-]; their names live in bus/subjects.ts.
   */
  handle(topic: string, handler: BusHandler): () => void;

  /** Live nodes, ascending, this one included: those heard from within their lease. */
  members(): readonly NodeId[];

  /**
   * Calls `listener` on every join and leave, in the order this node saw them. A node leaves when
   * it closes (at once) or misses heartbeats for its lease. While this node is disconnected the set
   * is frozen (nobody can be judged), and after reconnecting peers get a fresh lease.
   * Returns the function that removes the listener.
   */
  onMembership(listener: MembershipListener): () => void;

  /** Calls `listener` when isConnected changes. Returns the function that removes it. */
  onStatus(listener: StatusListener): () => void;

  /**
   * Leaves the membership at once (peers see the leave without waiting for the lease), drops the
   * handlers and stops the timers. Idempotent. NatsBus leaves the NATS connection open: its owner
   * closes it after everything that shares it.
   */
  close(): Promise<void>;
}
