import { CursorCoalescer, GlideError, LruCache, nodeOfMid, runInBackground, type Clock, type Hooks, type Logger, type OwnedCalls } from '../core/index.js';
import type { ActionRouter, Connection, FanoutBudget } from '../gateway/index.js';
import { failedSend, groupSentAck, idempotencyKey, messageRefusal, midKey, readChatMessage, readRecallContent, writeRecallContent, type ChatMessage as WireChat, type Envelope } from '../protocol/index.js';
import type { GroupMessage, GroupMessageStore, GroupStore } from '../store/index.js';
import { hasLinks, LinkRefusal, resolveLinks, type IssuedMids, type ReadableMessages, type ResolvedLinks } from '../messaging/index.js';
import { groupEnvelope } from './envelopes.js';
import { FrameCache, type ConnRef } from '../delivery/index.js';
import type { GroupFanout } from './group-fanout.js';
import type { GroupMetrics } from './group-metrics.js';
import type { GroupDirectory } from './group-state.js';
import type { GroupPost, GroupWriter, GroupWriteResult } from './group-writer.js';

export interface GroupSettings {
  maxContentBytes: number;
  recallWindowSec: number;
  offlinePushLimit: number;
  /** Members one post may mention by uid. */
  maxMentions: number;
}

export interface GroupServiceDeps {
  directory: GroupDirectory;
  writer: GroupWriter;
  fanout: GroupFanout;
  groups: GroupStore;
  groupMessages: GroupMessageStore;
  clock: Clock;
  log: Logger;
  metrics: GroupMetrics;
  settings: GroupSettings;
  /** Each connection's budget of member deliveries per second (the router charges everything else). */
  budget: FanoutBudget;
  /** Where a group's posts are sequenced and fanned out: the gid's owner node (this one in single mode). */
  calls: OwnedCalls;
  /** Mids handed out by `msg/id`: a G1 post sent with one keeps it as its stored mid. */
  issued: IssuedMids;
  /** The before-message hook and the stored/received/recalled events (push, webhooks). */
  hooks: Hooks;
  /** What a reply or a forward may point at. */
  readable: ReadableMessages;
}

interface PostCall {
  post: GroupPost;
  origin: ConnRef;
}

/**
 * Members ack every message (10 posts/s in a 1,000-member group = 10,000 acks/s); each member's delivered
 * cursor is written at most about once per this gap while acks keep coming. A crash inside it only makes a
 * sign-in push again what the member had acked (clients drop repeats by seq).
 */
const DELIVERED_ROUND_GAP_MS = 1000;

/**
 * Stored group messages as sign-in syncs push them, each encoded once per (codec, dialect): when a big
 * group signs in (a restart, a morning) every member is sent the same recent rows.
 */
const SYNC_FRAMES_CACHED = 512;

/**
 * Group messaging on the long connection: posts (checked and sequenced by the group writer, acked,
 * fanned out), recall, delivered and read cursors, and the sign-in push of missed group messages.
 */
export class GroupService {
  /** Members ack every message; the store needs only each member's newest delivered seq. */
  private readonly delivered: CursorCoalescer;

  /** Sequences, stores and fans out a post on the gid's owner; resolves with the stored result. */
  private readonly commitPost: (gid: number, call: PostCall) => Promise<GroupWriteResult>;

  /** Keyed by mid and status: a recall changes the frame. */
  private readonly syncFrames = new LruCache<string, FrameCache>(SYNC_FRAMES_CACHED);

