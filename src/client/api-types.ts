/**
 * What the HTTP routes answer, in our names, and the lenient readers from GlideIM's wire names
 * (either casing; ids as numbers or decimal strings).
 */
import { responseMessageLinks } from './message-links.js';
import type { ConversationKey, Message, MessageSource } from './types.js';

export interface AuthResult {
  uid: number;
  token: string;
  /** Short-lived proof for the G2 `authenticate` action. */
  credential: string;
  servers: string[];
  nickname: string;
  avatar: string;
  device: number;
}

export interface UserInfo {
  uid: number;
  account: string;
  nickname: string;
  avatar: string;
}

export interface Profile extends UserInfo {
  email: string;
}

export interface Contact {
  uid: number;
  type: number;
  remark: string;
  /** Has an open connection right now (changes arrive as `presence` events). */
  online: boolean;
}

export interface SessionLine {
  conversation: ConversationKey;
  /** The peer uid, or the gid for group lines. */
  peer: number;
  unread: number;
  lastMid: number;
  /** 1:1 lines of sessions.recent(): the highest mid of ours the peer has read (0 when none, or unknown). */
  peerReadMid: number;
  /** Group lines of sessions.recent({ groups: true }): the unread part mentions the signed-in user. */
  isMentioned: boolean;
  updatedAt: number;
  createdAt: number;
}

/** Who read a group message (`msg/group/readers`). */
export interface GroupReader {
  uid: number;
  readSeq: number;
}

export interface SyncPage {
  messages: Message[];
  lastSeq: number;
  hasMore: boolean;
}

/** What `msg/search` narrows by; every field optional. Times are ms (the message's server time). */
export interface SearchOptions {
  /** Only the 1:1 conversation with this user. */
  peer?: number;
  /** Only this group (the caller must be a member). */
  gid?: number;
  /** Only messages sent by this user. */
  from?: number;
  after?: number;
  before?: number;
  /** The `cursor` of the previous page. */
  cursor?: number;
  limit?: number;
}

/** One page of search results, newest first; `cursor` is absent on the last page. */
export interface SearchPage {
  messages: Message[];
  cursor?: number;
}

export interface GroupInfo {
  gid: number;
  name: string;
  avatar: string;
  owner: number;
  mute: boolean;
}

export interface GroupMember {
  uid: number;
  remark: string;
  /** 1 owner, 2 admin, 3 member. */
  role: number;
  online: boolean;
  mute: boolean;
}

export interface GroupState {
  gid: number;
  lastMid: number;
  lastSeq: number;
  lastMsgAt: number;
}

export interface AppInfo {
  online: number;
  maxOnline: number;
  messagesSent: number;
  startAt: number;
}

export type Wire = Record<string, unknown>;

export function asRecord(value: unknown): Wire {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Wire) : {};
}

export function asList(value: unknown): Wire[] {
  return Array.isArray(value) ? value.map(asRecord) : [];
}

/** The first present field among `names`, matched case-insensitively. */
export function field(source: Wire, ...names: string[]): unknown {
  for (const name of names) if (source[name] !== undefined && source[name] !== null) return source[name];
  const lower = new Map(Object.keys(source).map((key) => [key.toLowerCase(), key]));
  for (const name of names) {
    const key = lower.get(name.toLowerCase());
    if (key !== undefined && source[key] !== undefined && source[key] !== null) return source[key];
  }
  return undefined;
}

export function num(source: Wire, ...names: string[]): number {
  const value = field(source, ...names);
  const n = typeof value === 'string' && value !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : 0;
}

export function text(source: Wire, ...names: string[]): string {
  const value = field(source, ...names);
  return typeof value === 'string' ? value : value === undefined ? '' : String(value);
}

export function flag(source: Wire, ...names: string[]): boolean {
  const value = field(source, ...names);
  return value === true || value === 1 || value === 'true';
}

export function readAuthResult(data: unknown): AuthResult {
  const d = asRecord(data);
  const servers = field(d, 'servers', 'server', 'Servers');
  const credential = field(d, 'credential');
  return {
    uid: num(d, 'uid', 'Uid'),
    token: text(d, 'token', 'Token'),
    credential: typeof credential === 'string' ? credential : text(asRecord(credential), 'credential'),
    servers: Array.isArray(servers) ? servers.map(String) : [],
    nickname: text(d, 'nickname', 'nick_name', 'Nickname'),
    avatar: text(d, 'avatar', 'Avatar'),
    device: num(d, 'device', 'Device'),
  };
}

