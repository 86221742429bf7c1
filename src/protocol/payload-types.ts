/**
 * Payloads in our own names, dialect-neutral: ids are numbers (uids, gids, mids), times are the
 * client's or server's numbers untouched. The wire names per dialect live in payload-specs.ts.
 */

/** A 1:1 or group message (`to` is the gid for groups). `sendAt` is ms in G2, s in G1, kept as sent. */
export interface ChatMessage {
  /** Client-chosen idempotency key (G2), up to 64 chars. */
  cliMid?: string;
  /** Server message id; a G1 client may send one fetched from /api/msg/id. */
  mid?: number;
  /** Group sequence (or the 2022 Go server's seq). */
  seq?: number;
  /** The Android SDK's client seq (`CSeq`). */
  cliSeq?: number;
  from?: number;
  to?: number;
  type: number;
  content: string;
  sendAt?: number;
  /** 0 normal, 1 recalled; for streams 1 start, 2 chunk, 3 finish, 4 cancel. */
  status?: number;
  /** mid of the message of the same conversation this one replies to. */
  replyTo?: number;
  /** A forward: the original message's mid and sender (set by the server from the stored original). */
  forwardMid?: number;
  forwardFrom?: number;
  /** Group members mentioned (`@uid`). */
  mentions?: number[];
  /** `@all` (group managers only). */
  mentionAll?: boolean;
}

/** `ack.message`: the server stored the sender's message. */
export interface AckMessage {
  cliMid?: string;
  mid: number;
  seq?: number;
}

/** `ack.notify`: the receiver has the message (or the server took custody). */
export interface AckNotify {
  mid: number;
  seq?: number;
  from?: number;
}

/** `ack.request`: this device has message `mid` from `from`. */
export interface AckRequest {
  mid: number;
  from: number;
}

/** `ack.group.msg`: moves this member's delivered cursor in group `gid` (G1 without `gid`: a 1:1 receipt of `mid`). */
export interface AckGroupMsg {
  gid?: number;
  mid: number;
  seq: number;
}

/** `ack.read` (`{mid, from}` for 1:1 or `{gid, seq}` for groups); also the `notify.read` payload. */
export interface AckRead {
  mid?: number;
  from?: number;
  gid?: number;
  seq?: number;
}
export type ReadNotice = AckRead;

/** `message.cli`: a client-to-client signal, never stored. */
export interface CliMessage {
  from?: number;
  to: number;
  type: number;
  content: string;
}

/** `authenticate` (G2). */
export interface Authenticate {
  credential: string;
  version?: number;
}

/** `api.auth` / `api.user.auth`. */
export interface ApiAuth {
  token: string;
  device?: number;
}

/** The sign-in reply carried as `api.success` data; `servers[0]` is this server's public WebSocket URL. */
export interface ApiAuthReply {
  uid: number;
  token: string;
  servers: string[];
}

/** `message.failed.send`: the server could not accept a message. */
export interface FailedSend {
  mid?: number;
  cliMid?: string;
  reason: string;
}

/** `notify.error`, `notify.forbidden`, `notify.auth`: a human-readable text, as GlideIM sends it. */
export type NoticeText = string;

/** `notify.kickout`: this connection was replaced by a newer one. */
export interface KickoutNotice {
  device?: number;
  deviceName?: string;
  reason?: string;
}

/** `notify.login`: another device of the same user signed in. */
export interface LoginNotice {
  uid?: number;
  device: number;
  deviceName?: string;
}

/** `notify.contact`: wire names `{Id, Type, FromId, FromType}`. */
export interface ContactNotice {
  id: number;
  type: number;
  fromId: number;
  fromType: number;
}

/** `event.user.online` / `event.user.offline`. */
export interface PresenceEvent {
  uid: number;
  device: number;
  online: boolean;
  onlineAt?: number;
}

export const GROUP_NOTICE_TYPES = {
  MEMBER_ADDED: 1,
  MEMBER_REMOVED: 2,
  ROLE_CHANGED: 3,
  MUTE_CHANGED: 4,
  DISSOLVED: 5,
  /** Name, avatar or history setting changed. */
  UPDATED: 6,
} as const;
export type GroupNoticeType = (typeof GROUP_NOTICE_TYPES)[keyof typeof GROUP_NOTICE_TYPES];

/** `notify.group`: a membership change, stored in the group's sequence at `seq`. */
export interface GroupNotice {
  gid: number;
  mid?: number;
  seq: number;
  type: number;
  /** The members concerned. */
  uids?: number[];
  /** Who made the change. */
  by?: number;
  role?: number;
  mute?: boolean;
  sendAt?: number;
}

export const MESSAGE_EVENT_KINDS = { EDIT: 'edit', REACTION: 'reaction', PIN: 'pin' } as const;
export type MessageEventKind = (typeof MESSAGE_EVENT_KINDS)[keyof typeof MESSAGE_EVENT_KINDS];

/**
 * `message.chat.event` / `message.group.event`: an edit, reaction or pin, stored in the conversation's
 * sequence (the inbox seq of the receiving user, or the group seq) like a message, with its own mid.
 */
export interface MessageEvent {
  /** The event's own mid (its row in the sequence). */
  mid: number;
  seq?: number;
  /** Who edited, reacted or pinned. */
  from: number;
  /** The peer of a 1:1 conversation, as for messages (the receiver); the gid for groups. */
  to: number;
  kind: string;
  /** The message the event is about. */
  target: number;
  /** edit: the new text. */
  content?: string;
  /** reaction: the key (an emoji). */
  key?: string;
  /** reaction added / message pinned (false: removed / unpinned). */
  isOn?: boolean;
  /** Server time of the event (ms). */
  at?: number;
}

/** The JSON text carried in `content` of a recall message: `{"mid":…,"recallBy":…}`. */
export interface RecallContent {
  mid: number;
  recallBy: number;
}
