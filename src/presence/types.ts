import type { NodeId } from '../bus/index.js';

/** One live connection of a user: its device kind, the node holding the socket, that node's connection id. */
export interface PresenceEntry {
  readonly device: number;
  readonly node: NodeId;
  readonly connId: number;
}

/**
 * Where each (uid, device) is connected (GlideIM's dispatch table): the gateway that accepts a
 * connection adds it, the gateway that loses it removes it, and delivery asks where a user is.
 *
 * Consistency: a node sees its own add/remove at once (read-your-writes on the same instance);
 * other nodes see it once it reaches them (NatsPresence: a KV watch, typically well under a
 * millisecond on a LAN). A message sent in that window to a device that just connected is not
 * pushed live, which loses nothing: a connection syncs its inbox after it signs in.
 * Idempotency: add of a present entry and remove of an absent one are no-ops.
 * Ordering: calls from one instance take effect in call order.
 * Errors: add and remove do not fail when the backing service is away (the instance keeps them and
 * writes them once it is back); NatsPresence rejects with CLUSTER_CLOSED after close; reads never fail
 * and are synchronous: they
 * answer from what is known locally, so callers keep their own order (delivery does not wait).
 */
export interface Presence {
  /** Records a connection. The adding node keeps it alive until remove (NatsPresence refreshes it). */
  add(uid: number, device: number, node: NodeId, connId: number): Promise<void>;

  /** Forgets a connection. */
  remove(uid: number, device: number, node: NodeId, connId: number): Promise<void>;

  /** The nodes holding any connection of `uid`, ascending, each once; [] when offline. */
  nodesOf(uid: number): readonly NodeId[];

  /** Every connection of `uid`, ordered by device, node, connId (cross-node kicks, multi-device). */
  devicesOf(uid: number): readonly PresenceEntry[];

  /** The online ones among `uids`, grouped by node (group fan-out: one bus message per node). */
  groupByNode(uids: Iterable<number>): Map<NodeId, number[]>;

  /**
   * Drops every entry of `node` (a node that died, or this node at boot, clearing what an earlier
   * run left behind). Other nodes' entries are untouched.
   */
  removeNode(node: NodeId): Promise<void>;

  /** Stops background work (refresh, watch). Entries already stored are left to removeNode/TTL. Idempotent. */
  close(): Promise<void>;
}