export function readUserInfo(w: Wire): UserInfo {
  return { uid: num(w, 'uid', 'Uid'), account: text(w, 'account', 'Account'), nickname: text(w, 'nick_name', 'nickname', 'Nickname'), avatar: text(w, 'avatar', 'Avatar') };
}

export function readSessionLine(w: Wire): SessionLine {
  const isGroup = num(w, 'Type') === 2;
  const peer = num(w, 'To', 'Uid2');
  return { conversation: isGroup ? `group:${peer}` : `chat:${peer}`, peer, unread: num(w, 'Unread'), lastMid: num(w, 'LastMid'), peerReadMid: num(w, 'PeerRead'), isMentioned: flag(w, 'Mentioned'), updatedAt: num(w, 'UpdateAt'), createdAt: num(w, 'CreateAt') };
}

/** A 1:1 MessageResponse as seen by `self`. */
/** The edit mark and reaction counts read paths add to a message. */
function eventFields(w: Wire): Pick<Message, 'editedAt' | 'reactions'> {
  const editedAt = num(w, 'EditedAt');
  const reactions = w.Reactions !== null && typeof w.Reactions === 'object' ? Object.fromEntries(Object.entries(w.Reactions as Record<string, unknown>).map(([key, n]) => [key, Number(n)])) : undefined;
  return { ...(editedAt > 0 ? { editedAt } : {}), ...(reactions ? { reactions } : {}) };
}

export function readChatResponse(w: Wire, self: number, source: MessageSource): Message {
  const from = num(w, 'From', 'from');
  const to = num(w, 'To', 'to');
  const peer = from === self ? to : from;
  const seq = num(w, 'Seq', 'seq');
  return {
    mid: num(w, 'Mid', 'mid'),
    kind: 'chat',
    conversation: `chat:${peer}`,
    peer,
    from,
    to,
    type: num(w, 'Type', 'type'),
    content: text(w, 'Content', 'content'),
    sendAt: num(w, 'SendAt', 'sendAt'),
    ...(seq > 0 ? { seq } : {}),
    status: num(w, 'Status', 'status'),
    isOwn: from === self,
    source,
    ...responseMessageLinks(w),
    ...eventFields(w),
  };
}

/** A GroupMessageResponse; Sender 0 is a notice stored in the group's sequence. */
export function readGroupResponse(w: Wire, self: number, source: MessageSource): Message {
  const gid = num(w, 'Gid', 'gid', 'To');
  const from = num(w, 'Sender', 'From', 'from');
  return {
    mid: num(w, 'Mid', 'mid'),
    kind: 'group',
    conversation: `group:${gid}`,
    peer: gid,
    from,
    to: gid,
    type: num(w, 'Type', 'type'),
    content: text(w, 'Content', 'content'),
    sendAt: num(w, 'SendAt', 'sendAt'),
    seq: num(w, 'Seq', 'seq'),
    status: num(w, 'Status', 'status'),
    isOwn: from === self,
    source,
    ...responseMessageLinks(w),
    ...eventFields(w),
  };
}

export function readGroupInfo(w: Wire): GroupInfo {
  return { gid: num(w, 'Gid', 'gid'), name: text(w, 'Name', 'name'), avatar: text(w, 'Avatar', 'avatar'), owner: num(w, 'Owner', 'owner'), mute: flag(w, 'Mute', 'mute') };
}

export function readGroupMember(w: Wire): GroupMember {
  return { uid: num(w, 'Uid', 'uid'), remark: text(w, 'RemarkName', 'Remark'), role: num(w, 'Type', 'Role'), online: flag(w, 'Online'), mute: flag(w, 'Mute') };
}

export function readGroupState(w: Wire): GroupState {
  return { gid: num(w, 'Gid', 'gid'), lastMid: num(w, 'LastMID', 'LastMid'), lastSeq: num(w, 'LastSeq'), lastMsgAt: num(w, 'LastMsgAt') };
}

/** What `push/config` says: the kinds devices may register and the VAPID key for Web Push. */
export interface PushConfig {
  kinds: string[];
  vapidPublicKey: string;
}

/** One device's push endpoint: a browser subscription, or a token for FCM or the team's webhook bridge. */
export type PushRegistration =
  | { kind: 'webpush'; endpoint: string; keys: { p256dh: string; auth: string } }
  | { kind: 'fcm' | 'webhook'; token: string };

/** One endpoint's answer to `push/test`: outcome sent, retry, expired, rejected or no_provider. */
export interface PushTestResult {
  id: number;
  kind: string;
  outcome: string;
  status: number;
  detail: string;
}
