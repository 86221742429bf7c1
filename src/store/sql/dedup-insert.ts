import { GlideError } from '../../core/index.js';

/** How one kind of message is deduplicated and inserted; all calls run inside the caller's transaction. */
export interface DedupOps<T, R> {
  /** Idempotency key; null means never a duplicate. */
  key(item: T): string | null;
  /** Identity of a row this batch inserted (compared with `ownRows`). */
  identity(item: T): string;
  /** What the result of a newly stored item carries. */
  ref(item: T): R;
  /** Multi-row insert that skips rows whose key is taken; returns the affected-row count. */
  insert(items: T[]): Promise<number>;
  /** Whether a skipped row leaves the affected count (MySQL FOUND_ROWS counts it). */
  countsSkippedRows: boolean;
  /** Identities of the stored rows holding the mids of `items`. */
  ownRows(items: T[]): Promise<Set<string>>;
  /** The stored ref for each key of `items` that is taken. */
  storedByKey(items: T[]): Promise<Map<string, R>>;
}

export interface DedupOutcome<T, R> {
  /** One per input, in input order. */
  results: Array<{ stored: R; isDuplicate: boolean }>;
  /** The inputs actually written, in input order. */
  inserted: T[];
}

/**
 * Inserts a batch once per key: later copies within the batch and keys already stored become
 * duplicates carrying the stored ref. The insert skips taken keys instead of failing, so a concurrent
 * writer of the same key cannot abort the batch; a row skipped for any other unique key (possible
 * only on MySQL, where the skip is not per key) is reported as STORE_CONFLICT, as the other engines do.
 */
export async function insertDeduplicated<T, R>(items: readonly T[], ops: DedupOps<T, R>): Promise<DedupOutcome<T, R>> {
  const firstOfKey = new Map<string, number>();
  const origin: number[] = [];
  const fresh: T[] = [];
  items.forEach((item, i) => {
    const key = ops.key(item);
    const first = key === null ? undefined : firstOfKey.get(key);
    if (first !== undefined) {
      origin.push(first);
      return;
    }
    if (key !== null) firstOfKey.set(key, i);
    origin.push(i);
    fresh.push(item);
  });

  let skipped = new Set<T>();
  if (fresh.length > 0) {
    const affected = await ops.insert(fresh);
    if (ops.countsSkippedRows || affected < fresh.length) {
      const own = await ops.ownRows(fresh);
      skipped = new Set(fresh.filter((item) => !own.has(ops.identity(item))));
    }
  }
  const stored = skipped.size > 0 ? await ops.storedByKey([...skipped]) : new Map<string, R>();

  const results: Array<{ stored: R; isDuplicate: boolean }> = [];
  items.forEach((item, i) => {
    const first = origin[i] ?? i;
    if (first !== i) {
      const firstResult = results[first];
      if (!firstResult) throw new Error('dedup: first occurrence must come earlier');
      results.push({ stored: firstResult.stored, isDuplicate: true });
      return;
    }
    if (!skipped.has(item)) {
      results.push({ stored: ops.ref(item), isDuplicate: false });
      return;
    }
    const key = ops.key(item);
    const existing = key === null ? undefined : stored.get(key);
    if (existing === undefined) throw new GlideError('STORE_CONFLICT', `row ${ops.identity(item)} collides with a stored one`);
    results.push({ stored: existing, isDuplicate: true });
  });
  return { results, inserted: fresh.filter((item) => !skipped.has(item)) };
}
