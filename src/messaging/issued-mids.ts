import { LruCache, type MidGenerator } from '../core/index.js';
import type { Peers } from '../delivery/index.js';

/** Mids remembered per node before the oldest are forgotten (a client uses its mid within moments). */
const MAX_ISSUED_MIDS = 100_000;
const MAX_MIDS_PER_REQUEST = 100;

/**
 * Mids handed out by `msg/id` that a G1 client then sends with (1:1 or group): each belongs to the
 * user it was issued to and is used once. Issuing and using are announced to every other node, since the client may send through another node than the one it asked.
 */
export class IssuedMids {
  private readonly owners = new LruCache<number, number>(MAX_ISSUED_MIDS);

  constructor(
    private readonly mids: MidGenerator,
    private readonly peers: Peers,
  ) {
    peers.on('mids.issued', ({ uid, mids }) => {
      for (const mid of mids) this.owners.set(mid, uid);
    });
    peers.on('mids.used', ({ mids }) => {
      for (const mid of mids) this.owners.delete(mid);
    });
  }

  /** New mids for `uid` (1 to 100). */
  issue(uid: number, count: number): number[] {
    const mids: number[] = [];
    for (let i = 0; i < Math.min(Math.max(count, 1), MAX_MIDS_PER_REQUEST); i++) mids.push(this.mids.next());
    this.give(uid, mids);
    return mids;
  }

  /** Whether `mid` was issued to `uid` and not used yet; if so it is used now. */
  take(uid: number, mid: number): boolean {
    if (this.owners.get(mid) !== uid) return false;
    this.owners.delete(mid);
    this.peers.broadcast({ type: 'mids.used', uid, mids: [mid] });
    return true;
  }

  /** Gives back a mid whose message could not be stored: the client's retry may use it. */
  giveBack(uid: number, mid: number): void {
    this.give(uid, [mid]);
  }

  private give(uid: number, mids: number[]): void {
    for (const mid of mids) this.owners.set(mid, uid);
    this.peers.broadcast({ type: 'mids.issued', uid, mids });
  }
}