  constructor(private readonly deps: GroupServiceDeps) {
    // Idempotent: the writer dedups (gid, sender, cliMid), so a retry on the next owner stores one row.
    this.commitPost = deps.calls.define<PostCall, GroupWriteResult>('group.post', 'idempotent', async ({ post, origin }) => {
      const result = await deps.writer.write(post);
      if (!result.isDuplicate) {
        this.publish(result, origin);
        const m = result.message;
        deps.hooks.emit({ type: 'message.stored', message: { kind: 'group', mid: m.mid, sender: m.sender, to: m.gid, seq: m.seq, type: m.type, content: m.content, sendAt: m.sendAt, recipients: result.recipients.filter((uid) => uid !== m.sender), ...mentionsOf(m) } });
      }
      // In the background: the ack of this post must not wait behind a store read (acks keep send order).
      else if (this.deps.fanout.isGone(nodeOfMid(result.message.mid))) runInBackground(deps.log, 'group republish', this.republishOrphan(result, origin));
      return result;
    });
    this.delivered = new CursorCoalescer((round) => deps.groups.advanceDelivered(round), deps.log, 'group delivered cursor', DELIVERED_ROUND_GAP_MS);
  }

  /** Resolves when every delivered cursor acked so far is written. */
  flushed(): Promise<void> {
    return this.delivered.flushed();
  }

  /** Routes the group actions; each member signing in gets its groups' messages it has not acked. */
  mount(router: ActionRouter, signins: { onSignedIn(what: string, listener: (conn: Connection) => Promise<void>): void }): void {
    signins.onSignedIn('sign-in group sync', (conn) => this.syncMember(conn));
    const asMessage = { onRefused: (conn: Connection, envelope: Envelope, reason: string) => conn.reply(envelope.seq, messageRefusal(envelope.data, reason)) };
    router.on('message.group', (conn, envelope) => this.post(conn, envelope), asMessage);
    router.on('message.group.recall', (conn, envelope) => this.recall(conn, envelope), asMessage);
    // The member's next sign-in may be on another node, which reads the stored cursor.
    router.onDisconnect(() => this.delivered.hurry());
  }

  /** `ack.group.msg {gid, seq}`: this member has the group's messages up to `seq`. */
  ackDelivered(conn: Connection, gid: number, seq: number): void {
    const uid = conn.identity!.uid;
    this.delivered.advance(gid, uid, seq);
    this.deps.hooks.emit({ type: 'group.received', uid, gid, seq });
  }

  /** A receipt naming only a mid (G1's `ack.request` of a group message); false when `mid` is no group message. */
  async ackByMid(conn: Connection, mid: number): Promise<boolean> {
    const message = await this.deps.groupMessages.getByMid(mid);
    if (!message) return false;
    this.ackDelivered(conn, message.gid, message.seq);
    return true;
  }

  /** Delivers a stored write (post or notice) to the members it names. */
  publish(result: GroupWriteResult, except?: ConnRef): void {
    if (result.isDuplicate) return;
    if (result.notice) this.deps.metrics.notices.inc({ type: String(result.notice.type) });
    const started = performance.now();
    const count = this.deps.fanout.deliver(result.recipients, groupEnvelope(result.message), result.message.gid, result.message.seq, except);
    this.deps.metrics.deliveries.inc(count);
    this.deps.metrics.fanoutSeconds.observe((performance.now() - started) / 1000);
  }

  /**
   * A retried post found stored by a node that has died since: that node may have died before its
   * fan-out. Members whose delivered cursor is below it get it again; a member who already acked it
   * (cursors are written as acks arrive) is skipped. Mids carry the node that made them, which for a
   * post is the owner that stored it.
   */
  private async republishOrphan(result: GroupWriteResult, origin: ConnRef): Promise<void> {
    const { gid, seq } = result.message;
    const members = await this.deps.groups.listMembers(gid);
    const recipients = members.filter((m) => m.deliveredSeq < seq && m.joinedSeq < seq).map((m) => m.uid);
    this.publish({ ...result, isDuplicate: false, recipients }, origin);
  }

