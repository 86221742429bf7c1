/**
 * What the client has of its inbox sequence (every message to or from the user gets the next
 * number). Items after a hole are held back until a sync fills it, so each conversation's messages
 * come out in order; the own sends' acks take their seq as markers. Items at or below the cursor are
 * late arrivals (the sign-in push racing an ack) and pass at once: dedup by mid decides on those.
 */

const MAX_REMEMBERED_MIDS = 50_000;

export class SeenMids {
  private readonly mids = new Set<number>();

  has(mid: number): boolean {
    return this.mids.has(mid);
  }

  add(mid: number): void {
    this.mids.add(mid);
    // Sets iterate in insertion order: drop the oldest beyond the bound.
    if (this.mids.size > MAX_REMEMBERED_MIDS) this.mids.delete(this.mids.values().next().value as number);
  }
}

export class InboxSequencer<T> {
  /** Everything up to here was released; undefined until the first seq is seen. */
  private cursor: number | undefined;
  /** Items above a hole; undefined marks an own send (nothing to release). */
  private readonly held = new Map<number, T | undefined>();

  constructor(initial?: number) {
    this.cursor = initial;
  }

  /** The seq to sync after; undefined when nothing was seen yet (the sign-in push covers a new device). */
  get lastSeq(): number | undefined {
    return this.cursor;
  }

  get hasGap(): boolean {
    return this.held.size > 0;
  }

  /** Offers the item at `seq` (undefined for an own send); returns what may be released now, in order. */
  offer(seq: number, item: T | undefined): T[] {
    if (this.cursor === undefined) this.cursor = seq - 1;
    if (seq <= this.cursor) return item === undefined ? [] : [item];
    if (!this.held.has(seq)) this.held.set(seq, item);
    return this.releaseFrom();
  }

  /** A complete sync answered up to `seq`: nothing at or below it can be missing, release it all. */
  settleUpTo(seq: number): T[] {
    const out: T[] = [];
    for (const held of [...this.held.keys()].sort((x, y) => x - y)) {
      if (held > seq) break;
      const item = this.held.get(held);
      this.held.delete(held);
      if (item !== undefined) out.push(item);
    }
    if (this.cursor === undefined || seq > this.cursor) this.cursor = seq;
    return [...out, ...this.releaseFrom()];
  }

  private releaseFrom(): T[] {
    const out: T[] = [];
    while (this.cursor !== undefined && this.held.has(this.cursor + 1)) {
      const item = this.held.get(this.cursor + 1);
      this.held.delete(this.cursor + 1);
      this.cursor++;
      if (item !== undefined) out.push(item);
    }
    return out;
  }
}
