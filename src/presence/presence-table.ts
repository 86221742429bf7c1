import type { NodeId } from '../bus/index.js';
import type { PresenceEntry } from './types.js';

interface Row extends PresenceEntry {
  readonly uid: number;
  /** When this node last heard of the entry (its own clock), for engines that expire entries. */
  seenAt: number;
}

function byDeviceNodeConn(a: PresenceEntry, b: PresenceEntry): number {
  return a.device - b.device || a.node - b.node || a.connId - b.connId;
}

/**
 * The in-memory index both engines read from: entries by key, with uid and node indexes so that
 * nodesOf and removeNode cost what they return, not the table size.
 */
export class PresenceTable {
  private readonly rows = new Map<string, Row>();
  /** A user's keys: the one key itself for most users (a Set per user cost ~120 bytes per entry on every node). */
  private readonly byUid = new Map<number, string | Set<string>>();
  private readonly byNode = new Map<NodeId, Set<string>>();

  static key(uid: number, device: number, node: NodeId, connId: number): string {
    return `u.${uid}.${device}.${node}.${connId}`;
  }

  /** The parts of a key made by `key`, or undefined for anything else. */
  static parse(key: string): { uid: number; device: number; node: NodeId; connId: number } | undefined {
    const parts = key.split('.');
    if (parts.length !== 5 || parts[0] !== 'u') return undefined;
    const [uid, device, node, connId] = parts.slice(1).map(Number) as [number, number, number, number];
    if (![uid, device, node, connId].every(Number.isSafeInteger)) return undefined;
    return { uid, device, node, connId };
  }

  get size(): number {
    return this.rows.size;
  }

  set(key: string, uid: number, device: number, node: NodeId, connId: number, seenAt: number): void {
    const row = this.rows.get(key);
    if (row) {
      row.seenAt = seenAt;
      return;
    }
    this.rows.set(key, { uid, device, node, connId, seenAt });
    const keys = this.byUid.get(uid);
    if (keys === undefined) this.byUid.set(uid, key);
    else if (typeof keys === 'string') this.byUid.set(uid, new Set([keys, key]));
    else keys.add(key);
    index(this.byNode, node, key);
  }

  delete(key: string): void {
    const row = this.rows.get(key);
    if (!row) return;
    this.rows.delete(key);
    const keys = this.byUid.get(row.uid);
    if (keys === key) this.byUid.delete(row.uid);
    else if (typeof keys === 'object') {
      keys.delete(key);
      if (keys.size === 1) this.byUid.set(row.uid, keys.values().next().value!);
    }
    unindex(this.byNode, row.node, key);
  }

  /** Rows of `uid`; rows last seen before `staleBefore` are dropped on the way. */
  entriesOf(uid: number, staleBefore = -Infinity): PresenceEntry[] {
    const keys = this.byUid.get(uid);
    if (keys === undefined) return [];
    const out: PresenceEntry[] = [];
    // A copy: a stale row's delete changes the user's keys.
    for (const key of typeof keys === 'string' ? [keys] : [...keys]) {
      const row = this.rows.get(key)!;
      if (row.seenAt < staleBefore) this.delete(key);
      else out.push({ device: row.device, node: row.node, connId: row.connId });
    }
    return out.sort(byDeviceNodeConn);
  }

  /** Nodes holding `uid`, ascending. Read per fan-out and receipt: no entry objects, no sort for one node. */
  nodesOf(uid: number, staleBefore = -Infinity): NodeId[] {
    const keys = this.byUid.get(uid);
    if (keys === undefined) return [];
    if (typeof keys === 'string') {
      const row = this.rows.get(keys)!;
      if (row.seenAt >= staleBefore) return [row.node];
      this.delete(keys);
      return [];
    }
    const nodes: NodeId[] = [];
    // Deleting the current key while iterating a Set is safe; a demotion to a string key replaces, not mutates, it.
    for (const key of keys) {
      const row = this.rows.get(key)!;
      if (row.seenAt < staleBefore) this.delete(key);
      else if (!nodes.includes(row.node)) nodes.push(row.node);
    }
    return nodes.length > 1 ? nodes.sort((a, b) => a - b) : nodes;
  }

  groupByNode(uids: Iterable<number>, staleBefore?: number): Map<NodeId, number[]> {
    const out = new Map<NodeId, number[]>();
    // One uid (every 1:1 fan-out and receipt) needs no dedup set.
    for (const uid of Array.isArray(uids) && uids.length === 1 ? uids : new Set(uids)) {
      for (const node of this.nodesOf(uid, staleBefore)) {
        const list = out.get(node);
        if (list) list.push(uid);
        else out.set(node, [uid]);
      }
    }
    return out;
  }

  keysOfNode(node: NodeId): string[] {
    return [...(this.byNode.get(node) ?? [])];
  }

  clear(): void {
    this.rows.clear();
    this.byUid.clear();
    this.byNode.clear();
  }
}

function index<K>(map: Map<K, Set<string>>, k: K, key: string): void {
  const set = map.get(k);
  if (set) set.add(key);
  else map.set(k, new Set([key]));
}

function unindex<K>(map: Map<K, Set<string>>, k: K, key: string): void {
  const set = map.get(k);
  if (!set) return;
  set.delete(key);
  if (set.size === 0) map.delete(k);
}
