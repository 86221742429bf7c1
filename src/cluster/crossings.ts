/**
 * Bus messages this node sent to other nodes, by what they carried: peer messages by type (and
 * deliverable kind), owner calls by procedure (a call and its reply are two crossings). Read by the
 * cluster tests that state how many times a message crosses nodes (docs/cluster.md).
 */
export class Crossings {
  private readonly counts = new Map<string, number>();

  count(what: string, times = 1): void {
    if (times > 0) this.counts.set(what, (this.counts.get(what) ?? 0) + times);
  }

  /** Total so far, or of the names starting with `prefix`. */
  total(prefix = ''): number {
    let sum = 0;
    for (const [what, n] of this.counts) if (what.startsWith(prefix)) sum += n;
    return sum;
  }

  snapshot(): Record<string, number> {
    return Object.fromEntries(this.counts);
  }
}
