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
  /** True when every key is owned here (single mode): a hot path may then skip the call and run in place. */
  readonly isAllLocal?: boolean;
}

export const localCalls: OwnedCalls = {
  define: (_name, _retry, handler) => (_key, args) => handler(args),
  isAllLocal: true,
};