  /** Pushes each group's messages this member has not acked, up to the configured number per group. */
  syncMember(conn: Connection): Promise<void> {
    const uid = conn.identity!.uid;
    const { groups, groupMessages, directory, settings } = this.deps;
    return this.deps.fanout.sync(conn, async (pushed) => {
      for (const gid of await groups.listGroupsOf(uid)) {
        // An ack not written yet counts; read before the store so a write landing in between is seen.
        const unwritten = this.delivered.unwritten(gid, uid);
        const [state, member] = await Promise.all([directory.get(gid), groups.getMember(gid, uid)]);
        if (!state || !member) continue;
        const from = Math.max(member.deliveredSeq, unwritten, member.joinedSeq) + 1;
        if (from > state.committedSeq) continue;
        const to = Math.min(state.committedSeq, from + settings.offlinePushLimit - 1);
        for (const message of await groupMessages.range(gid, from, to, settings.offlinePushLimit)) {
          const key = `${message.mid}:${message.status}`;
          let frames = this.syncFrames.get(key);
          if (!frames) this.syncFrames.set(key, (frames = new FrameCache(groupEnvelope(message))));
          if (conn.pushPrepared(frames.frameFor(conn))) pushed(gid, message.seq);
        }
      }
    });
  }

  /**
   * A post costs its recipients from the fan-out budget. They are known once it is sequenced, so the
   * last post's size to this group is taken up front and corrected after; the first post of a connection
   * to a group holds the connection's next frames until its size is known.
   */
  private post(conn: Connection, envelope: Envelope): Promise<void> | void {
    const message = readChatMessage(envelope.data);
    const gid = message.to ?? envelope.to;
    if (!gid) throw new GlideError('PROTO_BAD_PAYLOAD', 'to (the gid) is required');
    const cliMid = idempotencyKey(message);
    const unavailable = this.deps.fanout.unavailable();
    if (unavailable !== undefined) return this.failed(conn, message, 'unavailable', unavailable);
    if (this.isTooLarge(message.content)) return this.failed(conn, message, 'too_large', `content over ${this.deps.settings.maxContentBytes} bytes`);
    if (hasLinks(message)) return this.link(conn, envelope, message, gid, cliMid);
    return this.screen(conn, envelope, message, message, gid, cliMid);
  }

  /** A reply, forward or mention: checked against what the sender may read before the post goes on. */
  private async link(conn: Connection, envelope: Envelope, message: WireChat, gid: number, cliMid: string): Promise<void> {
    let linked: ResolvedLinks;
    try {
      linked = await resolveLinks(conn.identity!.uid, { kind: 'group', gid }, message, this.deps.readable, this.deps.settings.maxMentions);
    } catch (err) {
      if (err instanceof LinkRefusal) return this.failed(conn, message, err.reason, err.message);
      throw err;
    }
    return this.screen(conn, envelope, message, linked, gid, cliMid);
  }

  private screen(conn: Connection, envelope: Envelope, message: WireChat, linked: ResolvedLinks, gid: number, cliMid: string): Promise<void> | void {
    const { hooks } = this.deps;
    if (!hooks.isScreening) return this.accept(conn, envelope, message, linked, gid, cliMid);
    return hooks.screen({ kind: 'group', sender: conn.identity!.uid, to: gid, type: linked.type, content: linked.content }).then((refusal) => (refusal === undefined ? this.accept(conn, envelope, message, linked, gid, cliMid) : this.failed(conn, message, 'hook_rejected', refusal)));
  }

