/**
 * Everything the server pushes, turned into events: 1:1 messages deduplicated by mid and tracked by
 * inbox seq (a hole or a reconnect triggers a sync from the last contiguous seq), group items released
 * in group seq order (a hole triggers a range pull), receipts, recalls, signals and notices.
 * Message handling runs on one promise chain, so events keep arrival order across async cache calls.
 */
import { wireMessageLinks } from './message-links.js';
import {
  ACTIONS,
  readAckMessage,
  readAckNotify,
  readAckRead,
  readChatMessage,
  readCliMessage,
  readContactNotice,
  readFailedSend,
  readGroupNotice,
  readKickoutNotice,
  readLoginNotice,
  readMessageEvent,
  readPresenceEvent,
  readRecallContent,
  type ChatMessage,
  type Envelope,
  type GroupNotice,
} from '../protocol/index.js';
import { asRecord } from './api-types.js';
import type { LocalCache } from './cache.js';
import type { Emitter } from './emitter.js';
import { GlideClientError } from './errors.js';
import { GroupSequencer } from './group-sequencer.js';
import type { GlideApi } from './http-api.js';
import { InboxSequencer, SeenMids } from './inbox-sequencer.js';
import { noticeText, type Link } from './link.js';
import type { Outbox } from './outbox.js';
import { changeOf, eventAsRow, isEventRow, withChange } from './message-events.js';
import { storedGroupNotice } from './stored-notice.js';
import { MESSAGE_STATUS, MESSAGE_TYPES, type ClientEvents, type Cursors, type Message, type MessageSource } from './types.js';

export interface InboundHost {
  readonly uid: number;
  readonly cache: LocalCache;
  readonly outbox: Outbox;
  readonly events: Emitter<ClientEvents>;
  readonly syncPageSize: number;
  /** Waits this long with a hole in the inbox before syncing (a reordered push may still fill it). */
  readonly gapWaitMs: number;
  socketApi(link: Link): GlideApi;
  currentLink(): Link | undefined;
  cursorsChanged(): void;
  kicked(reason: string, device?: number): void;
  /** A TCP server's last frame: why it closes. */
  goodbye(code: number, reason: string, canReconnect: boolean): void;
}

type GroupItem = { kind: 'message'; message: Message; isLocalSend: boolean } | { kind: 'notice'; notice: GroupNotice } | { kind: 'change'; row: Message };

export function toMessage(wire: ChatMessage, self: number, kind: 'chat' | 'group', source: MessageSource): Message {
  const from = wire.from ?? self;
  const to = wire.to ?? 0;
  const peer = kind === 'group' ? to : from === self ? to : from;
  return {
    mid: wire.mid ?? 0,
    ...(wire.cliMid ? { cliMid: wire.cliMid } : {}),
    kind,
    conversation: kind === 'group' ? `group:${peer}` : `chat:${peer}`,
    peer,
    from,
    to,
    type: wire.type,
    content: wire.content,
    sendAt: wire.sendAt ?? 0,
    ...(wire.seq ? { seq: wire.seq } : {}),
    status: wire.status ?? MESSAGE_STATUS.NORMAL,
    isOwn: from === self,
    source,
    ...wireMessageLinks(wire, self),
  };
}

/** A pulled group row: a message, or a notice the server stored in the sequence. */
function groupItem(message: Message): GroupItem {
  const notice = storedGroupNotice(message);
  if (notice) return { kind: 'notice', notice };
  return isEventRow(message) ? { kind: 'change', row: message } : { kind: 'message', message, isLocalSend: false };
}

export class Inbound {
  private readonly seen = new SeenMids();
  private readonly groups = new GroupSequencer<GroupItem>();
  private inbox = new InboxSequencer<Message>();
  private chain: Promise<void> = Promise.resolve();
  private isSyncing = false;
  private isSyncWanted = false;
  private gapTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly pulling = new Set<number>();

  constructor(private readonly host: InboundHost) {}

  cursors(): Cursors {
    const inboxSeq = this.inbox.lastSeq;
    return { ...(inboxSeq === undefined ? {} : { inboxSeq }), groups: this.groups.cursors() };
  }

