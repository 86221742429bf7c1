import { GlideError, logBackgroundFailure, LruCache, runInBackground, type BatchWaiter, type Clock, type Hooks, type Logger, type MidGenerator, type OwnedCalls, type StoredMessage } from '../core/index.js';
import type { ConnRef } from '../delivery/index.js';
import type { ActionRouter, Connection } from '../gateway/index.js';
import { failedSend, idempotencyKey, messageRefusal, midKey, readChatMessage, recallAckMid, sentAck, readCliMessage, readRecallContent, writeRecallContent, type AckRead, type ChatMessage as WireChat, type Envelope } from '../protocol/index.js';
import type { ContactStore, MessageStore, SessionStore, UserStore } from '../store/index.js';
import { SESSION_TYPE } from '../store/index.js';
import type { ChatDelivery } from './chat-delivery.js';
import type { IssuedMids } from './issued-mids.js';
import type { ChatDraft, ChatWriter, ChatWriteResult } from './chat-writer.js';
import type { MessagingMetrics } from './messaging-metrics.js';
import { hasLinks, LinkRefusal, resolveLinks, type ReadableMessages, type ResolvedLinks } from './message-links.js';


export interface MessagingSettings {
  maxContentBytes: number;
  recallWindowSec: number;
}

export interface ChatServiceDeps {
  users: UserStore;
  contacts: ContactStore;
  messages: MessageStore;
  sessions: SessionStore;
  writer: ChatWriter;
  delivery: ChatDelivery;
  mids: MidGenerator;
  tickets: { isValid(ticket: string, from: number, to: number): boolean };
  clock: Clock;
  log: Logger;
  metrics: MessagingMetrics;
  settings: MessagingSettings;
  /** Mids handed out by `msg/id`. */
  issued: IssuedMids;
  /** Where a conversation's messages are written and fanned out: its owner node (this one in single mode). */
  calls: OwnedCalls;
  /** The before-message hook and the stored/recalled events (push, webhooks). */
  hooks: Hooks;
  /** What a reply or a forward may point at. */
  readable: ReadableMessages;
}

/** A message to store on its conversation's owner, which makes its mid unless it brings an issued one. */
interface ChatCall {
  draft: Omit<ChatDraft, 'mid'> & { mid?: number };
  origin: ConnRef;
}

/**
 * What the owner answers: the stored message's mid and the sender's seq (all the ack needs: the message itself
 * would cross back to the sender's node for nothing), and whether the server took custody (no receiver device online).
 */
interface ChatCallResult {
  mid: number;
  senderSeq: number;
  isDuplicate: boolean;
  isCustody: boolean;
}

const MAX_KNOWN_USERS = 100_000;

/**
 * 1:1 chat over the long connection: accept (checks, idempotency, durable write, ack), fan-out,
 * receipts, read receipts, recall and client signals. Frames of one connection are accepted in order:
 * each send holds the connection's next frame until it is queued for the writer, which keeps order.
 */
export class ChatService {
  private readonly knownUsers = new LruCache<number, true>(MAX_KNOWN_USERS);
  private accepted = 0;
  /**
   * Stores a message on its conversation's owner, which fans it out and keeps its receipt state (as a
   * group's owner does): one writer per conversation keeps both inboxes mostly uncontended.
   */
  private readonly commit: (conversation: string, call: ChatCall) => Promise<ChatCallResult>;

  constructor(private readonly deps: ChatServiceDeps) {
    // Idempotent: the writer dedups (sender, cliMid), so a retry on the next owner stores one message,
    // and fans it out again (the first fan-out may have died with the node that stored it).
    this.commit = deps.calls.define<ChatCall, ChatCallResult>('chat.write', 'idempotent', async ({ draft, origin }) => {
      // The args are not changed: a retry on another owner makes its own mid there.
      const result = await deps.writer.write(draft.mid === undefined ? withMid(draft, deps.mids.next()) : (draft as ChatDraft));
      return { mid: result.message.mid, senderSeq: result.senderSeq, isDuplicate: result.isDuplicate, isCustody: this.fanOut(result, origin) };
    });
  }

  /** On the owner, once stored: fans the message out (again, for a duplicate); true when the server has custody. */
  fanOut(result: ChatWriteResult, origin: ConnRef): boolean {
    const { message, senderSeq, receiverSeq } = result;
    if (result.isDuplicate) {
      this.deps.delivery.deliverStored(message, senderSeq, receiverSeq, origin);
      return false;
    }
    // On the owner, where the message is stored and its receipts are kept (push waits for them here).
    this.deps.hooks.emit({ type: 'message.stored', message: storedChat(result) });
    return this.deps.delivery.deliverNew(message, senderSeq, receiverSeq, origin);
  }

