import { nodeOfMid, runInBackground, type Hooks, type Logger } from '../core/index.js';
import type { Connection } from '../gateway/index.js';
import type { ConnectionLookup, ConnRef, Delivery, DeliverableOf, Peers } from '../delivery/index.js';
import { DIALECTS, type ChatMessage as WireChat, type OutboundEnvelope } from '../protocol/index.js';
import { isEventContentType, type ChatMessage, type MessageStore } from '../store/index.js';
import type { DeviceCursorSink } from './chat-writer.js';
import { DeviceState } from './device-state.js';
import { GapRepair } from './gap-repair.js';
import { wireLinks } from './message-links.js';
import { chatEventEnvelope } from './event-body.js';
import type { MessagingMetrics } from './messaging-metrics.js';
import { ReceiptTable } from './receipt-table.js';

/**
 * Messages whose receipt state is kept in memory; older ones are looked up in the store. Oldest set
 * goes first (reads do not reorder): a receipt is read about once, soon after its message is stored.
 */
const MAX_RECEIPTS = 200_000;
/** What a chat frame adds to its content on the wire, roughly (envelope, ids, keys). */
const FRAME_OVERHEAD_BYTES = 256;

export function toWireChat(message: ChatMessage, seq: number): WireChat {
  const wire: WireChat = {
    cliMid: message.cliMid,
    mid: message.mid,
    seq,
    cliSeq: message.cliSeq,
    from: message.sender,
    to: message.receiver,
    type: message.type,
    content: message.content,
    sendAt: message.sendAt,
    status: message.status,
  };
  return message.links ? { ...wire, ...wireLinks(message.links) } : wire;
}

/**
 * Puts 1:1 messages on the devices that should have them: live fan-out (through `Delivery`) to every
 * signed-in device of the receiver and the sender's other devices, the sign-in sync of what a device
 * has not acked, device ack cursors, and `ack.notify` receipts (relayed once; at once when the receiver
 * is offline, since the server then has custody). Fan-out and receipt state live on the conversation's
 * owner, the node that wrote the message (its mid carries that node).
 */
export class ChatDelivery {
  private readonly devices = new WeakMap<Connection, DeviceState>();
  private readonly receipts = new ReceiptTable(MAX_RECEIPTS);
  private readonly cursors: DeviceCursorSink;
  private readonly gaps: GapRepair;

  constructor(
    private readonly deps: {
      messages: MessageStore;
      /** Device ack cursors ride in the chat writer's commits. */
      cursors: DeviceCursorSink;
      connections: ConnectionLookup;
      /** Reaches devices on every node. */
      delivery: Delivery;
      /** Receipts go to the node keeping the message's receipt state. */
      peers: Peers;
      metrics: MessagingMetrics;
      log: Logger;
      offlinePushLimit: number;
      offlinePushMaxBytes: number;
      /**
       * The custody ack.notify goes to the sender's G2 connections this long after it is due: the web client
       * v2 listens for it only ~0.8 s after ack.message and would miss it (a single tick forever).
       */
      custodyNoticeDelayMs: number;
      /** Told when a device confirms a message (push cancels its pending notification). */
      hooks: Hooks;
      /**
       * Whether the node holding all of a receiver's devices may keep a message's receipt state instead of
       * its owner (the receipt then goes straight to the sender's nodes). Off when push is configured: push
       * cancels a pending notification on the node that stored the message.
       */
      isReceiptDelegable: boolean;
      /** After a sign-in, when to look again for messages a cluster's owners fanned out past it (GapRepair); empty on one node. */
      lateSyncChecksMs: readonly number[];
    },
  ) {
    this.cursors = deps.cursors;
    this.gaps = new GapRepair({ messages: deps.messages, envelopeOf: chatEnvelope, log: deps.log, lateChecksMs: deps.lateSyncChecksMs });
    deps.delivery.handle('chat', (uids, item, exceptConnId) => this.chatHere(uids, item, exceptConnId));
    deps.delivery.handle('chat.redeliver', (_uids, { message, receiverSeq }) => this.redeliverHere(message, receiverSeq));
    deps.peers.on('chat.receipt', ({ mid, uid }) => {
      const done = this.confirm(mid, uid);
      if (done) runInBackground(deps.log, 'peer receipt', done);
    });
  }

