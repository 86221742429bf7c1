/**
 * The other nodes of a cluster, as the business areas see them. Single mode passes none: every user
 * is then on this node. Implemented by cluster/ over the bus and presence.
 */
export interface Peers {
  readonly nodeId: number;
  /** Whether `node` is a live member now. */
  isLive(node: number): boolean;
  /** Nodes other than this one holding a connection of `uid`, from presence (never waits). */
  nodesOf(uid: number): readonly number[];
  /** The users among `uids` connected to other nodes, grouped by node. */
  groupByNode(uids: Iterable<number>): Map<number, number[]>;
  /**
   * Fire-and-forget to one node, in order with this node's earlier sends to it. When the bus is down
   * the message is dropped and counted: the devices there resync from the store on their next sign-in
   * or gap pull, so nothing stored is lost.
   */
  send(node: number, kind: string, body: unknown): void;
  /** As send, to every other node (cache invalidations). */
  broadcast(kind: string, body: unknown): void;
  /** Receives `kind` sent by other nodes. One handler per kind. Bodies arrive as JSON values. */
  on<T>(kind: string, handler: (body: T, from: number) => void): void;
}

/** Whether a remote call may be repeated after an unclear outcome (a timeout, a store conflict). */
export type CallRetry = 'idempotent' | 'at-most-once';

/** What the ring hashes: a gid, or a string such as a conversation's two uids. */
export type OwnedKey = number | string;

/**
 * Procedures that run on the node owning a key (a gid, a conversation): one writer per key across the
 * cluster. Single mode runs them in place (`localCalls`).
 */
export interface OwnedCalls {
  /**
   * Declares procedure `name` (every node declares the same ones, at start) and returns the function
   * that runs it on the owner of `key`: in place when this node owns it, else over the bus, retried on
   * the next owner while ownership moves. Arguments and results must survive JSON.
   */
  define<A, R>(name: string, retry: CallRetry, handler: (args: A) => Promise<R>): (key: OwnedKey, args: A) => Promise<R>;
}

export const localCalls: OwnedCalls = {
  define: (_name, _retry, handler) => (_key, args) => handler(args),
};
