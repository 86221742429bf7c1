import type { Bus } from '../bus/index.js';
import { runInBackground, type Logger } from '../core/index.js';
import type { Presence } from '../presence/index.js';

export interface PresenceJanitorDeps {
  bus: Bus;
  presence: Presence;
  log: Logger;
  /**
   * How long a departed node must stay gone before its entries go: a node that only stalled (a GC
   * pause, a busy machine) past its lease is heard again within a heartbeat, and its connections are
   * still open: wiping their entries would leave them out of every delivery until they reconnect.
   */
  graceMs: number;
}

/**
 * Deletes a departed node's presence entries. One survivor does it (the lowest live id, which all
 * survivors agree on once their views agree); if it dies mid-way, the presence TTL finishes the job.
 * A node back within the grace (it stalled, or restarted under the same id) is left alone: its
 * entries must not be wiped. Returns the function that stops it.
 */
export function startPresenceJanitor(deps: PresenceJanitorDeps): () => void {
  const { bus, presence, graceMs } = deps;
  const log = deps.log.child({ area: 'presence' });
  const pending = new Set<ReturnType<typeof setTimeout>>();
  const isJanitor = (): boolean => bus.members()[0] === bus.nodeId;
  const stopListening = bus.onMembership((event) => {
    if (event.kind !== 'leave' || !isJanitor()) return;
    const { node } = event;
    const timer = setTimeout(() => {
      pending.delete(timer);
      if (bus.members().includes(node) || !bus.isConnected || !isJanitor()) return;
      log.info({ node }, 'removing presence of a departed node');
      runInBackground(log, 'presence cleanup', presence.removeNode(node));
    }, graceMs);
    timer.unref();
    pending.add(timer);
  });
  return () => {
    stopListening();
    for (const timer of pending) clearTimeout(timer);
    pending.clear();
  };
}
