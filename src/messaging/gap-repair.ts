import type { Logger } from '../core/index.js';
import type { OutboundEnvelope } from '../protocol/index.js';
import type { ChatMessage, MessageStore } from '../store/index.js';
import type { DeviceState } from './device-state.js';

/** How long a seq that a later one overtook may stay missing before the store is read for it. */
const GAP_WAIT_MS = 2_000;
/** Reads for one gap before the connection is left to its next sign-in sync (its cursor stays below the gap). */
const GAP_CHECKS = 3;
/**
 * In a cluster, when a sign-in is checked again for messages its sync could not see: the owners learn of the
 * new sign-in through presence, which takes longest in a reconnect storm.
 */
export const LATE_SYNC_CHECKS_MS: readonly number[] = [2_000, 10_000];
/** Messages one repair pushes at most; the rest come with the next check or sign-in. */
const REPAIR_LIMIT = 200;
/** Connections one sweep checks at most (a reconnect storm signs in thousands a second); the rest wait a sweep. */
const SWEEP_LIMIT = 500;

interface Watch {
  dueAt: number;
  /** When the pending sign-in check is due (Infinity: none); only it reads the inbox's end. */
  lateAt: number;
  /** Later sign-in checks still to run (ms after the sign-in), soonest first. */
  lateChecks: number[];
  signedInAt: number;
  gapChecksLeft: number;
}

/** A connection whose check is due; `isLateCheck`: a sign-in check (not only a gap's). */
interface Due {
  state: DeviceState;
  isLateCheck: boolean;
}

/**
 * Reads back from the store what a live connection lacks, for the two ways a stored message can miss a live
 * device in a cluster: its push died with the node that sent it (a later message then arrives first and the
 * seq stays missing), or its owner fanned it out while it still took the receiver for offline or on another
 * node, after the new sign-in's sync had read the inbox. The first is seen (DeviceState's missing seqs); the
 * second is not, so in a cluster each sign-in is checked again a little later (`lateChecksMs`).
 */
export class GapRepair {
  private readonly watched = new Map<DeviceState, Watch>();
  private timer: NodeJS.Timeout | undefined;
  private sweeping: Promise<void> | undefined;

  constructor(
    private readonly deps: {
      messages: Pick<MessageStore, 'inboxAfter' | 'lastInboxSeq'>;
      envelopeOf: (message: ChatMessage, seq: number) => OutboundEnvelope;
      log: Logger;
      /** After a sign-in sync, when to look for messages stored past it (empty on a single node: nothing can slip by). */
      lateChecksMs: readonly number[];
      now?: () => number;
      sweepMs?: number;
    },
  ) {}

  /** A connection finished its sign-in sync. */
  signedIn(state: DeviceState): void {
    const [first, ...rest] = this.deps.lateChecksMs;
    if (first === undefined) return;
    const now = this.now();
    this.watched.set(state, { dueAt: now + first, lateAt: now + first, lateChecks: rest, signedInAt: now, gapChecksLeft: GAP_CHECKS });
    this.arm();
  }

  /** A live push left `state` with a missing seq. */
  gapSeen(state: DeviceState): void {
    const watch = this.watched.get(state);
    const dueAt = this.now() + GAP_WAIT_MS;
    if (!watch) this.watched.set(state, { dueAt, lateAt: Infinity, lateChecks: [], signedInAt: 0, gapChecksLeft: GAP_CHECKS });
    else if (watch.gapChecksLeft > 0) watch.dueAt = Math.min(watch.dueAt, dueAt);
    this.arm();
  }

  forget(state: DeviceState): void {
    this.watched.delete(state);
  }

  /** Stops watching; resolves once a repair under way is done (the store may close after). */
  async close(): Promise<void> {
    this.stop();
    this.watched.clear();
    await this.sweeping;
  }

  private stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private now(): number {
    return this.deps.now?.() ?? Date.now();
  }

  private arm(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.sweep(), this.deps.sweepMs ?? GAP_WAIT_MS / 2);
    this.timer.unref();
  }

  private sweep(): void {
    if (this.sweeping) return;
    const now = this.now();
    const due: Due[] = [];
    for (const [state, watch] of this.watched) {
      if (!state.conn.isOpen) this.watched.delete(state);
      else if (watch.dueAt <= now) {
        const isLateCheck = watch.lateAt <= now;
        // A gap that filled meanwhile needs no read (on one node an own send's ack often comes just after a later push).
        if (!isLateCheck && !state.hasMissing()) this.reschedule(state, now);
        else if (due.length < SWEEP_LIMIT) due.push({ state, isLateCheck });
      }
    }
    if (this.watched.size === 0) this.stop();
    if (due.length === 0) return;
    this.sweeping = this.repair(due, now)
      .catch((err: unknown) => this.deps.log.warn({ err }, 'gap repair failed; the next check or sign-in sync brings the messages'))
      .finally(() => (this.sweeping = undefined));
  }

  private async repair(due: readonly Due[], at: number): Promise<void> {
    // A connection with a missing seq lacks it whatever the inbox's end; only a sign-in check reads the end
    // first (one-row probes, batched across concurrent callers by the store).
    const lastSeqs = await Promise.all(due.map(({ state, isLateCheck }) => (isLateCheck && !state.hasMissing() ? this.deps.messages.lastInboxSeq(state.uid) : undefined)));
    for (const [i, { state }] of due.entries()) {
      const after = state.repairAfter();
      const lastSeq = lastSeqs[i];
      if (after !== undefined && (state.hasMissing() || (lastSeq !== undefined && state.lacksUpTo(lastSeq)))) {
        const page = await this.deps.messages.inboxAfter(state.uid, after, REPAIR_LIMIT);
        for (const { seq, message } of page.entries) state.repair(seq, message.mid, this.deps.envelopeOf(message, seq));
      }
      this.reschedule(state, at);
    }
  }

  /** After a check that ran at `at` (or found nothing to read): the next gap or sign-in check, or none. */
  private reschedule(state: DeviceState, at: number): void {
    const watch = this.watched.get(state);
    if (!watch) return;
    if (watch.lateAt <= at) {
      const next = watch.lateChecks.shift();
      watch.lateAt = next === undefined ? Infinity : watch.signedInAt + next;
    }
    const gapAt = state.hasMissing() && --watch.gapChecksLeft > 0 ? this.now() + GAP_WAIT_MS : Infinity;
    watch.dueAt = Math.min(gapAt, watch.lateAt);
    if (watch.dueAt === Infinity) this.watched.delete(state);
  }
}
