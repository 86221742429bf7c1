import { Batcher, errorFields, isGlideError, yieldToEventLoop, type BatchWaiter, type Logger } from '../core/index.js';
import type { ChatMessage, ChatPlacement, DeviceCursorAdvance, MessageStore, NewChatMessage, SessionUpdate } from '../store/index.js';
import { isEventContentType, SESSION_TYPE, storedChatMessage } from '../store/index.js';
import type { InboxSequencer } from './inbox-sequencer.js';

/** A message the server decided to accept, before it is stored (its inbox slots come from the writer). */
export type ChatDraft = Omit<NewChatMessage, 'inbox'>;

/** The outcome for one draft once its batch committed. */
export interface ChatWriteResult {
  message: ChatMessage;
  /** Seq in the sender's inbox, and in the receiver's (the same slot for a note to self). */
  senderSeq: number;
  receiverSeq: number;
  /** True when (sender, cliMid) was stored before: nothing was written, `message` is the first one. */
  isDuplicate: boolean;
}

/** Where device ack cursors go: they ride in the writer's next commit. */
export interface DeviceCursorSink {
  /** Moves the cursor forward in the next commit (a failed commit keeps it for the one after). */
  advance(uid: number, device: number, seq: number): void;
  /** Like advance; resolves once the cursor is committed, rejects when that commit fails. */
  advanceDurably(uid: number, device: number, seq: number): Promise<void>;
  /** Resolves when everything advanced so far has had its commit. */
  flushed(): Promise<void>;
  /** The newest cursor of a device not yet known to be committed (queued or in a commit), or 0. */
  unwritten(uid: number, device: number): number;
}

/**
 * Batch size cap for one commit. Batching is adaptive (see Batcher): no timer, a lone message commits at
 * once, under load the batch is whatever arrived during the previous commit (one fsync for all of it).
 */
export const MAX_CHAT_BATCH = 256;

/**
 * Least time between the starts of two chat commits. Most of a commit's cost is per commit (BEGIN, the
 * pages it rewrites in the WAL, COMMIT's fsync): on SQLite at sync FULL, paced at 5,000 msg/s, the
 * writer spends ~157 µs of CPU per message in batches of 10, 115 in 25, 95 in 50, 79 in 100 (~600
 * alone). With the writer on its own thread commits return fast, so without a floor a steady stream
 * commits a few messages at a time. A message after a quiet spell still commits at once; under load an
 * ack waits at most this much longer (less the commit's own time, which overlaps it).
 */
export const CHAT_GATHER_MS = 8;

/**
 * The same floor on PostgreSQL and MySQL. A server engine charges each commit's WAL flush to the backend:
 * with synchronous_commit off, PostgreSQL backend CPU per message fell from 533 to 320 µs at batches of 8,
 * so its cost is mostly per commit, and a commit every 8 ms at 1,000 msg/s (batches of ~8) left PostgreSQL
 * spending as much CPU per message as Glide (issue 17). 20 ms makes batches of ~20 at that rate.
 */
export const SERVER_CHAT_GATHER_MS = 20;

/**
 * Attempts per batch. A conflict means another node took a seq between this batch's read of the
 * counters and its commit; the next attempt rereads them after a random pause that grows with each
 * attempt, so two nodes racing for the same inboxes fall out of step.
 */
const MAX_ATTEMPTS = 10;
const conflictPause = (attempt: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, Math.random() * 2 ** Math.min(attempt, 7)));

interface PendingCursor extends DeviceCursorAdvance {
  waiters: { resolve: () => void; reject: (err: unknown) => void }[];
}

/**
 * The single writer of 1:1 messages and device cursors: one transaction per batch holds the messages,
 * their inbox slots, the session lines and the cursors acked meanwhile, so a message is either stored
 * whole and acked, or not stored and refused. The store dedups by the unique key (sender, cliMid);
 * seqs are allocated only for messages it actually stores, so a retry never burns one.
 */
export class ChatWriter implements DeviceCursorSink {
  private readonly batcher: Batcher<ChatDraft, ChatWriteResult>;
  private cursors = new Map<string, PendingCursor>();
  /** Cursors taken into a commit that has not finished: a sign-in meanwhile must not start below them. */
  private readonly committingCursors = new Map<string, number>();
  private areCursorsDue = false;

  constructor(
    private readonly deps: { messages: MessageStore; sequencer: InboxSequencer; log: Logger },
    onBatch?: (size: number, ms: number) => void,
    private readonly onConflict?: () => void,
    /** Least time between commit starts: CHAT_GATHER_MS, or SERVER_CHAT_GATHER_MS on a server engine (`cluster.chatGatherMs` in a cluster). */
    gatherMs = CHAT_GATHER_MS,
  ) {
    this.batcher = new Batcher((drafts) => this.writeFenced(drafts), MAX_CHAT_BATCH, onBatch, yieldToEventLoop, () => this.areCursorsDue, gatherMs);
  }

  /** Resolves once the draft is durably stored (or found stored before). */
  write(draft: ChatDraft): Promise<ChatWriteResult> {
    return this.batcher.submit(draft);
  }

  /** Like write, with the outcome told to `waiter` (no promise per message). */
  writeTo(waiter: BatchWaiter<ChatDraft, ChatWriteResult>): void {
    this.batcher.submitTo(waiter);
  }

  advance(uid: number, device: number, seq: number): void {
    this.queueCursor(uid, device, seq, undefined);
  }

