import { Batcher } from '../../core/index.js';

/** Keys one batched read names (`uid in (…)`): well inside every engine's bound-parameter limit. */
export const MAX_KEYS_PER_READ = 500;

/**
 * Point reads that come in storms (every sign-in reads a token version, a device cursor, its groups,
 * its contacts): concurrent calls share one query. A lone call runs at once; while a query runs, the
 * calls that arrive gather and go together in the next one. `read` answers each key, in order.
 */
export function batchedRead<K, V>(read: (keys: K[]) => Promise<V[]>): (key: K) => Promise<V> {
  const batcher = new Batcher<K, V>(read, MAX_KEYS_PER_READ);
  return (key) => batcher.submit(key);
}

/** Rows grouped by their owner's uid (in the order read), for answering each key of a batched read. */
export function groupByUid<R>(rows: readonly R[], uidOf: (row: R) => number): Map<number, R[]> {
  const grouped = new Map<number, R[]>();
  for (const row of rows) {
    const uid = uidOf(row);
    let list = grouped.get(uid);
    if (!list) grouped.set(uid, (list = []));
    list.push(row);
  }
  return grouped;
}
