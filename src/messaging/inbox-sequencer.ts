import type { MessageStore } from '../store/index.js';

/**
 * Hands out each user's inbox seqs. The caller must be the only writer of those inboxes (in single mode
 * the one chat writer; in a cluster the owner node of the uid), so a counter in memory is enough once it
 * is loaded from the store.
 */
export interface InboxSequencer {
  /** Loads the counters of `uids` that are not in memory yet. */
  load(uids: Iterable<number>): Promise<void>;
  /** The next seq of a loaded uid. */
  next(uid: number): number;
  /** Gives back the newest seqs of a batch that was not written (the counter returns to `lastSeq`). */
  rewind(uid: number, lastSeq: number): void;
}

export class MemoryInboxSequencer implements InboxSequencer {
  private readonly last = new Map<number, number>();

  constructor(private readonly messages: MessageStore) {}

  async load(uids: Iterable<number>): Promise<void> {
    const missing = [...new Set(uids)].filter((uid) => !this.last.has(uid));
    const seqs = await Promise.all(missing.map((uid) => this.messages.lastInboxSeq(uid)));
    missing.forEach((uid, i) => {
      if (!this.last.has(uid)) this.last.set(uid, seqs[i]!);
    });
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
}
