import type { MessageStore } from '../store/index.js';

/**
 * Hands out each user's inbox seqs to the one chat writer of this process. The store fences them:
 * an inbox slot is unique, so a seq another writer took first fails the batch with STORE_CONFLICT,
 * and the writer forgets the counters and tries again.
 */
export interface InboxSequencer {
  /** Makes the counters of `uids` ready for `next`. */
  load(uids: Iterable<number>): Promise<void>;
  /** The next seq of a loaded uid. */
  next(uid: number): number;
  /** Gives back the newest seqs of a batch that was not written (the counter returns to `lastSeq`). */
  rewind(uid: number, lastSeq: number): void;
  /** Drops the counters of `uids`: the next load reads them from the store. */
  forget(uids: Iterable<number>): void;
}

/**
 * Single mode: this process is the only writer of every inbox, so counters loaded once stay right.
 * `fresh` (cluster mode) reloads every counter a batch uses, since other nodes write the same inboxes
 * (a 1:1 message has two inboxes, in general owned by two different nodes): one grouped query per batch.
 */
export class StoreInboxSequencer implements InboxSequencer {
  private readonly last = new Map<number, number>();

  constructor(
    private readonly messages: MessageStore,
    private readonly options: { fresh: boolean } = { fresh: false },
  ) {}

  async load(uids: Iterable<number>): Promise<void> {
    const wanted = [...new Set(uids)].filter((uid) => this.options.fresh || !this.last.has(uid));
    if (wanted.length === 0) return;
    for (const [uid, seq] of await this.messages.lastInboxSeqs(wanted)) {
      if (this.options.fresh || !this.last.has(uid)) this.last.set(uid, seq);
    }
  }

  next(uid: number): number {
    const last = this.last.get(uid);
    if (last === undefined) throw new Error(`inbox counter of ${uid} is not loaded`);
    this.last.set(uid, last + 1);
    return last + 1;
  }

  rewind(uid: number, lastSeq: number): void {
    this.last.set(uid, lastSeq);
  }

  forget(uids: Iterable<number>): void {
    for (const uid of uids) this.last.delete(uid);
  }
}