  /**
   * A device signed in: push what it has not acked, oldest first, then let live traffic through. The
   * push stops at `offlinePushLimit` messages or `offlinePushMaxBytes` (so the sync alone never
   * overflows the connection's send queue); the client can pull the rest by seq (`msg/sync`), and the
   * device's cursor stays below it, so the next sign-in pushes it.
   */
  async syncDevice(conn: Connection): Promise<void> {
    const identity = conn.identity;
    if (!identity) return;
    const { messages, offlinePushLimit, offlinePushMaxBytes } = this.deps;
    // Registered before the first await so live deliveries from now on are held, not missed.
    const state = new DeviceState(conn, identity.uid, identity.device);
    this.devices.set(conn, state);
    try {
      const { cursor, lastSeq } = await this.syncStart(identity.uid, identity.device);
      state.startSync(cursor);
      // Nothing stored beyond the cursor (most sign-ins of a storm): no page to read. What is stored from
      // now on reaches this connection live, as it would after the page's read.
      if (lastSeq <= cursor) return;
      const [page, acks] = await Promise.all([messages.inboxAfter(identity.uid, cursor, offlinePushLimit), messages.deviceAcksAfter(identity.uid, identity.device, cursor)]);
      // Acked over HTTP (msg/chat/offline/ack) out of order: the device has them.
      const acked = new Set(acks);
      let bytes = 0;
      let pushed = 0;
      let next = 0;
      for (; next < page.entries.length; next++) {
        const entry = page.entries[next]!;
        if (acked.has(entry.seq)) {
          state.skipAcked(entry.seq);
          continue;
        }
        bytes += Buffer.byteLength(entry.message.content) + FRAME_OVERHEAD_BYTES;
        if (bytes > offlinePushMaxBytes && pushed > 0) break;
        state.pushSynced(entry.seq, entry.message.mid, chatEnvelope(entry.message, entry.seq));
        pushed++;
      }
      const firstLeft = page.entries[next]?.seq ?? (page.hasMore ? (page.entries.at(-1)?.seq ?? cursor) + 1 : undefined);
      if (firstLeft !== undefined) state.stopCursorBelow(firstLeft);
      this.deps.metrics.offlinePushes.inc(pushed);
    } finally {
      state.finishSync();
      // Closed while the sync ran (its cursor was unknown then): save what it has now that it is known.
      if (this.devices.get(conn) !== state) this.saveCursor(state);
      else this.gaps.signedIn(state);
    }
  }

  /**
   * Where a device's unacked messages start: its stored cursor, or for a device never seen before the
   * start of the newest `offlinePushLimit` window (not the whole history). Sign-in and msg/chat/offline agree.
   */
  async deviceCursor(uid: number, device: number): Promise<number> {
    return (await this.syncStart(uid, device)).cursor;
  }

  /** deviceCursor's answer and the inbox's last seq, read in one query (batched across sign-ins). */
  private async syncStart(uid: number, device: number): Promise<{ cursor: number; lastSeq: number }> {
    const { messages, offlinePushLimit } = this.deps;
    const { cursor: stored, lastSeq } = await messages.getSyncStart(uid, device);
    // A cursor acked just before (still riding a commit) counts: the device must not get those messages again.
    const cursor = Math.max(stored, this.cursors.unwritten(uid, device));
    return { cursor: cursor > 0 ? cursor : Math.max(0, lastSeq - offlinePushLimit), lastSeq };
  }

  /**
   * Fans a newly stored message out; true when no device of the receiver is online, so the server has
   * custody. `origin` is the sending connection: it gets ack.message instead, and its custody notice
   * from its own node after that ack (`notifyOrigin`); the sender's other devices get theirs here.
   */
  deliverNew(message: ChatMessage, senderSeq: number, receiverSeq: number, origin: ConnRef): boolean {
    const delivered = this.fanOut(message, senderSeq, receiverSeq, origin, this.receiptKeeper(message));
    this.receipts.add(message.mid, message.sender, message.receiver, delivered === 0);
    if (delivered === 0) this.notifySender(message.sender, message.receiver, message.mid, 'custody', origin);
    return delivered === 0;
  }

  /** The custody `ack.notify` for the sending connection, after its ack.message. */
  notifyOrigin(conn: Connection, receiver: number, mid: number): void {
    const envelope = { action: 'ack.notify', data: { mid, from: receiver } };
    const delayMs = conn.dialect === DIALECTS.G2 ? this.deps.custodyNoticeDelayMs : 0;
    if (delayMs > 0) setTimeout(() => conn.push(envelope), delayMs).unref();
    else conn.push(envelope);
  }

