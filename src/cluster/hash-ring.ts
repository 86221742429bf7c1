import type { NodeId } from '../bus/index.js';
import { hashKey } from './hash.js';

/** Points per node: with 128, over 10 nodes the busiest carries ~1.16x the mean load (see hash-ring.test.ts). */
export const DEFAULT_VNODES = 128;

/**
 * Consistent hashing over a node set. Each node sits at `vnodes` points on a 32-bit circle; a key
 * belongs to the first point at or after its hash. Built from the set alone (not its history or
 * order), so every node that sees the same members computes the same owners, and a join or leave
 * moves only about 1/N of the keys: those between the changed node's points and their predecessors.
 */
export class HashRing {
  readonly nodes: readonly NodeId[];
  private readonly points: Uint32Array;
  private readonly owners: Int32Array;

  constructor(nodes: Iterable<NodeId>, readonly vnodes = DEFAULT_VNODES) {
    if (!Number.isInteger(vnodes) || vnodes < 1) throw new Error(`vnodes must be a positive integer, got ${vnodes}`);
    this.nodes = [...new Set(nodes)].sort((a, b) => a - b);
    const pairs: Array<[number, NodeId]> = [];
    for (const node of this.nodes) for (let i = 0; i < vnodes; i++) pairs.push([hashKey(`${node}#${i}`), node]);
    // Ties (rare) go to the lower node id, the same everywhere.
    pairs.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    this.points = Uint32Array.from(pairs, (p) => p[0]);
    this.owners = Int32Array.from(pairs, (p) => p[1]);
  }

  get isEmpty(): boolean {
    return this.nodes.length === 0;
  }

  has(node: NodeId): boolean {
    return this.nodes.includes(node);
  }

  /** The node owning `key` (a uid, a gid, or a string key). Throws on an empty ring: a bug, the ring holds at least this node. */
  ownerOf(key: string | number): NodeId {
    const { points } = this;
    if (points.length === 0) throw new Error('hash ring is empty');
    const h = hashKey(key);
    let lo = 0;
    let hi = points.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (points[mid]! < h) lo = mid + 1;
      else hi = mid;
    }
    return this.owners[lo === points.length ? 0 : lo]!;
  }

  /** True when both rings hold the same nodes (and so give every key the same owner). */
  sameNodesAs(other: HashRing): boolean {
    return this.vnodes === other.vnodes && this.nodes.length === other.nodes.length && this.nodes.every((n, i) => n === other.nodes[i]);
  }
}
