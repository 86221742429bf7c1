/**
 * Messages sent and not yet acked. Each has a cliMid, so sending it again is safe: the server acks a
 * known one with the same mid and never stores it twice. Items keep send order; after a reconnect
 * they go out again in that order before anything new, which keeps each conversation's order.
 */
import { ACTIONS, type AckMessage, type ChatMessage } from '../protocol/index.js';
import { GlideClientError } from './errors.js';
import type { Link } from './link.js';
import type { SendResult } from './types.js';

export type SendAction = typeof ACTIONS.MESSAGE_CHAT | typeof ACTIONS.MESSAGE_GROUP | typeof ACTIONS.MESSAGE_CHAT_RECALL | typeof ACTIONS.MESSAGE_GROUP_RECALL;

export interface OutboxOptions {
  /** Wait for ack.message before sending again on the same connection. */
  ackTimeoutMs: number;
  /** Give up (reject) after this long in total, offline time included; 0 never. */
  sendTimeoutMs: number;
  /** 1:1 only: wait for the receipt (ack.notify) this long before asking the server to deliver again. */
  receiptTimeoutMs: number;
  /** How many times to ask for delivery again (message.chat.resend). */
  maxResends: number;
}

interface Pending {
  action: SendAction;
  message: ChatMessage & { cliMid: string };
  attempts: number;
  /** The link and frame seq of the last transmission (notify.forbidden names the seq). */
  link?: Link;
  frameSeq?: number;
  ackTimer?: ReturnType<typeof setTimeout>;
  deadline?: ReturnType<typeof setTimeout>;
  resolve(result: SendResult): void;
  reject(err: GlideClientError): void;
}

interface AwaitingReceipt {
  message: ChatMessage & { cliMid: string };
  resends: number;
  timer: ReturnType<typeof setTimeout>;
}

export class Outbox {
  private readonly pending = new Map<string, Pending>();
  private readonly receipts = new Map<number, AwaitingReceipt>();
  private emptyWaiters: (() => void)[] = [];

  constructor(
    private readonly options: OutboxOptions,
    /** The link to send on, when online. */
    private readonly currentLink: () => Link | undefined,
    /** Runs when a send is acked, before its promise settles, so the client records it first. */
    private readonly onAcked: (action: SendAction, message: ChatMessage & { cliMid: string }, result: SendResult) => void = () => undefined,
  ) {}

  get size(): number {
    return this.pending.size;
  }

  /** Resolves when nothing is waiting for an ack, or after `timeoutMs`. */
  whenEmpty(timeoutMs: number): Promise<void> {
    if (this.pending.size === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, timeoutMs);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.emptyWaiters.push(done);
    });
  }

  /** Whether a send with this cliMid waits for its ack. */
  has(cliMid: string): boolean {
    return this.pending.has(cliMid);
  }

  submit(action: SendAction, message: ChatMessage & { cliMid: string }): Promise<SendResult> {
    return new Promise((resolve, reject) => {
      const item: Pending = { action, message, attempts: 0, resolve, reject };
      this.pending.set(message.cliMid, item);
      if (this.options.sendTimeoutMs > 0) {
        item.deadline = setTimeout(() => this.fail(message.cliMid, new GlideClientError('SEND_TIMEOUT', `no ack for ${message.cliMid} in ${this.options.sendTimeoutMs} ms`)), this.options.sendTimeoutMs);
      }
      const link = this.currentLink();
      if (link) this.transmit(item, link);
    });
  }

  /** A connection is signed in: everything unacked goes out again, oldest first. */
  flush(link: Link): void {
    for (const item of this.pending.values()) this.transmit(item, link);
    for (const [mid, waiting] of this.receipts) {
      clearTimeout(waiting.timer);
      this.watchReceipt(mid, waiting.message, waiting.resends);
    }
  }

  /** ack.message: settles the send. Unknown cliMids (a late duplicate ack) are ignored. */
  acked(ack: AckMessage): SendResult | undefined {
    if (!ack.cliMid) return undefined;
    const item = this.pending.get(ack.cliMid);
    if (!item) return undefined;
    this.settle(item);
    const result = { mid: ack.mid, cliMid: ack.cliMid, seq: ack.seq ?? 0 };
    if (item.action === ACTIONS.MESSAGE_CHAT && this.options.maxResends > 0) this.watchReceipt(ack.mid, item.message, 0);
    this.onAcked(item.action, item.message, result);
    item.resolve(result);
    return result;
  }

  /** ack.notify: the receiver has it; stop asking the server to deliver again. */
  receipted(mid: number): void {
    const waiting = this.receipts.get(mid);
    if (!waiting) return;
    clearTimeout(waiting.timer);
    this.receipts.delete(mid);
  }

  /** message.failed.send names the cliMid. */
  refused(cliMid: string, reason: string): void {
    this.fail(cliMid, new GlideClientError('SEND_REFUSED', reason));
  }

  /** notify.forbidden / notify.error name the frame seq. Returns whether it was one of ours. */
  refusedFrame(link: Link, frameSeq: number, reason: string): boolean {
    for (const item of this.pending.values()) {
      if (item.link === link && item.frameSeq === frameSeq) {
        this.fail(item.message.cliMid, new GlideClientError('SEND_REFUSED', reason));
        return true;
      }
    }
    return false;
  }

  /** Rejects everything (client closed or kicked). */
  clear(err: GlideClientError): void {
    for (const cliMid of [...this.pending.keys()]) this.fail(cliMid, err);
    for (const waiting of this.receipts.values()) clearTimeout(waiting.timer);
    this.receipts.clear();
  }

  private transmit(item: Pending, link: Link): void {
    if (!link.isUsable) return;
    // A repeat of a 1:1 send says so; the server treats both alike and acks a known one again.
    const action = item.attempts > 0 && item.action === ACTIONS.MESSAGE_CHAT ? ACTIONS.MESSAGE_CHAT_RETRY : item.action;
    item.attempts++;
    item.link = link;
    item.frameSeq = link.send(action, item.message);
    if (item.ackTimer) clearTimeout(item.ackTimer);
    item.ackTimer = setTimeout(() => {
      item.ackTimer = undefined;
      const current = this.currentLink();
      if (current && this.pending.get(item.message.cliMid) === item) this.transmit(item, current);
    }, this.options.ackTimeoutMs);
  }

  private watchReceipt(mid: number, message: ChatMessage & { cliMid: string }, resends: number): void {
    if (resends >= this.options.maxResends) {
      this.receipts.delete(mid);
      return;
    }
    const timer = setTimeout(() => {
      const link = this.currentLink();
      if (!link) return;
      link.send(ACTIONS.MESSAGE_CHAT_RESEND, message);
      this.watchReceipt(mid, message, resends + 1);
    }, this.options.receiptTimeoutMs * 2 ** resends);
    this.receipts.set(mid, { message, resends, timer });
  }

  private fail(cliMid: string, err: GlideClientError): void {
    const item = this.pending.get(cliMid);
    if (!item) return;
    this.settle(item);
    item.reject(err);
  }

  private settle(item: Pending): void {
    this.pending.delete(item.message.cliMid);
    if (item.ackTimer) clearTimeout(item.ackTimer);
    if (item.deadline) clearTimeout(item.deadline);
    if (this.pending.size > 0) return;
    const waiters = this.emptyWaiters;
    this.emptyWaiters = [];
    for (const done of waiters) done();
  }
}
