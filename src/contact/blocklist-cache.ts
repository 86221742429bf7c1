import { LruCache } from '../core/index.js';
import type { Peers } from '../delivery/index.js';
import type { ContactStore } from '../store/index.js';

/** Owners whose blacklist is kept in memory; each costs one Set of the uids they block. */
const MAX_CACHED_OWNERS = 100_000;

/**
 * The blacklist read on every message (`isBlocked`) served from memory: an owner's list is loaded once
 * and dropped whenever `block`/`unblock` change it through this same object; every other call goes to
 * the store. Each write is broadcast to the other nodes, which drop their copy too.
 */
export function withBlocklistCache(contacts: ContactStore, peers: Peers): ContactStore {
  const lists = new LruCache<number, ReadonlySet<number>>(MAX_CACHED_OWNERS);
  // Bumped by every write: a load that overlapped a write may have read the old list, so it is not kept.
  let writes = 0;
  const changed = (owner: number): void => {
    writes++;
    lists.delete(owner);
  };
  peers.on('blocklist.changed', ({ owner }) => changed(owner));
  const tellPeers = (owner: number): void => peers.broadcast({ type: 'blocklist.changed', owner });

  async function listOf(owner: number): Promise<ReadonlySet<number>> {
    const cached = lists.get(owner);
    if (cached) return cached;
    const writesBefore = writes;
    const set = new Set((await contacts.listBlocked(owner)).map((entry) => entry.uid));
    if (writes === writesBefore) lists.set(owner, set);
    return set;
  }

  const overrides: Partial<ContactStore> = {
    async isBlocked(owner, other) {
      return (await listOf(owner)).has(other);
    },
    // peek: read on every message; a hit need not reorder (at worst a list is loaded once more).
    isBlockedInMemory: (owner, other) => lists.peek(owner)?.has(other),
    async block(owner, other) {
      changed(owner);
      await contacts.block(owner, other);
      changed(owner);
      tellPeers(owner);
    },
    async unblock(owner, others) {
      changed(owner);
      const removed = await contacts.unblock(owner, others);
      changed(owner);
      tellPeers(owner);
      return removed;
    },
  };
  return new Proxy(contacts, {
    get(target, property, receiver) {
      const override = overrides[property as keyof ContactStore];
      if (override) return override;
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
