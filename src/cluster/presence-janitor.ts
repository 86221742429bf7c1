import type { Bus } from '../bus/index.js';
import { runInBackground, type Logger } from '../core/index.js';
import type { Presence } from '../presence/index.js';

export interface PresenceJanitorDeps {
  bus: Bus;
  presence: Presence;
  log: Logger;
}

/**
 * Deletes a departed node's presence entries. One survivor does it (the lowest live id, which all
 * survivors agree on once their views agree); if it dies mid-way, the presence TTL finishes the job.
 * A node that left and is back already (a restart with the same id) is left alone: its new entries
 * must not be wiped. Returns the function that stops it.
 */
export function startPresenceJanitor(deps: PresenceJanitorDeps): () => void {
  const { bus, presence } = deps;
  const log = deps.log.child({ area: 'presence' });
  return bus.onMembership((event) => {
    if (event.kind !== 'leave' || event.members[0] !== bus.nodeId) return;
    const { node } = event;
    // Later in this tick a restart's join may follow the leave; decide after it.
    queueMicrotask(() => {
      if (bus.members().includes(node) || !bus.isConnected) return;
      log.info({ node }, 'removing presence of a departed node');
      runInBackground(log, 'presence cleanup', presence.removeNode(node));
    });
  });
}
