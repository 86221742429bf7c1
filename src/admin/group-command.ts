import type { Group, GroupMember, Store } from '../store/index.js';
import { GROUP_ROLE } from '../store/index.js';
import { formatJson, formatTable, formatTime, type AdminOutput } from './output.js';

const PAGE_SIZE = 500;
const ROLE_NAMES: Record<number, string> = { [GROUP_ROLE.owner]: 'owner', [GROUP_ROLE.admin]: 'admin', [GROUP_ROLE.member]: 'member' };

export interface GroupCommandInput {
  store: Store;
  output: AdminOutput;
  /** list, or info and a gid. */
  args: readonly string[];
  isJson: boolean;
}

export interface GroupSummary {
  gid: number;
  name: string;
  ownerUid: number;
  members: number;
  lastSeq: number;
  isMuted: boolean;
  isDissolved: boolean;
  createdAt: string;
}

export interface MemberSummary {
  uid: number;
  account: string;
  role: string;
  isMuted: boolean;
  readSeq: number;
  joinedAt: string;
}

function summary(group: Group, members: number): GroupSummary {
  return { gid: group.gid, name: group.name, ownerUid: group.ownerUid, members, lastSeq: group.lastSeq, isMuted: group.isMuted, isDissolved: group.isDissolved, createdAt: formatTime(group.createdAt) };
}

async function memberSummaries(store: Store, members: readonly GroupMember[]): Promise<MemberSummary[]> {
  const accounts = new Map((await store.users.getMany(members.map((m) => m.uid))).map((u) => [u.uid, u.account]));
  return members.map((m) => ({ uid: m.uid, account: accounts.get(m.uid) ?? '', role: ROLE_NAMES[m.role] ?? String(m.role), isMuted: m.isMuted, readSeq: m.readSeq, joinedAt: formatTime(m.joinedAt) }));
}

/** `glide group …`; resolves with the exit code. */
export async function runGroupCommand(input: GroupCommandInput): Promise<number> {
  const { store, output, isJson } = input;
  const [action, key] = input.args;
  if (action === 'list') {
    const groups: GroupSummary[] = [];
    for (let after = 0; ; ) {
      const page = await store.groups.list(after, PAGE_SIZE);
      for (const group of page) groups.push(summary(group, (await store.groups.listMembers(group.gid)).length));
      if (page.length < PAGE_SIZE) break;
      after = page[page.length - 1]?.gid ?? after;
    }
    output.out(
      isJson
        ? formatJson(groups)
        : formatTable(['GID', 'NAME', 'OWNER', 'MEMBERS', 'LAST SEQ', 'STATE', 'CREATED'], groups.map((g) => [String(g.gid), g.name, String(g.ownerUid), String(g.members), String(g.lastSeq), g.isDissolved ? 'dissolved' : g.isMuted ? 'muted' : '', g.createdAt])),
    );
    return 0;
  }
  if (action !== 'info' || key === undefined || !/^\d+$/.test(key)) {
    output.err('glide: expected group list or group info <gid>\nRun "glide help group" for usage.\n');
    return 2;
  }
  const group = await store.groups.get(Number(key));
  if (!group) {
    output.err(`glide: no group ${key}\n`);
    return 1;
  }
  const members = await memberSummaries(store, await store.groups.listMembers(group.gid));
  if (isJson) output.out(formatJson({ ...summary(group, members.length), memberList: members }));
  else {
    const state = group.isDissolved ? 'dissolved' : group.isMuted ? 'muted' : 'active';
    output.out(`group ${group.gid} "${group.name}": owner ${group.ownerUid}, ${members.length} members, last seq ${group.lastSeq}, ${state}, created ${formatTime(group.createdAt)}\n\n`);
    output.out(formatTable(['UID', 'ACCOUNT', 'ROLE', 'MUTED', 'READ SEQ', 'JOINED'], members.map((m) => [String(m.uid), m.account, m.role, m.isMuted ? 'yes' : '', String(m.readSeq), m.joinedAt])));
  }
  return 0;
}
