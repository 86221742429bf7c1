/** A bounded least-recently-used map (Map keeps insertion order; a hit re-inserts at the end). */
export class LruCache<K, V> {
  private readonly entries = new Map<K, V>();
  /**
   * Walks the keys oldest first, made at the first eviction and kept: a fresh `keys().next()` per eviction
   * skips every deleted entry still at the front of the Map's table (up to a third of the table until V8
   * rehashes it), ~30–150 µs per eviction at 200,000 entries; a kept iterator passes each one once.
   */
  private oldest: IterableIterator<K> | undefined;

  constructor(private readonly maxEntries: number) {}

  get size(): number {
    return this.entries.size;
  }

  get(key: K): V | undefined {
    const value = this.entries.get(key);
    if (value === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  /**
   * The value without making it the most recent: for entries read once or twice after they are set
   * (a message's receipt state), where moving each hit to the end would only churn the map.
   */
  peek(key: K): V | undefined {
    return this.entries.get(key);
  }

  set(key: K, value: V): void {
    if (this.maxEntries <= 0) return;
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) this.evictOldest();
    this.entries.set(key, value);
  }

  delete(key: K): void {
    this.entries.delete(key);
    // Shrinking rehashes the table; the kept iterator would hold the outgrown ones (and their values) until the
    // next eviction, which may be far off: the next one starts from the front again.
    if (this.oldest && this.entries.size < this.maxEntries / 2) this.oldest = undefined;
  }

  /**
   * Every key the iterator has passed was evicted here, and a key set again moves past it, so its next key
   * is the oldest. An iterator that ran out stays done (V8): a new one then starts from the front.
   */
  private evictOldest(): void {
    this.oldest ??= this.entries.keys();
    let next = this.oldest.next();
    if (next.done) {
      this.oldest = this.entries.keys();
      next = this.oldest.next();
    }
    if (!next.done) this.entries.delete(next.value);
  }
}