  /** Routes the chat actions; each device signing in gets what it has not acked. */
  mount(router: ActionRouter, signins: { onSignedIn(what: string, listener: (conn: Connection) => Promise<void>): void }): void {
    signins.onSignedIn('sign-in sync', (conn) => this.deps.delivery.syncDevice(conn));
    // The router charges every action to the connection's budget; message actions are refused by name.
    const asMessage = { onRefused: (conn: Connection, envelope: Envelope, reason: string) => conn.reply(envelope.seq, messageRefusal(envelope.data, reason)) };
    router.on('message.chat', (conn, envelope) => this.send(conn, envelope), asMessage);
    router.on('message.chat.retry', (conn, envelope) => this.send(conn, envelope), asMessage);
    router.on('message.chat.resend', (conn, envelope) => this.resend(conn, envelope), asMessage);
    router.on('message.chat.recall', (conn, envelope) => this.recall(conn, envelope), asMessage);
    router.on('message.cli', (conn, envelope) => this.signal(conn, envelope));
    router.onDisconnect((conn) => this.deps.delivery.disconnected(conn));
  }

  /** A receiver device has 1:1 message `mid` (`ack.request`, or G1's `ack.group.msg` without a gid). */
  receipt(conn: Connection, mid: number): void | Promise<void> {
    return this.deps.delivery.ack(conn, mid);
  }

  /** Messages stored since start (app/info). */
  acceptedCount(): number {
    return this.accepted;
  }

  countSync(): void {
    this.deps.metrics.syncRequests.inc();
  }

  /** Mids for G1 clients to send with (`msg/id`). */
  issueMids(uid: number, count: number): number[] {
    return this.deps.issued.issue(uid, count);
  }

  private send(conn: Connection, envelope: Envelope): Promise<void> | void {
    const uid = conn.identity!.uid;
    const message = readChatMessage(envelope.data);
    const to = message.to ?? envelope.to;
    if (!to) throw new GlideError('PROTO_BAD_PAYLOAD', 'to is required');
    const key = idempotencyKey(message);
    const unavailable = this.deps.delivery.unavailable();
    if (unavailable !== undefined) return this.refuse(conn, message, 'unavailable', unavailable);
    if (this.isTooLarge(message.content)) return this.refuse(conn, message, 'too_large', `content over ${this.deps.settings.maxContentBytes} bytes`);
    if (envelope.ticket !== undefined && !this.deps.tickets.isValid(envelope.ticket, uid, to)) return this.forbid(conn, envelope, 'bad_ticket', 'ticket is invalid for this peer');
    // The usual case, decided from memory: queued for the writer before this returns (no promise, the
    // connection is not held). The same checks as admit's, in the same order.
    const isBlocked = to === uid ? false : this.deps.contacts.isBlockedInMemory?.(to, uid);
    if (this.knownUsers.peek(to) && isBlocked === false && !hasLinks(message) && !this.deps.hooks.isScreening) return this.accept(conn, message, message, uid, to, key);
    return this.admit(conn, envelope, message, uid, to, key);
  }

  private async admit(conn: Connection, envelope: Envelope, message: WireChat, uid: number, to: number, key: string): Promise<void> {
    if (!(await this.userExists(to))) return this.refuse(conn, message, 'no_user', `user ${to} does not exist`);
    if (to !== uid && (await this.deps.contacts.isBlocked(to, uid))) return this.forbid(conn, envelope, 'blacklisted', 'the receiver does not accept your messages');
    let linked: ResolvedLinks = message;
    if (hasLinks(message)) {
      try {
        linked = await resolveLinks(uid, { kind: 'chat', a: uid, b: to }, message, this.deps.readable, 0);
      } catch (err) {
        if (err instanceof LinkRefusal) return this.refuse(conn, message, err.reason, err.message);
        throw err;
      }
    }
    const refusal = this.deps.hooks.isScreening ? await this.deps.hooks.screen({ kind: 'chat', sender: uid, to, type: linked.type, content: linked.content }) : undefined;
    if (refusal !== undefined) return this.refuse(conn, message, 'hook_rejected', refusal);
    this.accept(conn, message, linked, uid, to, key);
  }

