/**
 * What the clients did, as the verification needs it: every message sent (with its ack or refusals)
 * and every message each user's SDK reported received. Times are Date.now() ms.
 */

export type Kind = 'chat' | 'group';

export interface SentMessage {
  /** The cliMid: the same on every retry, so the server can store it once. */
  key: string;
  kind: Kind;
  from: number;
  /** Receiver uid (chat) or gid (group). */
  to: number;
  content: string;
  firstSentAt: number;
  ackedAt?: number;
  mid?: number;
  seq?: number;
  /** When each message.failed.send for it came (the harness then sends it again). */
  refusedAt: number[];
  /** Why it ended without an ack (the client closed at the end of the run). */
  failure?: string;
}

export interface ReceivedMessage {
  mid: number;
  from: number;
  content: string;
  /** The live push, or a sync / gap pull that made up for a push that never came. */
  bySync: boolean;
}

export class Ledger {
  readonly sent = new Map<string, SentMessage>();
  /** uid → mid → what the SDK emitted ('message' for chat, 'groupMessage' for group). */
  readonly received: Record<Kind, Map<number, Map<number, ReceivedMessage>>> = { chat: new Map(), group: new Map() };
  /** The SDK promises each mid once: count any second emission. */
  duplicateEmissions = 0;
  /** The SDK's 'error' events (a sync or gap pull that failed…) by text: they explain a missing delivery. */
  readonly sdkErrors = new Map<string, number>();

  submitted(message: Omit<SentMessage, 'refusedAt'>): SentMessage {
    const entry = { ...message, refusedAt: [] };
    this.sent.set(message.key, entry);
    return entry;
  }

  receive(kind: Kind, uid: number, message: ReceivedMessage): void {
    let mine = this.received[kind].get(uid);
    if (!mine) this.received[kind].set(uid, (mine = new Map()));
    if (mine.has(message.mid)) this.duplicateEmissions++;
    else mine.set(message.mid, message);
  }

  sdkError(text: string): void {
    this.sdkErrors.set(text, (this.sdkErrors.get(text) ?? 0) + 1);
  }

  /** Sent and not settled (neither acked nor failed). */
  get inFlight(): number {
    let count = 0;
    for (const message of this.sent.values()) if (message.ackedAt === undefined && message.failure === undefined) count++;
    return count;
  }
}
