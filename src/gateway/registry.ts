import type { BaseConnection } from './connection.js';
import type { ConnectionIdentity } from './types.js';

/** The connections of this process: by id, and the signed-in ones by uid. */
export class LocalRegistry {
  private readonly byId = new Map<number, BaseConnection>();
  private readonly byUid = new Map<number, Set<BaseConnection>>();

  get size(): number {
    return this.byId.size;
  }

  get signedInUsers(): number {
    return this.byUid.size;
  }

  add(conn: BaseConnection): void {
    this.byId.set(conn.id, conn);
  }

  get(id: number): BaseConnection | undefined {
    return this.byId.get(id);
  }

  all(): IterableIterator<BaseConnection> {
    return this.byId.values();
  }

  /** Signs a connection in (or re-binds it to another identity). */
  bind(conn: BaseConnection, identity: ConnectionIdentity): void {
    this.unbind(conn);
    conn.identity = identity;
    let set = this.byUid.get(identity.uid);
    if (!set) this.byUid.set(identity.uid, (set = new Set()));
    set.add(conn);
  }

  /** The open connections of a user (all devices). */
  connectionsOf(uid: number): ReadonlySet<BaseConnection> {
    return this.byUid.get(uid) ?? EMPTY;
  }

  /** Forgets a closed connection; it keeps its identity so close listeners still know whose it was. */
  remove(conn: BaseConnection): void {
    this.byId.delete(conn.id);
    if (!conn.identity) return;
    const set = this.byUid.get(conn.identity.uid);
    set?.delete(conn);
    if (set?.size === 0) this.byUid.delete(conn.identity.uid);
  }

  unbind(conn: BaseConnection): void {
    if (!conn.identity) return;
    const set = this.byUid.get(conn.identity.uid);
    if (set) {
      set.delete(conn);
      if (set.size === 0) this.byUid.delete(conn.identity.uid);
    }
    conn.identity = undefined;
  }
}

const EMPTY: ReadonlySet<BaseConnection> = new Set();
