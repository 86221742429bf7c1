import { Batcher, isGlideError, yieldToEventLoop } from '../core/index.js';
import type { ChatMessage, MessageStore, NewChatMessage, SessionStore, SessionUpdate } from '../store/index.js';
import { SESSION_TYPE } from '../store/index.js';
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

/**
 * Batch size cap for one commit. Measured on SQLite (bench/RESULTS.md): batches of 16-64 give the best
 * rows/s; larger ones only add latency. Batching itself is adaptive (see Batcher): no timer, a lone
 * message commits at once, under load the batch is whatever arrived during the previous commit.
 */
export const MAX_CHAT_BATCH = 128;

const keyOf = (sender: number, cliMid: string): string => `${sender}\u0000${cliMid}`;

/**
 * Attempts per batch. A conflict means another node took a seq (or stored the same message) between
 * this batch's read of the counters and its commit; the next attempt rereads both after a random pause
 * that grows with each attempt, so two nodes racing for the same inboxes fall out of step.
 */
const MAX_ATTEMPTS = 10;
const conflictPause = (attempt: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, Math.random() * 2 ** Math.min(attempt, 7)));

/**
 * The single writer of 1:1 messages: dedups a batch against the store, allocates inbox seqs only for
 * new messages (so a retried message never burns a seq and inboxes stay gapless), and commits the
 * messages, their inbox slots and the session lines.
 */
export class ChatWriter {
  private readonly batcher: Batcher<ChatDraft, ChatWriteResult>;

  constructor(
    private readonly deps: { messages: MessageStore; sessions: SessionStore; sequencer: InboxSequencer },
    onBatch?: (size: number, ms: number) => void,
    private readonly onConflict?: () => void,
  ) {
    this.batcher = new Batcher((drafts) => this.writeFenced(drafts), MAX_CHAT_BATCH, onBatch, yieldToEventLoop);
  }

  /** Resolves once the draft is durably stored (or found stored before). */
  write(draft: ChatDraft): Promise<ChatWriteResult> {
    return this.batcher.submit(draft);
  }

  /** Resolves when every submitted draft has been written. */
  flushed(): Promise<void> {
    return this.batcher.idle();
  }

  private async writeFenced(drafts: ChatDraft[]): Promise<ChatWriteResult[]> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.writeBatch(drafts);
      } catch (err) {
        if (!isGlideError(err) || err.code !== 'STORE_CONFLICT' || attempt === MAX_ATTEMPTS) throw err;
        this.deps.sequencer.forget(drafts.flatMap((d) => [d.sender, d.receiver]));
        this.onConflict?.();
        await conflictPause(attempt);
      }
    }
  }

  private async writeBatch(drafts: ChatDraft[]): Promise<ChatWriteResult[]> {
    const { messages, sessions, sequencer } = this.deps;
    const stored = new Map<string, { message: ChatMessage; senderSeq: number; receiverSeq: number }>();
    for (const found of await messages.findSent(drafts.map((d) => ({ sender: d.sender, cliMid: d.cliMid })))) {
      const { message, senderSeq, receiverSeq } = found;
      stored.set(keyOf(message.sender, message.cliMid), { message, senderSeq, receiverSeq });
    }
    const fresh: { draft: ChatDraft; row: NewChatMessage; senderSeq: number; receiverSeq: number }[] = [];
    const firstOfKey = new Map<string, (typeof fresh)[number]>();
    await sequencer.load(drafts.flatMap((d) => [d.sender, d.receiver]));
    const rollback = new Map<number, number>();
    for (const draft of drafts) {
      const key = keyOf(draft.sender, draft.cliMid);
      if (stored.has(key) || firstOfKey.has(key)) continue;
      const receiverSeq = this.allocate(draft.receiver, rollback);
      const senderSeq = draft.sender === draft.receiver ? receiverSeq : this.allocate(draft.sender, rollback);
      const inbox = draft.sender === draft.receiver ? [{ uid: draft.receiver, seq: receiverSeq }] : [{ uid: draft.receiver, seq: receiverSeq }, { uid: draft.sender, seq: senderSeq }];
      const entry = { draft, row: { ...draft, inbox }, senderSeq, receiverSeq };
      fresh.push(entry);
      firstOfKey.set(key, entry);
    }
    if (fresh.length > 0) {
      try {
        await messages.appendBatch(fresh.map((f) => f.row), { isStrict: true });
      } catch (err) {
        for (const [uid, last] of rollback) sequencer.rewind(uid, last);
        throw err;
      }
      await sessions.applyMessages(fresh.flatMap((f) => sessionUpdates(f.draft)));
    }
    return drafts.map((draft) => {
      const key = keyOf(draft.sender, draft.cliMid);
      const before = stored.get(key);
      if (before) return { ...before, isDuplicate: true };
      const entry = firstOfKey.get(key)!;
      const isFirst = entry.draft === draft;
      return { message: { ...entry.draft, status: 0, recallBy: 0 }, senderSeq: entry.senderSeq, receiverSeq: entry.receiverSeq, isDuplicate: !isFirst };
    });
  }

  private allocate(uid: number, rollback: Map<number, number>): number {
    const seq = this.deps.sequencer.next(uid);
    if (!rollback.has(uid)) rollback.set(uid, seq - 1);
    return seq;
  }
}

function sessionUpdates(draft: ChatDraft): SessionUpdate[] {
  const own = { owner: draft.sender, type: SESSION_TYPE.chat, peer: draft.receiver, mid: draft.mid, unread: 0, at: draft.createdAt };
  if (draft.sender === draft.receiver) return [own];
  return [own, { owner: draft.receiver, type: SESSION_TYPE.chat, peer: draft.sender, mid: draft.mid, unread: 1, at: draft.createdAt }];
}
