/**
 * Seqs below a connection's newest one that it may still be sent, per group: a post whose first
 * fan-out died with the node that stored it is fanned out again by the next owner, after later seqs.
 * Older skipped seqs are forgotten (the client pulls such a hole).
 */
const MAX_GAPS = 64;

/**
 * What one connection was sent of each group's sequence: its newest seq, and the seqs below it that it
 * skipped. A seq goes out once: a post fanned out again (a retry's owner took the storing node for
 * dead while it was only slow) or one the sign-in sync already pushed is not sent twice.
 */
export class SentSeqs {
  private readonly newest = new Map<number, number>();
  /** Made by the first skip (most connections of a group get every seq in order). */
  private gaps: Map<number, Set<number>> | undefined;

  /** Records `seq` of `gid` as sent to this connection; false when it has it already (or it is too old to send now). */
  take(gid: number, seq: number): boolean {
    const newest = this.newest.get(gid);
    if (newest === undefined || seq > newest) {
      if (newest !== undefined && seq > newest + 1) this.skip(gid, newest + 1, seq - 1);
      this.newest.set(gid, seq);
      return true;
    }
    const gaps = this.gaps?.get(gid);
    if (gaps === undefined || !gaps.delete(seq)) return false;
    if (gaps.size === 0) this.gaps!.delete(gid);
    return true;
  }

  private skip(gid: number, from: number, to: number): void {
    const all = (this.gaps ??= new Map());
    let gaps = all.get(gid);
    if (gaps === undefined) all.set(gid, (gaps = new Set()));
    for (let seq = Math.max(from, to - MAX_GAPS + 1); seq <= to; seq++) gaps.add(seq);
    // Sets iterate in insertion order, which is ascending here: the oldest go first.
    for (const old of gaps) {
      if (gaps.size <= MAX_GAPS) break;
      gaps.delete(old);
    }
  }
}
