import type { NodeId } from '../bus/index.js';
import { PresenceTable } from './presence-table.js';
import type { Presence, PresenceEntry } from './types.js';

/**
 * Presence in one process: a single table. Several in-process nodes share one instance (pass the
 * same object to each), which is exactly what a shared KV gives separate processes. close() is a
 * no-op so one node closing does not take the table from the others.
 */
export class MemoryPresence implements Presence {
  private readonly table = new PresenceTable();

  async add(uid: number, device: number, node: NodeId, connId: number): Promise<void> {
    this.table.set(PresenceTable.key(uid, device, node, connId), uid, device, node, connId, 0);
  }

  async remove(uid: number, device: number, node: NodeId, connId: number): Promise<void> {
    this.table.delete(PresenceTable.key(uid, device, node, connId));
  }

  nodesOf(uid: number): readonly NodeId[] {
    return this.table.nodesOf(uid);
  }

  devicesOf(uid: number): readonly PresenceEntry[] {
    return this.table.entriesOf(uid);
  }

  groupByNode(uids: Iterable<number>): Map<NodeId, number[]> {
    return this.table.groupByNode(uids);
  }

  async removeNode(node: NodeId): Promise<void> {
    for (const key of this.table.keysOfNode(node)) this.table.delete(key);
  }

  async close(): Promise<void> {}
}