  /**
   * A send of a message stored before (the client retried it): fans it out again, since the first
   * fan-out may have died with the node that stored it. Connections already pushed it skip it
   * (DeviceState.deliver), and its receipt state stays as it was.
   */
  deliverStored(message: ChatMessage, senderSeq: number, receiverSeq: number, origin?: ConnRef): void {
    this.fanOut(message, senderSeq, receiverSeq, origin);
  }

  /**
   * The other node that keeps a new message's receipt state, when one node holds all of the receiver's devices
   * and this one none: its receipt then goes from there to the sender's nodes (one crossing) instead of to this
   * node and on to the sender's (two). Receipt state here stays too, for a device that signs in elsewhere later.
   */
  private receiptKeeper(message: ChatMessage): number | undefined {
    if (!this.deps.isReceiptDelegable || message.sender === message.receiver) return undefined;
    const nodes = this.deps.delivery.nodesOf(message.receiver);
    if (nodes.length !== 1) return undefined;
    for (const conn of this.deps.connections.connectionsOf(message.receiver)) if (conn.isOpen) return undefined;
    return nodes[0];
  }

  /** Devices here that got the message, plus the nodes it was sent to. */
  private fanOut(message: ChatMessage, senderSeq: number, receiverSeq: number, origin?: ConnRef, receiptAt?: number): number {
    const { delivery } = this.deps;
    const uids = message.sender === message.receiver ? [message.receiver] : [message.receiver, message.sender];
    const item: DeliverableOf<'chat'> = { kind: 'chat', message, senderSeq, receiverSeq };
    if (receiptAt !== undefined) item.receiptAt = receiptAt;
    const here = delivery.deliver(uids, item, origin);
    return here + delivery.nodesOf(message.receiver).length;
  }

  /** This node's part of a fan-out: the receiver's devices (counted) and the sender's (not). */
  private chatHere(uids: readonly number[], { message, senderSeq, receiverSeq, receiptAt }: DeliverableOf<'chat'>, exceptConnId: number | undefined): number {
    if (receiptAt === this.deps.peers.nodeId && !this.receipts.has(message.mid)) this.receipts.add(message.mid, message.sender, message.receiver, false);
    let count = 0;
    for (const uid of uids) {
      if (uid === message.receiver) count += this.deliverTo(uid, message, receiverSeq, exceptConnId);
      else if (uid === message.sender) this.deliverTo(uid, message, senderSeq, exceptConnId);
    }
    return count;
  }

  /** Delivers again to the receiver's devices that have not acked it (message.chat.resend). */
  redeliver(message: ChatMessage, receiverSeq: number): void {
    this.deps.delivery.deliver([message.receiver], { kind: 'chat.redeliver', message, receiverSeq });
  }

  private redeliverHere(message: ChatMessage, receiverSeq: number): number {
    let count = 0;
    for (const conn of this.deps.connections.connectionsOf(message.receiver)) {
      this.devices.get(conn)?.redeliver(receiverSeq, message.mid, chatEnvelope(message, receiverSeq));
      count++;
    }
    return count;
  }

  /**
   * The sending device has its own message: it counts toward its cursor, which is saved with the
   * device's next ack or when it disconnects (not per send: that would double the writes of a chat).
   */
  markOwn(conn: Connection, seq: number): void {
    this.devices.get(conn)?.markOwn(seq);
  }

  /** A connection closed: what it has (acked or sent itself) is saved, so its next sign-in starts after it. */
  disconnected(conn: Connection): void {
    const state = this.devices.get(conn);
    if (!state) return;
    this.devices.delete(conn);
    this.gaps.forget(state);
    this.saveCursor(state);
  }

  /**
   * A device acked a message (ack.request): advance its cursor; relay the first receipt to the sender.
   * Synchronous while the receipt state is in memory (the usual case); a promise only when it must be read.
   */
  ack(conn: Connection, mid: number): void | Promise<void> {
    const identity = conn.identity;
    if (!identity) return;
    const state = this.devices.get(conn);
    if (state?.ack(mid)) this.saveCursor(state);
    // The node that stored the message (its owner, which made the mid) keeps its receipt state, so
    // receipts from devices on several nodes still reach the sender once; or this node, when the owner
    // left it to the node holding all the receiver's devices (receiptKeeper).
    const { peers } = this.deps;
    const keeper = this.receipts.has(mid) ? peers.nodeId : nodeOfMid(mid);
    if (keeper !== peers.nodeId && peers.isLive(keeper)) peers.send(keeper, { type: 'chat.receipt', mid, uid: identity.uid });
    else return this.confirm(mid, identity.uid);
  }

