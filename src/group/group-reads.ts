import { CursorCoalescer, GlideError, type Logger } from '../core/index.js';
import type { ConnRef } from '../delivery/index.js';
import type { Connection, FanoutBudget } from '../gateway/index.js';
import type { AckRead } from '../protocol/index.js';
import type { GroupMessage, GroupMessageStore, GroupReadPosition, GroupReadStore } from '../store/index.js';
import type { GroupFanout } from './group-fanout.js';
import type { GroupDirectory, GroupState } from './group-state.js';

export interface GroupReadSettings {
  /** Groups up to this size keep read receipts (readers list, read counts); 0 disables them. */
  readReceiptsMaxMembers: number;
}

/**
 * Read cursors move on every read; each member's is written at most about once per this gap while reads
 * keep coming (a lone read is written at once). A crash inside it loses only the newest read marks.
 */
const READ_ROUND_GAP_MS = 1000;

/**
 * Group read receipts: each member's read position (from `ack.read {gid, seq}` and `session/read {Gid,
 * Seq}`, coalesced per member), who read a message, read counts for history pages, and the groups whose
 * unread part mentions a user. Reads not yet written on this node count; another node's show within
 * about one gap.
 */
export class GroupReads {
  private readonly cursors: CursorCoalescer;

  constructor(
    private readonly deps: { directory: GroupDirectory; groupReads: GroupReadStore; groupMessages: GroupMessageStore; fanout: GroupFanout; budget: FanoutBudget; log: Logger },
    private readonly settings: GroupReadSettings,
  ) {
    this.cursors = new CursorCoalescer((round) => deps.groupReads.advanceReads(round), deps.log, 'group read cursor', READ_ROUND_GAP_MS);
  }

  /** `ack.read {gid, seq}` on the long connection: costs the member count from the fan-out budget. */
  async read(conn: Connection, receipt: AckRead): Promise<void> {
    const { gid, seq } = receipt;
    if (gid === undefined || seq === undefined) throw new GlideError('PROTO_BAD_PAYLOAD', 'gid and seq are required');
    const state = await this.memberState(gid, conn.identity!.uid);
    if (!this.deps.budget.takeFanout(conn, state.members.size)) throw new GlideError('GW_RATE_LIMITED', `more than ${this.deps.budget.maxFanoutPerSecond} member deliveries per second`);
    this.mark(state, conn.identity!.uid, seq, this.deps.fanout.here(conn));
  }

  /** `session/read {Gid, Seq}`: the member has read up to `seq` (at most the group's last). */
  async markRead(gid: number, uid: number, seq: number): Promise<void> {
    this.mark(await this.memberState(gid, uid), uid, seq);
  }

  /** Members who read message `seq` (not its sender, not who joined after it), ascending uid. */
  async readers(gid: number, seq: number, uid: number): Promise<GroupReadPosition[]> {
    const state = await this.memberState(gid, uid);
    if (!this.keepsReceipts(state)) throw new GlideError('GROUP_READERS_UNAVAILABLE', `read receipts are kept for groups of up to ${this.settings.readReceiptsMaxMembers} members`);
    const message = seq > 0 && seq <= state.committedSeq ? await this.deps.groupMessages.get(gid, seq) : undefined;
    if (!message || message.sender === 0) throw new GlideError('API_BAD_REQUEST', `seq ${seq} is no message of group ${gid}`);
    return (await this.positions(gid)).filter((p) => isReader(p, message));
  }

  /** How many members read each of `messages` (one group's); empty for a group too large to keep receipts. */
  async readCounts(gid: number, messages: readonly GroupMessage[]): Promise<Map<number, number>> {
    const counts = new Map<number, number>();
    const state = await this.deps.directory.get(gid);
    if (!state || !this.keepsReceipts(state) || messages.length === 0) return counts;
    const positions = await this.positions(gid);
    for (const m of messages) if (m.sender !== 0) counts.set(m.seq, positions.filter((p) => isReader(p, m)).length);
    return counts;
  }

  /** Per group of `uid`: the newest seq above its read position that mentions it. */
  unreadMentions(uid: number): Promise<Map<number, number>> {
    return this.deps.groupReads.unreadMentions(uid);
  }

  /** Resolves when every read mark so far is written. */
  flushed(): Promise<void> {
    return this.cursors.flushed();
  }

  private mark(state: GroupState, uid: number, seq: number, except?: ConnRef): void {
    const upTo = Math.min(seq, state.committedSeq);
    if (upTo <= 0) return;
    this.cursors.advance(state.gid, uid, upTo);
    this.deps.fanout.deliver([...state.members.keys()], { action: 'notify.read', data: { gid: state.gid, seq: upTo, from: uid } }, state.gid, 0, except);
  }

  private async positions(gid: number): Promise<GroupReadPosition[]> {
    const stored = await this.deps.groupReads.readPositions(gid);
    return stored.map((p) => ({ ...p, readSeq: Math.max(p.readSeq, this.cursors.unwritten(gid, p.uid)) }));
  }

  private keepsReceipts(state: GroupState): boolean {
    return state.members.size <= this.settings.readReceiptsMaxMembers;
  }

  private async memberState(gid: number, uid: number): Promise<GroupState> {
    const state = await this.deps.directory.get(gid);
    if (!state) throw new GlideError('GROUP_NOT_FOUND', `group ${gid}`);
    if (!state.members.has(uid)) throw new GlideError('GROUP_NOT_MEMBER', `group ${gid}`);
    return state;
  }
}

function isReader(p: GroupReadPosition, m: GroupMessage): boolean {
  return p.uid !== m.sender && p.joinedSeq < m.seq && p.readSeq >= m.seq;
}