  advanceDurably(uid: number, device: number, seq: number): Promise<void> {
    return new Promise((resolve, reject) => this.queueCursor(uid, device, seq, { resolve, reject }));
  }

  /** Resolves when every submitted draft and cursor has had its commit. */
  flushed(): Promise<void> {
    return this.batcher.idle();
  }

  unwritten(uid: number, device: number): number {
    const id = `${uid}:${device}`;
    return Math.max(this.cursors.get(id)?.seq ?? 0, this.committingCursors.get(id) ?? 0);
  }

  private queueCursor(uid: number, device: number, seq: number, waiter: PendingCursor['waiters'][number] | undefined): void {
    const id = `${uid}:${device}`;
    // Every delivery ack lands here: a device's queued cursor moves in place (the queued map is swapped out
    // whole when a commit takes it, so no commit holds this object), no new cursor and waiter list per ack.
    const current = this.cursors.get(id);
    if (current) {
      if (seq > current.seq) current.seq = seq;
      if (waiter) current.waiters.push(waiter);
    } else this.cursors.set(id, { uid, device, seq, waiters: waiter ? [waiter] : [] });
    this.areCursorsDue = true;
    this.batcher.kick();
  }

  private takeCursors(): PendingCursor[] {
    const taken = [...this.cursors.values()];
    this.cursors = new Map();
    this.areCursorsDue = false;
    return taken;
  }

  /** After a failed commit: the cursors wait for the next one (a newer advance of the same device wins). */
  private keepCursors(taken: PendingCursor[], err: unknown): void {
    for (const cursor of taken) {
      for (const waiter of cursor.waiters) waiter.reject(err);
      const id = `${cursor.uid}:${cursor.device}`;
      if (!this.cursors.has(id)) this.cursors.set(id, { ...cursor, waiters: [] });
    }
  }

  private async writeFenced(drafts: ChatDraft[]): Promise<ChatWriteResult[]> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.writeBatch(drafts);
      } catch (err) {
        if (!isGlideError(err) || err.code !== 'STORE_CONFLICT' || attempt === MAX_ATTEMPTS) {
          this.deps.log.error({ ...errorFields(err), messages: drafts.length }, 'chat batch not stored');
          throw err;
        }
        this.deps.sequencer.forget(drafts.flatMap((d) => [d.sender, d.receiver]));
        this.onConflict?.();
        await conflictPause(attempt);
      }
    }
  }

  private async writeBatch(drafts: ChatDraft[]): Promise<ChatWriteResult[]> {
    const { messages, sequencer } = this.deps;
    await sequencer.load(drafts.flatMap((d) => [d.sender, d.receiver]));
    const seqs = new Map<ChatDraft, { senderSeq: number; receiverSeq: number }>();
    const rollback = new Map<number, number>();
    const place = (draft: ChatDraft): ChatPlacement => {
      const receiverSeq = this.allocate(draft.receiver, rollback);
      const senderSeq = draft.sender === draft.receiver ? receiverSeq : this.allocate(draft.sender, rollback);
      seqs.set(draft, { senderSeq, receiverSeq });
      const inbox = draft.sender === draft.receiver ? [{ uid: draft.receiver, seq: receiverSeq }] : [{ uid: draft.receiver, seq: receiverSeq }, { uid: draft.sender, seq: senderSeq }];
      return { inbox, sessions: sessionUpdates(draft) };
    };
    const cursors = this.takeCursors();
    for (const c of cursors) this.committingCursors.set(`${c.uid}:${c.device}`, Math.max(c.seq, this.committingCursors.get(`${c.uid}:${c.device}`) ?? 0));
    let results;
    try {
      results = await messages.commitChatBatch({ messages: drafts, place, cursors });
    } catch (err) {
      for (const [uid, last] of rollback) sequencer.rewind(uid, last);
      this.keepCursors(cursors, err);
      throw err;
    } finally {
      for (const c of cursors) {
        const id = `${c.uid}:${c.device}`;
        if (this.committingCursors.get(id) === c.seq) this.committingCursors.delete(id);
      }
    }
    for (const cursor of cursors) for (const waiter of cursor.waiters) waiter.resolve();
    return drafts.map((draft, i) => {
      const result = results[i];
      if (result?.isDuplicate) return { ...result.stored, isDuplicate: true };
      const placed = seqs.get(draft);
      if (!placed) throw new Error('chat writer: a stored draft was not placed');
      return { message: storedChatMessage(draft), senderSeq: placed.senderSeq, receiverSeq: placed.receiverSeq, isDuplicate: false };
    });
  }

  private allocate(uid: number, rollback: Map<number, number>): number {
    const seq = this.deps.sequencer.next(uid);
    if (!rollback.has(uid)) rollback.set(uid, seq - 1);
    return seq;
  }
}

function sessionUpdates(draft: ChatDraft): SessionUpdate[] {
  // An edit, reaction or pin is no new message: the session lines (last message, unread) stay.
  if (isEventContentType(draft.type)) return [];
  const own = { owner: draft.sender, type: SESSION_TYPE.chat, peer: draft.receiver, mid: draft.mid, unread: 0, at: draft.createdAt };
  if (draft.sender === draft.receiver) return [own];
  return [own, { owner: draft.receiver, type: SESSION_TYPE.chat, peer: draft.sender, mid: draft.mid, unread: 1, at: draft.createdAt }];
}