  restore(cursors: Cursors | undefined): void {
    this.inbox = new InboxSequencer(cursors?.inboxSeq);
    for (const [gid, seq] of Object.entries(cursors?.groups ?? {})) this.groups.setCursor(Number(gid), seq);
  }

  /** Signed in (again): catch up on the inbox and the groups. */
  async caughtUp(link: Link): Promise<void> {
    await Promise.all([this.syncInbox(link), this.resyncGroups(link)]);
  }

  stop(): void {
    if (this.gapTimer) clearTimeout(this.gapTimer);
    this.gapTimer = undefined;
  }

  /** An own send was acked: its mid and seq are known, so a sync will not show it again. */
  ownSent(message: Message): void {
    this.seen.add(message.mid);
    if (message.kind === 'chat' && message.seq !== undefined) this.release(this.inbox.offer(message.seq, undefined));
    if (message.kind === 'group' && message.seq !== undefined) this.offerGroup(message.peer, message.seq, { kind: 'message', message, isLocalSend: true });
    void this.enqueue(() => this.host.cache.putMessages(this.host.uid, [message]));
  }

  handle(link: Link, envelope: Envelope): void {
    const { events, outbox } = this.host;
    const { data } = envelope;
    switch (envelope.action) {
      case ACTIONS.MESSAGE_CHAT:
        return this.chat(readChatMessage(data), 'live');
      case ACTIONS.MESSAGE_GROUP:
        return this.groupChat(readChatMessage(data));
      case ACTIONS.MESSAGE_CHAT_EVENT:
        return this.accept(eventAsRow(readMessageEvent(data), this.host.uid, 'chat'));
      case ACTIONS.MESSAGE_GROUP_EVENT: {
        const row = eventAsRow(readMessageEvent(data), this.host.uid, 'group');
        return this.offerGroup(row.peer, row.seq ?? 0, { kind: 'change', row });
      }
      case ACTIONS.NOTIFY_GROUP: {
        const notice = readGroupNotice(data);
        return this.offerGroup(notice.gid, notice.seq, { kind: 'notice', notice });
      }
      case ACTIONS.MESSAGE_CHAT_RECALL:
      case ACTIONS.MESSAGE_GROUP_RECALL:
        return this.recalled(readChatMessage(data), envelope.action === ACTIONS.MESSAGE_GROUP_RECALL);
      case ACTIONS.ACK_MESSAGE:
        // Resolved by the send's own promise; the client records the message (ownSent).
        outbox.acked(readAckMessage(data));
        return;
      case ACTIONS.ACK_NOTIFY: {
        const notice = readAckNotify(data);
        outbox.receipted(notice.mid);
        return events.emit('delivered', { mid: notice.mid, peer: notice.from ?? 0 });
      }
      case ACTIONS.NOTIFY_READ: {
        const read = readAckRead(data);
        if (read.gid !== undefined) return events.emit('read', { kind: 'group', gid: read.gid, seq: read.seq ?? 0, ...(read.from ? { by: read.from } : {}) });
        return events.emit('read', { kind: 'chat', peer: read.from ?? 0, mid: read.mid ?? 0 });
      }
      case ACTIONS.MESSAGE_CLI: {
        const signal = readCliMessage(data);
        const from = signal.from ?? 0;
        if (signal.type === MESSAGE_TYPES.TYPING) return events.emit('typing', { from, to: signal.to });
        return events.emit('signal', { from, to: signal.to, type: signal.type, content: signal.content });
      }
      case ACTIONS.MESSAGE_FAILED_SEND: {
        const failed = readFailedSend(data);
        if (failed.cliMid) outbox.refused(failed.cliMid, failed.reason || 'refused');
        return;
      }
      case ACTIONS.NOTIFY_FORBIDDEN:
      case ACTIONS.NOTIFY_ERROR:
        return this.refusal(link, envelope);
      case ACTIONS.NOTIFY_KICKOUT: {
        const notice = readKickoutNotice(data);
        return this.host.kicked(notice.reason ?? 'signed in on another device', notice.device);
      }
      case ACTIONS.NOTIFY_LOGIN:
        return events.emit('login', readLoginNotice(data));
      case ACTIONS.NOTIFY_CONTACT:
        return events.emit('contact', readContactNotice(data));
      case ACTIONS.EVENT_USER_ONLINE:
      case ACTIONS.EVENT_USER_OFFLINE:
        return events.emit('presence', readPresenceEvent(data));
      default:
        // heartbeat, and actions newer than this SDK.
        return;
    }
  }

