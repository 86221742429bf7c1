import { GlideError } from '../core/index.js';
import type { Group, GroupMember, GroupMessage, GroupMessageStore, GroupStore } from '../store/index.js';
import type { GroupDirectory, GroupState } from './group-state.js';

export interface GroupReaderDeps {
  directory: GroupDirectory;
  groups: GroupStore;
  groupMessages: GroupMessageStore;
}

/** Where a group's stream stands: its last seq and the mid and time of that message. */
export interface GroupPosition {
  gid: number;
  lastSeq: number;
  lastMid: number;
  lastAt: number;
}

/**
 * What members read over HTTP: group info and members, history, ranges and positions. Every read that
 * names a group checks membership, and a member sees messages from its join on unless the group shows history.
 */
export class GroupReader {
  constructor(private readonly deps: GroupReaderDeps) {}

  /** The group as a member may read it; non-members are refused. */
  async memberState(gid: number, uid: number): Promise<GroupState> {
    const state = await this.deps.directory.get(gid);
    if (!state) throw new GlideError('GROUP_NOT_FOUND', `group ${gid}`);
    if (!state.members.has(uid)) throw new GlideError('GROUP_NOT_MEMBER', `group ${gid}`);
    return state;
  }

  /** The named groups that exist, each with its member count. */
  async info(gids: readonly number[]): Promise<{ group: Group; memberCount: number }[]> {
    const found = await this.deps.groups.getMany(gids);
    const states = await Promise.all(found.map((group) => this.deps.directory.get(group.gid)));
    return found.map((group, i) => ({ group, memberCount: states[i]?.members.size ?? 0 }));
  }

  async members(gid: number, uid: number): Promise<GroupMember[]> {
    await this.memberState(gid, uid);
    return this.deps.groups.listMembers(gid);
  }

  /** Newest first, before `beforeSeq` when given, what the member may read. */
  async history(gid: number, uid: number, limit: number, beforeSeq?: number): Promise<GroupMessage[]> {
    const first = firstReadable(await this.memberState(gid, uid), uid);
    return (await this.deps.groupMessages.history(gid, limit, beforeSeq)).filter((m) => m.seq >= first);
  }

  /** Seqs `fromSeq`..`toSeq`, at most `limit` of them, starting no earlier than the member may read. */
  async range(gid: number, uid: number, fromSeq: number, toSeq: number, limit: number): Promise<GroupMessage[]> {
    const from = Math.max(fromSeq, firstReadable(await this.memberState(gid, uid), uid));
    const to = Math.min(toSeq, from + limit - 1);
    return from > to ? [] : this.deps.groupMessages.range(gid, from, to, limit);
  }

  async position(gid: number, uid: number): Promise<GroupPosition> {
    return this.positionOf(await this.memberState(gid, uid));
  }

  /** The position of every group `uid` belongs to. */
  async positionsOf(uid: number): Promise<GroupPosition[]> {
    return Promise.all(
      (await this.deps.groups.listGroupsOf(uid)).map(async (gid) => {
        const state = await this.deps.directory.get(gid);
        if (!state) throw new GlideError('GROUP_NOT_FOUND', `group ${gid}`);
        return this.positionOf(state);
      }),
    );
  }

  private async positionOf(state: GroupState): Promise<GroupPosition> {
    const last = state.committedSeq > 0 ? await this.deps.groupMessages.get(state.gid, state.committedSeq) : undefined;
    return { gid: state.gid, lastSeq: state.committedSeq, lastMid: last?.mid ?? 0, lastAt: last?.createdAt ?? 0 };
  }
}

/** The first seq a member may read: everything, or from its join on unless the group shows history. */
export function firstReadable(state: GroupState, uid: number): number {
  return state.group.allowHistory ? 1 : (state.members.get(uid)?.joinedSeq ?? 0) + 1;
}
