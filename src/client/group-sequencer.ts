/**
 * Puts each group's items (messages and notices) in seq order without gaps. Group seqs have no holes
 * on the server, so a hole here means "pull the range": items after it are held back until the pull
 * fills it, then released in order. Duplicates (seq at or below the cursor) are dropped.
 */

interface GroupLine<T> {
  /** Everything up to here was released. */
  cursor: number;
  held: Map<number, T>;
}

export interface SeqGap {
  gid: number;
  fromSeq: number;
  toSeq: number;
}

export class GroupSequencer<T> {
  private readonly lines = new Map<number, GroupLine<T>>();

  /** Known cursors, for persisting. */
  cursors(): Record<number, number> {
    const out: Record<number, number> = {};
    for (const [gid, line] of this.lines) out[gid] = line.cursor;
    return out;
  }

  cursorOf(gid: number): number | undefined {
    return this.lines.get(gid)?.cursor;
  }

  /** Starts (or moves forward) a group's cursor without releasing anything, e.g. from a stored cursor. */
  setCursor(gid: number, seq: number): void {
    const line = this.lines.get(gid);
    if (!line) this.lines.set(gid, { cursor: seq, held: new Map() });
    else if (seq > line.cursor) this.skipTo(gid, seq);
  }

  /**
   * Offers one item; returns what may be released now, in seq order (empty when held or a duplicate).
   * The first item of an unknown group starts its line.
   */
  offer(gid: number, seq: number, item: T): T[] {
    let line = this.lines.get(gid);
    if (!line) this.lines.set(gid, (line = { cursor: seq - 1, held: new Map() }));
    if (seq <= line.cursor || line.held.has(seq)) return [];
    line.held.set(seq, item);
    return this.release(line);
  }

  /** The hole before the first held item, if any. */
  gap(gid: number): SeqGap | undefined {
    const line = this.lines.get(gid);
    if (!line || line.held.size === 0) return undefined;
    const lowest = Math.min(...line.held.keys());
    return lowest > line.cursor + 1 ? { gid, fromSeq: line.cursor + 1, toSeq: lowest - 1 } : undefined;
  }

  /** Gives up on seqs up to `seq` (a pull that could not find them) and releases what follows. */
  skipTo(gid: number, seq: number): T[] {
    const line = this.lines.get(gid);
    if (!line || seq <= line.cursor) return [];
    for (const held of line.held.keys()) if (held <= seq) line.held.delete(held);
    line.cursor = seq;
    return this.release(line);
  }

  private release(line: GroupLine<T>): T[] {
    const out: T[] = [];
    for (let next = line.held.get(line.cursor + 1); next !== undefined; next = line.held.get(line.cursor + 1)) {
      line.held.delete(line.cursor + 1);
      line.cursor++;
      out.push(next);
    }
    return out;
  }
}