  /** Fetches the inbox after the contiguous seq, page by page, until the server has no more. */
  async syncInbox(link: Link): Promise<void> {
    if (this.isSyncing) {
      this.isSyncWanted = true;
      return;
    }
    this.isSyncing = true;
    try {
      do {
        this.isSyncWanted = false;
        let after = this.inbox.lastSeq;
        if (after === undefined) return;
        for (;;) {
          const page = await this.host.socketApi(link).messages.sync(after, this.host.syncPageSize);
          for (const message of page.messages) this.accept(message);
          if (!page.hasMore) {
            this.release(this.inbox.settleUpTo(page.lastSeq));
            break;
          }
          after = page.lastSeq;
        }
        await this.enqueue(async () => undefined);
      } while (this.isSyncWanted);
    } finally {
      this.isSyncing = false;
    }
  }

  private chat(wire: ChatMessage, source: MessageSource): void {
    const { uid, outbox } = this.host;
    // Our own send coming back (the sign-in push of an unacked send): it settles that send.
    if (wire.from === uid && wire.cliMid && wire.mid && outbox.has(wire.cliMid)) {
      outbox.acked({ cliMid: wire.cliMid, mid: wire.mid, ...(wire.seq ? { seq: wire.seq } : {}) });
      return;
    }
    this.accept(toMessage(wire, uid, 'chat', source));
  }

  /** Acks a 1:1 message (this device has it) and puts it in inbox order. */
  private accept(message: Message): void {
    // Changes ask no receipt (the server does not wait for one).
    if (!isEventRow(message)) this.host.currentLink()?.send(ACTIONS.ACK_REQUEST, { mid: message.mid, from: message.from });
    this.release(message.seq === undefined ? [message] : this.inbox.offer(message.seq, message));
    this.host.cursorsChanged();
    if (this.inbox.hasGap) this.syncSoon();
  }

  /** Emits released messages once per mid, in order, after the cache has them. */
  private release(messages: Message[]): void {
    if (messages.length === 0) return;
    const { uid, cache, events } = this.host;
    void this.enqueue(async () => {
      for (const message of messages) {
        const isNew = !this.seen.has(message.mid) && (await cache.getMessage(uid, message.mid)) === undefined;
        this.seen.add(message.mid);
        if (!isNew) continue;
        if (isEventRow(message)) {
          await this.applyChange(message);
          continue;
        }
        await cache.putMessages(uid, [message]);
        events.emit('message', message);
      }
    });
  }

  /** A hole in the inbox that a reordered push does not fill soon is fetched with a sync. */
  private syncSoon(): void {
    if (this.gapTimer) return;
    this.gapTimer = setTimeout(() => {
      this.gapTimer = undefined;
      const link = this.host.currentLink();
      if (this.inbox.hasGap && link) this.background(this.syncInbox(link));
    }, this.host.gapWaitMs);
  }

  private groupChat(wire: ChatMessage): void {
    const message = toMessage(wire, this.host.uid, 'group', 'live');
    if (message.seq === undefined) return;
    this.offerGroup(message.peer, message.seq, { kind: 'message', message, isLocalSend: false });
  }

  private offerGroup(gid: number, seq: number, item: GroupItem): void {
    this.releaseGroup(gid, this.groups.offer(gid, seq, item));
    this.pullGap(gid);
  }

  private releaseGroup(gid: number, items: GroupItem[]): void {
    if (items.length === 0) return;
    this.host.cursorsChanged();
    const last = items.at(-1)!;
    const lastRow = last.kind === 'message' ? last.message : last.kind === 'change' ? last.row : undefined;
    if (lastRow) this.host.currentLink()?.send(ACTIONS.ACK_GROUP_MSG, { gid, mid: lastRow.mid, seq: lastRow.seq });
    void this.enqueue(async () => {
      for (const item of items) {
        if (item.kind === 'notice') {
          this.host.events.emit('groupNotice', item.notice);
          continue;
        }
        if (item.kind === 'change') {
          await this.applyChange(item.row);
          continue;
        }
        this.seen.add(item.message.mid);
        if (item.isLocalSend) continue;
        await this.host.cache.putMessages(this.host.uid, [item.message]);
        this.host.events.emit('groupMessage', item.message);
      }
    });
  }