  /** Queues an admitted message for its conversation's owner; acks it (or refuses it) once stored. */
  private accept(conn: Connection, message: WireChat, linked: ResolvedLinks, uid: number, to: number, key: string): void {
    const now = this.deps.clock.now();
    // A G1 client's mid from msg/id becomes the stored mid when it is the message's key (no cliMid): then a
    // second use of it is the same message (found by that key). Under a cliMid it could be reused and collide in the store.
    const isIssuedKey = message.mid !== undefined && key === midKey(message.mid) && this.deps.issued.take(uid, message.mid);
    const origin = this.deps.delivery.ref(conn);
    // Built field by field, not by spreads: this runs per message (one object, no temporaries).
    const draft: ChatCall['draft'] = { sender: uid, receiver: to, cliMid: key, cliSeq: message.cliSeq ?? 0, type: linked.type, content: linked.content, sendAt: message.sendAt ?? now, createdAt: now };
    if (linked.links) draft.links = linked.links;
    if (this.deps.calls.isAllLocal) {
      // Single mode: straight to the writer with its mid, the outcome told to one object (no promise chain per message).
      draft.mid = isIssuedKey ? message.mid! : this.deps.mids.next();
      return this.deps.writer.writeTo(new PendingChat(this, conn, message, to, isIssuedKey, origin, draft as ChatDraft));
    }
    if (isIssuedKey) draft.mid = message.mid!;
    const written = this.commit(uid < to ? `${uid}:${to}` : `${to}:${uid}`, { draft, origin });
    runInBackground(
      this.deps.log,
      'chat write',
      written.then((result) => this.stored(conn, message, to, result.mid, result.senderSeq, result.isDuplicate, result.isCustody)),
      (err) => this.notStored(conn, message, isIssuedKey, err),
    );
  }

  /** The sender's answer once its message is stored (or found stored before). */
  stored(conn: Connection, message: WireChat, to: number, mid: number, senderSeq: number, isDuplicate: boolean, isCustody: boolean): void {
    if (isDuplicate) this.deps.metrics.duplicates.inc();
    else {
      this.accepted++;
      this.deps.metrics.accepted.inc();
    }
    this.ack(conn, message, mid, senderSeq);
    if (isCustody) this.deps.delivery.notifyOrigin(conn, to, mid);
  }

  /** The sender's refusal when its message could not be stored; `isLogged`: also logged as runInBackground does. */
  notStored(conn: Connection, message: WireChat, isIssuedKey: boolean, err: unknown, isLogged = false): void {
    if (isLogged) logBackgroundFailure(this.deps.log, 'chat write', err);
    if (isIssuedKey) this.deps.issued.giveBack(conn.identity!.uid, message.mid!);
    this.refuse(conn, message, 'store_failed', err instanceof GlideError ? err.message : 'could not store the message');
  }

  private async resend(conn: Connection, envelope: Envelope): Promise<void> {
    const uid = conn.identity!.uid;
    const message = readChatMessage(envelope.data);
    const [found] = await this.deps.messages.findSent([{ sender: uid, cliMid: idempotencyKey(message) }]);
    if (!found) return this.send(conn, envelope) ?? undefined;
    const { receiver } = found.message;
    if (receiver !== uid && (await this.deps.contacts.isBlocked(receiver, uid))) return this.forbid(conn, envelope, 'blacklisted', 'the receiver does not accept your messages');
    this.ack(conn, message, found.message.mid, found.senderSeq);
    this.deps.delivery.redeliver(found.message, found.receiverSeq);
  }

  private async recall(conn: Connection, envelope: Envelope): Promise<void> {
    const uid = conn.identity!.uid;
    const message = readChatMessage(envelope.data);
    if (this.isTooLarge(message.content)) return this.refuse(conn, message, 'too_large', `content over ${this.deps.settings.maxContentBytes} bytes`);
    const { mid } = readRecallContent(message.content);
    const to = message.to ?? envelope.to;
    const target = await this.deps.messages.get(mid);
    const windowMs = this.deps.settings.recallWindowSec * 1000;
    if (!target || target.sender !== uid || (to !== undefined && target.receiver !== to)) return this.refuse(conn, message, 'recall_denied', 'only the sender may recall a message of this conversation');
    if (windowMs === 0 || this.deps.clock.now() - target.createdAt > windowMs) return this.refuse(conn, message, 'recall_expired', 'the recall window has passed');
    await this.deps.messages.setRecalled(mid, uid);
    this.deps.metrics.recalls.inc();
    this.deps.hooks.emit({ type: 'message.recalled', kind: 'chat', mid, by: uid, to: target.receiver });
    this.ack(conn, message, recallAckMid(conn.dialect, message, mid), 0);
    // Who recalled comes from the identity, never from the client's content (which is not relayed).
    const content = writeRecallContent(conn.dialect, { mid, recallBy: uid });
    const notice = { action: 'message.chat.recall', data: { ...message, mid, from: uid, to: target.receiver, content, sendAt: message.sendAt ?? this.deps.clock.now() } };
    this.deps.delivery.pushToUser(target.receiver, notice);
    if (target.receiver !== uid) this.deps.delivery.pushToUser(uid, notice, conn);
  }