  /** Device of `uid` confirmed `mid`: the first confirmation by the receiver goes to the sender. */
  private confirm(mid: number, uid: number): void | Promise<void> {
    this.deps.hooks.emit({ type: 'message.received', uid, mid });
    const slot = this.receipts.find(mid);
    if (slot >= 0) this.settle(mid, uid, slot);
    else return this.confirmStored(mid, uid);
  }

  private async confirmStored(mid: number, uid: number): Promise<void> {
    const stored = await this.deps.messages.get(mid);
    if (!stored) return;
    // Another ack may have loaded it meanwhile: keep the one state, so the sender hears once.
    const slot = this.receipts.find(mid);
    this.settle(mid, uid, slot >= 0 ? slot : this.receipts.add(mid, stored.sender, stored.receiver, false));
  }

  /** `slot`: the message's state in `receipts`. */
  private settle(mid: number, uid: number, slot: number): void {
    const { receipts } = this;
    // Only the receiver's devices confirm delivery; the sender's own devices acking their copy do not.
    if (receipts.receiver(slot) !== uid || receipts.sender(slot) === uid || receipts.isNotified(slot)) return;
    receipts.markNotified(slot);
    this.notifySender(receipts.sender(slot), uid, mid, 'device');
  }

  /** Sends an envelope to every signed-in device of a user, on any node. */
  pushToUser(uid: number, envelope: OutboundEnvelope, except?: Connection): void {
    this.deps.delivery.push([uid], envelope, except ? { except: this.deps.delivery.ref(except) } : {});
  }

  /** How a fan-out names the sending connection (it gets ack.message instead). */
  ref(conn: Connection): ConnRef {
    return this.deps.delivery.ref(conn);
  }

  /** Why new messages are refused right now (the other nodes are out of reach), or undefined. */
  unavailable(): string | undefined {
    return this.deps.delivery.unavailable();
  }

  /** Moves a device's cursor from an explicit ack of the offline list (HTTP); resolves once it is stored. */
  advanceCursor(uid: number, device: number, seq: number): Promise<void> {
    return this.cursors.advanceDurably(uid, device, seq);
  }

  flushed(): Promise<void> {
    return this.cursors.flushed();
  }

  /** Cursors saved, and no store read for a gap left running (the store may close after). */
  async close(): Promise<void> {
    await this.gaps.close();
    await this.cursors.flushed();
  }

  private saveCursor(state: DeviceState): void {
    const cursor = state.cursor();
    if (cursor !== undefined && cursor > 0) this.cursors.advance(state.uid, state.device, cursor);
  }

  private deliverTo(uid: number, message: ChatMessage, seq: number, exceptConnId: number | undefined): number {
    let count = 0;
    for (const conn of this.deps.connections.connectionsOf(uid)) {
      // A connection already closing is not an online device: it must not stand in the way of custody.
      if (conn.id === exceptConnId || !conn.isOpen) continue;
      const state = this.devices.get(conn);
      if (!state) continue;
      const hadGap = state.hasMissing();
      state.deliver(seq, message.mid, chatEnvelope(message, seq));
      if (!hadGap && state.hasMissing()) this.gaps.gapSeen(state);
      count++;
    }
    return count;
  }

  private notifySender(sender: number, receiver: number, mid: number, kind: 'custody' | 'device', except?: ConnRef): void {
    const g2DelayMs = kind === 'custody' ? this.deps.custodyNoticeDelayMs : 0;
    this.deps.delivery.push([sender], { action: 'ack.notify', data: { mid, from: receiver } }, except ? { g2DelayMs, except } : { g2DelayMs });
    this.deps.metrics.receipts.add(kind);
  }
}

function chatEnvelope(message: ChatMessage, seq: number): OutboundEnvelope {
  if (isEventContentType(message.type)) return chatEventEnvelope({ ...message, to: message.receiver }, seq);
  return { action: 'message.chat', data: toWireChat(message, seq) };
}
