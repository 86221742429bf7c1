/**
 * The local cache the client keeps messages and cursors in. Async so a browser app can back it with
 * IndexedDB; the default keeps everything in memory. Every method is scoped by the signed-in uid.
 */
import type { ConversationKey, Cursors, Message } from './types.js';

export interface LocalCache {
  getCursors(uid: number): Promise<Cursors | undefined>;
  /** Called after cursors move (debounced by the client). */
  setCursors(uid: number, cursors: Cursors): Promise<void>;
  /** Stores or replaces messages by mid. */
  putMessages(uid: number, messages: readonly Message[]): Promise<void>;
  getMessage(uid: number, mid: number): Promise<Message | undefined>;
  /** A conversation's messages, newest first, strictly older than `beforeMid` when given. */
  listMessages(uid: number, conversation: ConversationKey, options: { beforeMid?: number; limit: number }): Promise<Message[]>;
}

export interface MemoryCacheOptions {
  /** Messages kept per conversation; the oldest are dropped beyond it. */
  maxPerConversation?: number;
}

interface UserShelf {
  cursors?: Cursors;
  byMid: Map<number, Message>;
  /** mids ascending per conversation. */
  byConversation: Map<ConversationKey, number[]>;
}

export class MemoryCache implements LocalCache {
  private readonly shelves = new Map<number, UserShelf>();
  private readonly maxPerConversation: number;

  constructor(options: MemoryCacheOptions = {}) {
    this.maxPerConversation = options.maxPerConversation ?? 2000;
  }

  async getCursors(uid: number): Promise<Cursors | undefined> {
    const cursors = this.shelves.get(uid)?.cursors;
    return cursors === undefined ? undefined : structuredClone(cursors);
  }

  async setCursors(uid: number, cursors: Cursors): Promise<void> {
    this.shelf(uid).cursors = structuredClone(cursors);
  }

  async putMessages(uid: number, messages: readonly Message[]): Promise<void> {
    const shelf = this.shelf(uid);
    for (const message of messages) {
      const isNew = !shelf.byMid.has(message.mid);
      shelf.byMid.set(message.mid, { ...message });
      if (!isNew) continue;
      let mids = shelf.byConversation.get(message.conversation);
      if (!mids) shelf.byConversation.set(message.conversation, (mids = []));
      mids.splice(insertionIndex(mids, message.mid), 0, message.mid);
      if (mids.length > this.maxPerConversation) for (const dropped of mids.splice(0, mids.length - this.maxPerConversation)) shelf.byMid.delete(dropped);
    }
  }

  async getMessage(uid: number, mid: number): Promise<Message | undefined> {
    const message = this.shelves.get(uid)?.byMid.get(mid);
    return message === undefined ? undefined : { ...message };
  }

  async listMessages(uid: number, conversation: ConversationKey, options: { beforeMid?: number; limit: number }): Promise<Message[]> {
    const shelf = this.shelves.get(uid);
    const mids = shelf?.byConversation.get(conversation);
    if (!shelf || !mids) return [];
    const end = options.beforeMid === undefined ? mids.length : insertionIndex(mids, options.beforeMid);
    const out: Message[] = [];
    for (let i = end - 1; i >= 0 && out.length < options.limit; i--) {
      const message = shelf.byMid.get(mids[i]!);
      if (message) out.push({ ...message });
    }
    return out;
  }

  private shelf(uid: number): UserShelf {
    let shelf = this.shelves.get(uid);
    if (!shelf) this.shelves.set(uid, (shelf = { byMid: new Map(), byConversation: new Map() }));
    return shelf;
  }
}

/** First index whose mid is >= `mid` (mids ascending). */
function insertionIndex(mids: readonly number[], mid: number): number {
  let low = 0;
  let high = mids.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (mids[middle]! < mid) low = middle + 1;
    else high = middle;
  }
  return low;
}