  /** Pulls the hole before the first held item. */
  private pullGap(gid: number): void {
    const gap = this.groups.gap(gid);
    if (gap) this.fill(gid, gap.fromSeq, gap.toSeq);
  }

  /** Pulls fromSeq..toSeq and releases it; what the server cannot find is skipped, not waited for. */
  private fill(gid: number, fromSeq: number, toSeq: number): void {
    const link = this.host.currentLink();
    if (!link || this.pulling.has(gid)) return;
    this.pulling.add(gid);
    const pull = async () => {
      try {
        let from = fromSeq;
        while (from <= toSeq) {
          const page = await this.host.socketApi(link).messages.groupRange(gid, from, toSeq);
          if (page.length === 0) break;
          for (const message of page) this.releaseGroup(gid, this.groups.offer(gid, message.seq ?? 0, groupItem(message)));
          from = Math.max(...page.map((m) => m.seq ?? 0)) + 1;
        }
        this.releaseGroup(gid, this.groups.skipTo(gid, toSeq));
      } finally {
        this.pulling.delete(gid);
      }
      this.pullGap(gid);
    };
    this.background(pull());
  }

  /** After a reconnect: each known group whose server seq is ahead of ours gets the difference pulled. */
  private async resyncGroups(link: Link): Promise<void> {
    const states = await this.host.socketApi(link).messages.groupStateAll().catch(() => []);
    for (const state of states) {
      // A group without a cursor starts at the first item the sign-in push or live traffic brings.
      const cursor = this.groups.cursorOf(state.gid);
      if (cursor !== undefined && state.lastSeq > cursor) this.fill(state.gid, cursor + 1, state.lastSeq);
    }
  }

  /** A change row in sequence order: the cached message it changes is updated, then `messageChange` fires. */
  private async applyChange(row: Message): Promise<void> {
    const change = changeOf(row);
    if (!change) return;
    const { uid, cache, events } = this.host;
    const target = await cache.getMessage(uid, change.target);
    if (target) await cache.putMessages(uid, [withChange(target, change)]);
    events.emit('messageChange', change);
  }

  private recalled(wire: ChatMessage, isGroup: boolean): void {
    const { uid, cache, events } = this.host;
    let mid = wire.mid ?? 0;
    try {
      mid = readRecallContent(wire.content).mid;
    } catch {
      // GlideIM clients put the target in content; ours also set `mid`.
    }
    const message = toMessage(wire, uid, isGroup ? 'group' : 'chat', 'live');
    void this.enqueue(async () => {
      const stored = await cache.getMessage(uid, mid);
      if (stored) await cache.putMessages(uid, [{ ...stored, status: MESSAGE_STATUS.RECALLED }]);
      events.emit('recall', { conversation: message.conversation, mid, by: message.from });
    });
  }

  private refusal(link: Link, envelope: Envelope): void {
    const goodbye = asRecord(envelope.data);
    if (typeof goodbye.code === 'number' && typeof goodbye.reconnect === 'boolean') {
      this.host.goodbye(goodbye.code, typeof goodbye.message === 'string' ? goodbye.message : noticeText(envelope), goodbye.reconnect);
      return;
    }
    const text = noticeText(envelope);
    if (this.host.outbox.refusedFrame(link, envelope.seq, text)) return;
    this.host.events.emit('error', new GlideClientError('SEND_REFUSED', `${envelope.action}: ${text}`));
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    const run = this.chain.then(task);
    this.chain = run.catch((err: unknown) => this.host.events.emit('error', new GlideClientError('SYNC_FAILED', 'could not handle a message', { cause: err })));
    return run;
  }

  private background(work: Promise<void>): void {
    work.catch((err: unknown) => this.host.events.emit('error', err instanceof GlideClientError ? err : new GlideClientError('SYNC_FAILED', String(err), { cause: err })));
  }
}
