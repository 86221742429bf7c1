/**
 * How many of a group's newest seqs a connection remembers having been sent. A repeat comes within a few
 * seqs (a post fanned out again after its node's death, by the retry of its poster); one older than this
 * goes out again (clients drop a seq they have), since only what is known sent is ever held back.
 */
const WINDOW = 256;

interface GroupWindow {
  newest: number;
  /** Bit `seq % WINDOW` set: that seq (one of the newest WINDOW) was sent. */
  bits: Uint8Array;
}

/**
 * What one connection was sent of each group's sequence: each seq goes out once. A post fanned out again
 * (a retry's owner took the storing node for dead while it was only slow) or one the sign-in sync already
 * pushed is not sent twice; a seq it never had still goes out, even after later ones.
 */
export class SentSeqs {
  private readonly groups = new Map<number, GroupWindow>();

  /** Records `seq` of `gid` as sent to this connection; false when it was sent before. */
  take(gid: number, seq: number): boolean {
    const group = this.groups.get(gid);
    if (group === undefined) {
      const fresh = { newest: seq, bits: new Uint8Array(WINDOW / 8) };
      mark(fresh.bits, seq);
      this.groups.set(gid, fresh);
      return true;
    }
    if (seq > group.newest) {
      // The slots of the seqs now entering the window still hold seqs that left it.
      for (let next = Math.max(group.newest + 1, seq - WINDOW + 1); next < seq; next++) unmark(group.bits, next);
      group.newest = seq;
      mark(group.bits, seq);
      return true;
    }
    if (seq <= group.newest - WINDOW) return true;
    if (isMarked(group.bits, seq)) return false;
    mark(group.bits, seq);
    return true;
  }
}

const slot = (seq: number): number => seq % WINDOW;

function mark(bits: Uint8Array, seq: number): void {
  bits[slot(seq) >> 3]! |= 1 << (slot(seq) & 7);
}

function unmark(bits: Uint8Array, seq: number): void {
  bits[slot(seq) >> 3]! &= ~(1 << (slot(seq) & 7));
}

function isMarked(bits: Uint8Array, seq: number): boolean {
  return (bits[slot(seq) >> 3]! & (1 << (slot(seq) & 7))) !== 0;
}