  /** `ack.read {mid, from}` of a 1:1 message (app.ts routes `{gid, seq}` receipts to groups). */
  async read(conn: Connection, receipt: AckRead): Promise<void> {
    const uid = conn.identity!.uid;
    if (receipt.mid === undefined || receipt.from === undefined) throw new GlideError('PROTO_BAD_PAYLOAD', 'mid and from are required');
    // Only the receiver reads a message, and a blocked user's receipts are relayed no more than its messages.
    const message = await this.deps.messages.get(receipt.mid);
    if (message?.sender !== receipt.from || message.receiver !== uid) throw new GlideError('PROTO_BAD_PAYLOAD', `mid ${receipt.mid} is not a message from ${receipt.from} to you`);
    if (receipt.from !== uid && (await this.deps.contacts.isBlocked(receipt.from, uid))) throw new GlideError('CONTACT_BLOCKED', `uid ${receipt.from}`);
    await this.deps.sessions.markRead(uid, SESSION_TYPE.chat, receipt.from, receipt.mid);
    this.deps.delivery.pushToUser(receipt.from, { action: 'notify.read', data: { mid: receipt.mid, from: uid } });
    this.deps.metrics.readReceipts.inc();
  }

  private async signal(conn: Connection, envelope: Envelope): Promise<void> {
    const uid = conn.identity!.uid;
    const signal = readCliMessage(envelope.data);
    if (this.isTooLarge(signal.content)) throw new GlideError('PROTO_BAD_PAYLOAD', `content over ${this.deps.settings.maxContentBytes} bytes`);
    if (signal.to !== uid && (await this.deps.contacts.isBlocked(signal.to, uid))) return this.forbid(conn, envelope, 'blacklisted', 'the receiver does not accept your messages');
    this.deps.delivery.pushToUser(signal.to, { action: 'message.cli', data: { ...signal, from: uid } });
  }

  private isTooLarge(content: string): boolean {
    return Buffer.byteLength(content) > this.deps.settings.maxContentBytes;
  }

  private ack(conn: Connection, message: WireChat, mid: number, seq: number): void {
    conn.push(sentAck(message, mid, seq));
    if (seq > 0) this.deps.delivery.markOwn(conn, seq);
    this.deps.metrics.acks.inc();
  }

  private refuse(conn: Connection, message: WireChat, reason: string, text: string): void {
    this.deps.metrics.refusals.inc({ reason });
    conn.push(failedSend(message, text));
  }

  private forbid(conn: Connection, envelope: Envelope, reason: string, text: string): void {
    this.deps.metrics.refusals.inc({ reason });
    conn.reply(envelope.seq, { action: 'notify.forbidden', data: text });
  }

  private async userExists(uid: number): Promise<boolean> {
    // peek: a hit need not reorder (at worst a busy user is read once more after 100,000 others).
    if (this.knownUsers.peek(uid)) return true;
    const isKnown = (await this.deps.users.get(uid)) !== undefined;
    if (isKnown) this.knownUsers.set(uid, true);
    return isKnown;
  }
}

/** The draft with the mid the owner made for it (field by field: per message, see admit). */
function withMid(d: ChatCall['draft'], mid: number): ChatDraft {
  const draft: ChatDraft = { mid, sender: d.sender, receiver: d.receiver, cliMid: d.cliMid, cliSeq: d.cliSeq, type: d.type, content: d.content, sendAt: d.sendAt, createdAt: d.createdAt };
  if (d.links) draft.links = d.links;
  if (d.editedAt !== undefined) draft.editedAt = d.editedAt;
  return draft;
}

function storedChat({ message: m, receiverSeq }: ChatWriteResult): StoredMessage {
  return { kind: 'chat', mid: m.mid, sender: m.sender, to: m.receiver, seq: receiverSeq, type: m.type, content: m.content, sendAt: m.sendAt, recipients: m.receiver === m.sender ? [] : [m.receiver] };
}

/** One single-mode send waiting for its commit (ChatService.accept): everything its answer needs, in one object. */
class PendingChat implements BatchWaiter<ChatDraft, ChatWriteResult> {
  constructor(
    private readonly service: ChatService,
    private readonly conn: Connection,
    private readonly message: WireChat,
    private readonly to: number,
    private readonly isIssuedKey: boolean,
    private readonly origin: ConnRef,
    readonly item: ChatDraft,
  ) {}

  resolve(result: ChatWriteResult): void {
    try {
      const isCustody = this.service.fanOut(result, this.origin);
      this.service.stored(this.conn, this.message, this.to, result.message.mid, result.senderSeq, result.isDuplicate, isCustody);
    } catch (err) {
      // As the call's promise did: a failure after the commit still answers the sender (which retries).
      this.service.notStored(this.conn, this.message, this.isIssuedKey, err, true);
    }
  }

  reject(err: unknown): void {
    this.service.notStored(this.conn, this.message, this.isIssuedKey, err, true);
  }
}
