import type { Group, GroupMember, GroupRole, GroupStore, GroupMessageStore } from '../store/index.js';
import { GROUP_ROLE } from '../store/index.js';

export interface MemberState {
  role: GroupRole;
  isMuted: boolean;
  joinedSeq: number;
}

/**
 * A group as its single writer sees it: settings, members and the last seq. Only the group writer
 * changes it (in seq order), so checks and fan-out lists always match the sequence.
 */
export class GroupState {
  readonly members = new Map<number, MemberState>();
  /**
   * The newest seq the store holds. `lastSeq` runs ahead of it while a batch commits; readers (state
   * routes, sign-in sync) use this one, so a client never asks for a seq that is not readable yet.
   */
  committedSeq: number;

  constructor(
    public group: Group,
    members: readonly GroupMember[],
    public lastSeq: number,
  ) {
    this.committedSeq = lastSeq;
    for (const member of members) this.members.set(member.uid, { role: member.role, isMuted: member.isMuted, joinedSeq: member.joinedSeq });
  }

  get gid(): number {
    return this.group.gid;
  }

  isManager(uid: number): boolean {
    const role = this.members.get(uid)?.role;
    return role === GROUP_ROLE.owner || role === GROUP_ROLE.admin;
  }

  /** Why `uid` may not post now, or undefined when it may. */
  refusalToPost(uid: number): string | undefined {
    if (this.group.isDissolved) return 'the group is dissolved';
    const member = this.members.get(uid);
    if (!member) return 'not a member of this group';
    if (member.isMuted) return 'you are muted in this group';
    if (this.group.isMuted && !this.isManager(uid)) return 'the group is muted';
    return undefined;
  }
}

/**
 * Loads group states on first use and keeps them; concurrent loads of one gid share a query. In a
 * cluster only the owner of a gid keeps its state (`keeps`): other nodes read the store each time,
 * since the owner changes it.
 */
export class GroupDirectory {
  private readonly states = new Map<number, GroupState>();
  private readonly loading = new Map<number, Promise<GroupState | undefined>>();

  constructor(private readonly deps: { groups: GroupStore; groupMessages: GroupMessageStore; keeps?: (gid: number) => boolean }) {}

  get(gid: number): Promise<GroupState | undefined> {
    const state = this.states.get(gid);
    if (state) return Promise.resolve(state);
    let pending = this.loading.get(gid);
    if (!pending) {
      pending = this.load(gid).finally(() => this.loading.delete(gid));
      this.loading.set(gid, pending);
    }
    return pending;
  }

  /** Drops a state whose in-memory copy may no longer match the store (a failed write). */
  forget(gid: number): void {
    this.states.delete(gid);
  }

  /** Drops every kept state `isStale` says no longer belongs here (gids this node stopped owning). */
  forgetWhere(isStale: (gid: number) => boolean): void {
    for (const gid of this.states.keys()) if (isStale(gid)) this.states.delete(gid);
  }

  private async load(gid: number): Promise<GroupState | undefined> {
    const group = await this.deps.groups.get(gid);
    if (!group) return undefined;
    const [members, storedSeq] = await Promise.all([this.deps.groups.listMembers(gid), this.deps.groupMessages.lastSeq(gid)]);
    // The seq resumes from what is stored, so it never repeats or skips after a restart.
    const state = new GroupState(group, members, Math.max(group.lastSeq, storedSeq));
    if (this.deps.keeps?.(gid) ?? true) this.states.set(gid, state);
    return state;
  }
}