  private accept(conn: Connection, envelope: Envelope, message: WireChat, linked: ResolvedLinks, gid: number, cliMid: string): Promise<void> | void {
    const uid = conn.identity!.uid;
    const { budget } = this.deps;
    const estimate = budget.lastFanout(conn, gid);
    if (estimate !== undefined && !budget.takeFanout(conn, estimate)) return this.failed(conn, message, 'rate_limited', this.fanoutRefusal());
    // As for 1:1: an issued mid sent as the post's only key (no cliMid) is the stored mid; a retry with it
    // is found by that key and acked with the same mid.
    const ownMid = message.mid !== undefined && cliMid === midKey(message.mid) && this.deps.issued.take(uid, message.mid) ? message.mid : undefined;
    const post: GroupPost = { kind: 'post', gid, sender: uid, cliMid, ...(ownMid ? { mid: ownMid } : {}), type: linked.type, content: linked.content, ...(linked.links ? { links: linked.links } : {}), sendAt: message.sendAt ?? this.deps.clock.now() };
    const settled = this.commitPost(gid, { post, origin: this.deps.fanout.here(conn) }).then(
      (result) => {
        budget.settleFanout(conn, gid, estimate ?? 0, result.recipients.length);
        if (result.isDuplicate) this.deps.metrics.duplicates.inc();
        else this.deps.metrics.messages.inc();
        this.ack(conn, message, result.message.mid, result.message.seq);
      },
      (err: unknown) => {
        if (ownMid) this.deps.issued.giveBack(uid, ownMid);
        if (err instanceof GlideError && (err.code === 'GROUP_FORBIDDEN' || err.code === 'GROUP_NOT_FOUND')) {
          this.deps.metrics.refusals.inc({ reason: err.code });
          conn.reply(envelope.seq, { action: 'notify.forbidden', data: err.message });
          return;
        }
        this.deps.log.warn({ err, gid }, 'group message not stored');
        this.failed(conn, message, 'store_failed', 'could not store the message');
      },
    );
    if (estimate === undefined) return settled;
  }

  private async recall(conn: Connection, envelope: Envelope): Promise<void> {
    const uid = conn.identity!.uid;
    const message = readChatMessage(envelope.data);
    if (this.isTooLarge(message.content)) return this.failed(conn, message, 'too_large', `content over ${this.deps.settings.maxContentBytes} bytes`);
    const { mid } = readRecallContent(message.content);
    const gid = message.to ?? envelope.to;
    const target = await this.deps.groupMessages.getByMid(mid);
    const state = gid === undefined ? undefined : await this.deps.directory.get(gid);
    if (!target || !state || target.gid !== gid || target.sender === 0) return this.failed(conn, message, 'recall_denied', 'no such message in this group');
    if (target.sender !== uid && !state.isManager(uid)) return this.failed(conn, message, 'recall_denied', 'only the sender or a group manager may recall');
    const windowMs = this.deps.settings.recallWindowSec * 1000;
    if (windowMs === 0 || this.deps.clock.now() - target.createdAt > windowMs) return this.failed(conn, message, 'recall_expired', 'the recall window has passed');
    if (!this.deps.budget.takeFanout(conn, state.members.size)) return this.failed(conn, message, 'rate_limited', this.fanoutRefusal());
    await this.deps.groupMessages.setRecalled(target.gid, target.seq, uid);
    this.deps.hooks.emit({ type: 'message.recalled', kind: 'group', mid, by: uid, to: target.gid });
    this.ack(conn, message, mid, target.seq);
    // Who recalled comes from the identity, never from the client's content (which is not relayed).
    const content = writeRecallContent(conn.dialect, { mid, recallBy: uid });
    const notice = { action: 'message.group.recall', data: { ...message, mid, seq: target.seq, from: uid, to: target.gid, content, sendAt: message.sendAt ?? this.deps.clock.now() } };
    this.deps.fanout.deliver([...state.members.keys()], notice, target.gid, 0, this.deps.fanout.here(conn));
  }

  private isTooLarge(content: string): boolean {
    return Buffer.byteLength(content) > this.deps.settings.maxContentBytes;
  }

  private fanoutRefusal(): string {
    return `more than ${this.deps.budget.maxFanoutPerSecond} member deliveries per second`;
  }

  private ack(conn: Connection, message: WireChat, mid: number, seq: number): void {
    conn.push(groupSentAck(conn.dialect, message, mid, seq));
  }

  private failed(conn: Connection, message: WireChat, reason: string, text: string): void {
    this.deps.metrics.refusals.inc({ reason });
    conn.push(failedSend(message, text));
  }
}

/** The mentions of a stored post, for the stored-message hook (a mention is pushed even when the group is muted). */
function mentionsOf(m: GroupMessage): { mentions?: readonly number[]; mentionAll?: boolean } {
  const links = m.links;
  if (!links) return {};
  return { ...(links.mentions?.length ? { mentions: links.mentions } : {}), ...(links.mentionAll === true ? { mentionAll: true } : {}) };
}
