import type { Bus, MembershipEvent, NodeId } from '../bus/index.js';
import type { Logger } from '../core/index.js';
import { DEFAULT_VNODES, HashRing } from './hash-ring.js';

type RingKey = string | number;

/** One change of the node set, as it affects the keys. */
export interface OwnershipChange {
  /** Counts this node's ring changes (local: epochs of different nodes are not comparable). */
  readonly epoch: number;
  readonly event: MembershipEvent;
  readonly before: HashRing;
  readonly after: HashRing;
  /** This node owns `key` now and did not before: load its state (last seq) from the store before serving it. */
  isGained(key: RingKey): boolean;
  /** This node owned `key` and does not any more: stop serving it, drop its cached state. */
  isLost(key: RingKey): boolean;
  /** The keys among `keys` whose owner changed, with both owners. */
  moved<K extends RingKey>(keys: Iterable<K>): Array<{ key: K; from: NodeId; to: NodeId }>;
}

export type OwnershipListener = (change: OwnershipChange) => void;

export interface OwnershipDeps {
  bus: Bus;
  log: Logger;
}

/**
 * Who owns each uid and gid: a HashRing over the bus's live members, rebuilt on every join and
 * leave. Every node computes the same owner from the same member set; while a change propagates
 * (a heartbeat or a lease apart) two nodes may disagree, which is why the owner's writes must be
 * fenced by the store (see the cluster notes) and callers retry on the owner they compute next.
 */
export class Ownership {
  private current: HashRing;
  private currentEpoch = 0;
  private readonly listeners = new Set<OwnershipListener>();
  private readonly stopFollowing: () => void;
  private readonly self: NodeId;
  private readonly log: Logger;

  constructor(deps: OwnershipDeps, options: { vnodes?: number } = {}) {
    this.self = deps.bus.nodeId;
    this.log = deps.log.child({ area: 'cluster' });
    this.current = new HashRing(deps.bus.members(), options.vnodes ?? DEFAULT_VNODES);
    this.stopFollowing = deps.bus.onMembership((event) => this.follow(event));
  }

  get ring(): HashRing {
    return this.current;
  }

  get epoch(): number {
    return this.currentEpoch;
  }

  ownerOf(key: RingKey): NodeId {
    return this.current.ownerOf(key);
  }

  isMine(key: RingKey): boolean {
    return this.current.ownerOf(key) === this.self;
  }

  /**
   * Calls `listener` after each ring change, synchronously, before any later bus event is seen:
   * a gained key's state can be marked "load before use" before work for it arrives.
   * Returns the function that removes the listener.
   */
  onChange(listener: OwnershipListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    this.stopFollowing();
    this.listeners.clear();
  }

  private follow(event: MembershipEvent): void {
    const before = this.current;
    const after = new HashRing(event.members, before.vnodes);
    if (after.sameNodesAs(before)) return;
    this.current = after;
    const epoch = ++this.currentEpoch;
    const self = this.self;
    const change: OwnershipChange = {
      epoch,
      event,
      before,
      after,
      isGained: (key) => after.ownerOf(key) === self && before.ownerOf(key) !== self,
      isLost: (key) => before.ownerOf(key) === self && after.ownerOf(key) !== self,
      moved: (keys) => {
        const out = [];
        for (const key of keys) {
          const from = before.ownerOf(key);
          const to = after.ownerOf(key);
          if (from !== to) out.push({ key, from, to });
        }
        return out;
      },
    };
    this.log.info({ epoch, kind: event.kind, node: event.node, members: event.members }, 'ownership changed');
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch (err) {
        this.log.error({ err, epoch }, 'ownership listener failed');
      }
    }
  }
}
