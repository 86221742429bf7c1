import { runInBackground } from './background.js';
import type { Logger } from './logger-type.js';

/** A member's cursor in a group: what a round hands to the store. */
export interface MemberCursor {
  readonly gid: number;
  readonly uid: number;
  seq: number;
}

/** Cursors by gid, then uid: numeric keys, so an ack builds no key string (10,000 acks/s in a big group). */
type CursorTable = Map<number, Map<number, MemberCursor>>;

/**
 * Persists forward-only (gid, uid) cursors (acks arrive per message; the store needs only the newest per
 * member). Advances are coalesced per member: a lone advance is written at once, and a round is followed
 * by a quiet `minRoundGapMs` before the next one, so cursors that advance many times a second cost at
 * most one round per gap, not one per ack (nor one per burst of acks read in one tick). `unwritten` lets
 * readers see a cursor before its write lands; `hurry` (a disconnect, shutdown) ends the gap at once. A
 * round is written in one call (one transaction for the store), in order of first advance per group. A
 * failed round is logged and the next advance of a member retries it.
 */
export class CursorCoalescer {
  private pending: CursorTable = new Map();
  private pendingCount = 0;
  /** Being written in the current round (still newer than the store until the round ends). */
  private writing: CursorTable = new Map();
  private running: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private isHurried = false;
  private flushWaiters = 0;

  constructor(
    private readonly write: (cursors: readonly MemberCursor[]) => Promise<unknown>,
    private readonly log: Logger,
    private readonly what: string,
    private readonly minRoundGapMs = 0,
  ) {}

  /** Hot path (every ack): no allocation when the member already has a pending cursor. */
  advance(gid: number, uid: number, seq: number): void {
    let members = this.pending.get(gid);
    if (!members) this.pending.set(gid, (members = new Map()));
    const current = members.get(uid);
    if (current) {
      if (current.seq < seq) current.seq = seq;
      return;
    }
    members.set(uid, { gid, uid, seq });
    this.pendingCount++;
    if (!this.running) {
      this.running = this.drain();
      runInBackground(this.log, this.what, this.running);
    }
  }

  /** The newest seq advanced for the member and not yet known to be stored, or 0. */
  unwritten(gid: number, uid: number): number {
    return Math.max(this.pending.get(gid)?.get(uid)?.seq ?? 0, this.writing.get(gid)?.get(uid)?.seq ?? 0);
  }

  /** Writes what is pending without waiting for the gap (the rounds stay back to back until idle). */
  hurry(): void {
    if (!this.running) return;
    this.isHurried = true;
    this.wake?.();
  }

  /** Resolves when everything advanced so far is written. */
  async flushed(): Promise<void> {
    this.flushWaiters++;
    try {
      this.hurry();
      while (this.running) await this.running;
    } finally {
      this.flushWaiters--;
    }
  }

  private async drain(): Promise<void> {
    try {
      while (this.pendingCount > 0) {
        const startedAt = performance.now();
        this.writing = this.pending;
        this.pending = new Map();
        this.pendingCount = 0;
        const round: MemberCursor[] = [];
        for (const members of this.writing.values()) for (const cursor of members.values()) round.push(cursor);
        await this.write(round);
        this.writing = new Map();
        const gap = this.minRoundGapMs - (performance.now() - startedAt);
        if (gap > 0 && !this.isHurried && this.flushWaiters === 0) await this.sleep(gap);
        this.isHurried = false;
      }
    } finally {
      this.writing = new Map();
      this.running = undefined;
      this.isHurried = false;
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => this.wake?.(), ms);
      this.wake = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
    });
  }
}
