import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import { GlideError, LruCache } from '../../core/index.js';
import type { ChatBatch, ChatBatchResult, ChatPlacement, NewChatMessage, SentMessage } from '../message-store.js';
import { storedChatMessage } from '../message-store.js';
import type { SqlDialect } from './dialects/sql-dialect.js';
import { toStoreError, type DriverObserver } from './guarded-dialect.js';
import type { Database } from './schema.js';
import { encodeChatBatch, SqliteChatBatch, type EncodedChatBatch } from './sqlite-chat-batch.js';
import type { ChatBatchWriter } from './sqlite-writer-thread.js';

type ChatRow = Omit<NewChatMessage, 'inbox'>;

/** Keys of messages stored lately, remembered so a client's retry is answered without a failed commit. */
const RECENT_KEYS = 65_536;

const key = (sender: number, cliMid: string) => `${sender}\u0000${cliMid}`;

export interface SqliteChatCommitDeps {
  writer: ChatBatchWriter;
  /** The stored messages among `keys` (a read on the main connection; only for keys known to be taken). */
  findSent: (keys: readonly { sender: number; cliMid: string }[]) => Promise<SentMessage[]>;
  now: () => number;
  writes: DriverObserver;
  dialect: Pick<SqlDialect, 'classifyError'>;
}

/**
 * commitChatBatch on SQLite. The writer (a thread, or inline for an in-memory file) cannot call `place`
 * back, so each message is placed here before the commit: a key stored lately (a bounded window) or
 * earlier in the batch is answered as a duplicate without a placement, every other message is placed as
 * new. If the unique key finds one taken all the same (a retry older than the window), the commit writes
 * nothing and this throws STORE_CONFLICT after remembering the key: the chat writer rewinds its seqs and
 * retries, and the retry answers that message as a duplicate. No read per message, one per taken key.
 */
export class SqliteChatCommit {
  /** Oldest set goes first; a read does not reorder (LruCache.peek). */
  private readonly recent = new LruCache<string, true>(RECENT_KEYS);

  constructor(private readonly deps: SqliteChatCommitDeps) {}

  async commit(batch: ChatBatch): Promise<ChatBatchResult[]> {
    const { messages } = batch;
    const known: ChatRow[] = [];
    const fresh: { m: ChatRow; placement?: ChatPlacement }[] = [];
    const firstOf = new Map<string, { m: ChatRow; placement?: ChatPlacement }>();
    for (const m of messages) {
      const k = key(m.sender, m.cliMid);
      if (this.recent.peek(k)) known.push(m);
      else if (!firstOf.has(k)) {
        const entry = { m };
        firstOf.set(k, entry);
        fresh.push(entry);
      }
    }
    const stored = new Map<string, SentMessage>();
    if (known.length > 0) for (const found of await this.deps.findSent(known)) stored.set(key(found.message.sender, found.message.cliMid), found);
    for (const m of known) {
      const k = key(m.sender, m.cliMid);
      if (stored.has(k)) continue;
      // Remembered but gone (never expected): forget it, and the retry stores the message anew.
      this.recent.delete(k);
      throw new GlideError('STORE_CONFLICT', `message (${m.sender}, ${m.cliMid}) remembered as stored but not found`);
    }
    for (const entry of fresh) entry.placement = batch.place(entry.m);
    const encoded = encodeChatBatch(
      fresh.map((e) => e.m),
      fresh.map((e) => e.placement as ChatPlacement),
      batch.cursors ?? [],
      this.deps.now(),
    );
    const taken = await this.write(encoded);
    if (taken.length > 0) {
      for (const i of taken) {
        const m = fresh[i]?.m;
        if (m) this.remember(key(m.sender, m.cliMid));
      }
      throw new GlideError('STORE_CONFLICT', `${taken.length} message key(s) of the batch were stored before: retry answers them as duplicates`);
    }
    for (const k of firstOf.keys()) this.remember(k);
    if (fresh.length === messages.length) return fresh.map(() => ({ isDuplicate: false }));
    return messages.map((m): ChatBatchResult => {
      const k = key(m.sender, m.cliMid);
      const first = firstOf.get(k);
      if (first?.m === m) return { isDuplicate: false };
      return { isDuplicate: true, stored: stored.get(k) ?? storedNow(first?.m ?? m, first?.placement as ChatPlacement) };
    });
  }

  /** Resolves once the commits in flight have settled. */
  settled(): Promise<void> {
    return this.deps.writer.settled();
  }

  /** Waits for the commits in flight and ends the writer. */
  close(): Promise<void> {
    return this.deps.writer.close();
  }

  private async write(encoded: EncodedChatBatch): Promise<number[]> {
    try {
      const taken = await this.deps.writer.commit(encoded);
      if (taken.length === 0) this.deps.writes.committed();
      return taken;
    } catch (err) {
      this.deps.writes.failed(err);
      throw toStoreError(err, this.deps.dialect);
    }
  }

  private remember(k: string): void {
    this.recent.set(k, true);
  }
}

/** A message this batch stored, as a later repeat of its key in the same batch sees it. */
function storedNow(m: ChatRow, placement: ChatPlacement): SentMessage {
  const seqOf = (uid: number) => placement.inbox.find((slot) => slot.uid === uid)?.seq ?? 0;
  return { message: storedChatMessage(m), senderSeq: seqOf(m.sender), receiverSeq: seqOf(m.receiver) };
}

/** An in-memory database has one connection: the batch runs on it, holding Kysely's connection. */
export class InlineChatBatchWriter implements ChatBatchWriter {
  private batch: SqliteChatBatch | undefined;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly handle: () => BetterSqlite3.Database | undefined,
  ) {}

  commit(encoded: EncodedChatBatch): Promise<number[]> {
    return this.db.connection().execute(async () => {
      const handle = this.handle();
      if (!handle) throw new GlideError('STORE_CLOSED');
      this.batch ??= new SqliteChatBatch(handle);
      return this.batch.commit(encoded);
    });
  }

  settled(): Promise<void> {
    return Promise.resolve();
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
