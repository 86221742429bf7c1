import { GlideError, type Hooks } from '../core/index.js';
import { GROUP_NOTICE_TYPES } from '../protocol/index.js';
import type { GroupStore, SessionStore, UserStore } from '../store/index.js';
import { GROUP_ROLE, SESSION_TYPE } from '../store/index.js';
import type { GroupService } from './group-service.js';
import type { GroupDirectory, GroupState } from './group-state.js';
import type { GroupWriter, NoticeBody } from './group-writer.js';

export interface GroupAdminDeps {
  groups: GroupStore;
  users: UserStore;
  sessions: SessionStore;
  directory: GroupDirectory;
  writer: GroupWriter;
  service: GroupService;
  settings: { maxMembers: number; isHistoryVisibleToNewMembers: boolean };
  /** Told of groups created and of every notice stored (webhooks). */
  hooks: Hooks;
}

export interface GroupEdit {
  name?: string;
  avatar?: string;
  isMuted?: boolean;
}

const forbidden = (why: string) => new GlideError('GROUP_FORBIDDEN', why);

/**
 * Group management. Every change runs inside the group writer at its place in the sequence: it is
 * checked against the state there, written to the store, applied in memory, and announced as a
 * `notify.group` stored at the next seq, so members see changes in order and a gap always means "pull".
 */
export class GroupAdmin {
  constructor(private readonly deps: GroupAdminDeps) {}

  /** Stores a new group with its members; `announceCreated` then opens its sequence. */
  async createRecord(owner: number, name: string, memberUids: readonly number[]): Promise<{ gid: number; uids: number[] }> {
    const others = [...new Set(memberUids)].filter((uid) => uid !== owner);
    if (others.length + 1 > this.deps.settings.maxMembers) throw new GlideError('GROUP_FULL', `at most ${this.deps.settings.maxMembers} members`);
    await this.requireUsers(others);
    const { group } = await this.deps.groups.create({ name, ownerUid: owner, memberUids: others, allowHistory: this.deps.settings.isHistoryVisibleToNewMembers });
    const uids = [owner, ...others];
    await this.deps.sessions.ensure(uids.map((uid) => ({ owner: uid, type: SESSION_TYPE.group, peer: group.gid })));
    this.deps.hooks.emit({ type: 'group.created', gid: group.gid, owner, members: uids });
    return { gid: group.gid, uids };
  }

  /** Stores the "members added" notice at seq 1. Runs on the gid's owner, the only writer of its sequence. */
  announceCreated(gid: number, owner: number, uids: readonly number[]): Promise<void> {
    return this.change(gid, async () => ({ type: GROUP_NOTICE_TYPES.MEMBER_ADDED, by: owner, uids: [...uids] }));
  }

  join(uid: number, gid: number): Promise<void> {
    return this.addMembers(gid, uid, [uid], false);
  }

  async invite(by: number, gid: number, uids: readonly number[]): Promise<void> {
    await this.requireUsers(uids);
    return this.addMembers(gid, by, uids, true);
  }

  async exit(uid: number, gid: number): Promise<void> {
    let successor: number | undefined;
    await this.change(gid, async (state) => {
      this.requireMember(state, uid);
      if (state.group.ownerUid === uid) successor = pickSuccessor(state, uid);
      await this.deps.groups.removeMembers(gid, [uid]);
      state.members.delete(uid);
      return { type: GROUP_NOTICE_TYPES.MEMBER_REMOVED, by: uid, uids: [uid], alsoTell: [uid] };
    });
    if (successor !== undefined) await this.transferOwnership(gid, uid, successor);
    else if ((await this.deps.directory.get(gid))?.members.size === 0) await this.dissolveNow(gid, uid);
  }

  remove(by: number, gid: number, uids: readonly number[]): Promise<void> {
    return this.change(gid, async (state) => {
      this.requireManager(state, by);
      const targets = [...new Set(uids)].filter((uid) => state.members.has(uid));
      if (targets.length === 0) throw new GlideError('API_BAD_REQUEST', 'none of Uid are members');
      for (const uid of targets) {
        if (uid === state.group.ownerUid) throw forbidden('the owner cannot be removed');
        if (state.members.get(uid)!.role === GROUP_ROLE.admin && state.group.ownerUid !== by) throw forbidden('only the owner may remove an admin');
      }
      await this.deps.groups.removeMembers(gid, targets);
      for (const uid of targets) state.members.delete(uid);
      return { type: GROUP_NOTICE_TYPES.MEMBER_REMOVED, by, uids: targets, alsoTell: targets };
    });
  }

  update(by: number, gid: number, edit: GroupEdit): Promise<void> {
    return this.change(gid, async (state) => {
      this.requireManager(state, by);
      state.group = await this.deps.groups.update(gid, edit);
      if (edit.isMuted !== undefined) return { type: GROUP_NOTICE_TYPES.MUTE_CHANGED, by, mute: edit.isMuted, ...names(edit) };
      return { type: GROUP_NOTICE_TYPES.UPDATED, by, ...names(edit) };
    });
  }

  async setRole(by: number, gid: number, uid: number, role: number): Promise<void> {
    if (role === GROUP_ROLE.owner) return this.transferOwnership(gid, by, uid);
    if (role !== GROUP_ROLE.admin && role !== GROUP_ROLE.member) throw new GlideError('API_BAD_REQUEST', 'Type must be 1 (owner), 2 (admin) or 3 (member)');
    return this.change(gid, async (state) => {
      if (state.group.ownerUid !== by) throw forbidden('only the owner may change roles');
      const member = this.requireMember(state, uid);
      if (uid === by) throw forbidden('the owner transfers ownership with Type 1');
      await this.deps.groups.setRole(gid, uid, role);
      member.role = role;
      return { type: GROUP_NOTICE_TYPES.ROLE_CHANGED, by, uids: [uid], role };
    });
  }

  setMute(by: number, gid: number, uid: number, isMuted: boolean): Promise<void> {
    return this.change(gid, async (state) => {
      this.requireManager(state, by);
      const member = this.requireMember(state, uid);
      if (uid === state.group.ownerUid) throw forbidden('the owner cannot be muted');
      if (member.role === GROUP_ROLE.admin && state.group.ownerUid !== by) throw forbidden('only the owner may mute an admin');
      await this.deps.groups.setMemberMute(gid, uid, isMuted);
      member.isMuted = isMuted;
      return { type: GROUP_NOTICE_TYPES.MUTE_CHANGED, by, uids: [uid], mute: isMuted };
    });
  }

  async dissolve(by: number, gid: number): Promise<void> {
    await this.change(gid, async (state) => {
      if (state.group.ownerUid !== by) throw forbidden('only the owner may dissolve the group');
      return this.markDissolved(state, by);
    });
  }

  private async dissolveNow(gid: number, by: number): Promise<void> {
    await this.change(gid, (state) => this.markDissolved(state, by));
  }

  private async markDissolved(state: GroupState, by: number): Promise<NoticeBody> {
    if (state.group.isDissolved) throw forbidden('the group is dissolved');
    await this.deps.groups.dissolve(state.gid);
    state.group = { ...state.group, isDissolved: true };
    return { type: GROUP_NOTICE_TYPES.DISSOLVED, by };
  }

  private transferOwnership(gid: number, from: number, to: number): Promise<void> {
    return this.change(gid, async (state) => {
      if (state.group.ownerUid !== from) throw forbidden('only the owner may transfer ownership');
      const heir = this.requireMember(state, to);
      await this.deps.groups.setRole(gid, to, GROUP_ROLE.owner);
      const previous = state.members.get(from);
      if (previous) {
        await this.deps.groups.setRole(gid, from, GROUP_ROLE.admin);
        previous.role = GROUP_ROLE.admin;
      }
      state.group = await this.deps.groups.update(gid, { ownerUid: to });
      heir.role = GROUP_ROLE.owner;
      return { type: GROUP_NOTICE_TYPES.ROLE_CHANGED, by: from, uids: [to], role: GROUP_ROLE.owner };
    });
  }

  private addMembers(gid: number, by: number, uids: readonly number[], isInvite: boolean): Promise<void> {
    return this.change(gid, async (state, seq) => {
      if (state.group.isDissolved) throw forbidden('the group is dissolved');
      if (isInvite) this.requireMember(state, by);
      const fresh = [...new Set(uids)].filter((uid) => !state.members.has(uid));
      if (fresh.length === 0) throw new GlideError('API_BAD_REQUEST', isInvite ? 'everyone invited is already a member' : 'already a member');
      if (state.members.size + fresh.length > this.deps.settings.maxMembers) throw new GlideError('GROUP_FULL', `at most ${this.deps.settings.maxMembers} members`);
      // A new member sees the sequence from its own join notice on.
      const joinedSeq = seq - 1;
      await this.deps.groups.addMembers(gid, fresh, { joinedSeq });
      await this.deps.sessions.ensure(fresh.map((uid) => ({ owner: uid, type: SESSION_TYPE.group, peer: gid })));
      for (const uid of fresh) state.members.set(uid, { role: GROUP_ROLE.member, isMuted: false, joinedSeq });
      return { type: GROUP_NOTICE_TYPES.MEMBER_ADDED, by, uids: fresh };
    });
  }

  private async change(gid: number, apply: (state: GroupState, seq: number) => Promise<NoticeBody>): Promise<void> {
    const result = await this.deps.writer.write({ kind: 'change', gid, apply });
    this.deps.service.publish(result);
    if (!result.isDuplicate && result.notice) this.deps.hooks.emit({ type: 'group.changed', gid, seq: result.message.seq, notice: result.notice });
  }

  private requireMember(state: GroupState, uid: number) {
    const member = state.members.get(uid);
    if (!member) throw new GlideError('GROUP_NOT_MEMBER', `group ${state.gid}`);
    return member;
  }

  private requireManager(state: GroupState, uid: number): void {
    this.requireMember(state, uid);
    if (!state.isManager(uid)) throw forbidden('only the owner or an admin may do this');
  }

  private async requireUsers(uids: readonly number[]): Promise<void> {
    const found = new Set((await this.deps.users.getMany(uids)).map((user) => user.uid));
    const missing = uids.filter((uid) => !found.has(uid));
    if (missing.length > 0) throw new GlideError('STORE_NOT_FOUND', `no user ${missing.slice(0, 5).join(', ')}`);
  }
}

/** The oldest admin, else the oldest member (members are kept in join order). */
function pickSuccessor(state: GroupState, leaving: number): number | undefined {
  let firstMember: number | undefined;
  for (const [uid, member] of state.members) {
    if (uid === leaving) continue;
    if (member.role === GROUP_ROLE.admin) return uid;
    firstMember ??= uid;
  }
  return firstMember;
}

function names(edit: GroupEdit): Partial<NoticeBody> {
  return { ...(edit.name !== undefined ? { name: edit.name } : {}), ...(edit.avatar !== undefined ? { avatar: edit.avatar } : {}) };
}
