/**
 * The SDK's public shapes, in our own names. Wire names stay in protocol/; the HTTP wrappers map
 * GlideIM's capitalised route fields onto these (api-types.ts).
 */
import type { ContactNotice, GroupNotice, LoginNotice, PresenceEvent } from '../protocol/index.js';
import type { GlideClientError } from './errors.js';

/** `chat:<peer uid>` or `group:<gid>`: one conversation as the signed-in user sees it. */
export type ConversationKey = `chat:${number}` | `group:${number}`;

export const MESSAGE_TYPES = {
  TEXT: 1,
  IMAGE: 2,
  AUDIO: 3,
  VIDEO: 4,
  FILE: 5,
  LOCATION: 6,
  MARKDOWN: 11,
  RECALL_NOTICE: 200,
  /** A membership notice stored in a group's sequence (sender 0, JSON content); range pulls return it. */
  GROUP_NOTICE: 9000,
  TYPING: 10020,
} as const;

export const MESSAGE_STATUS = { NORMAL: 0, RECALLED: 1 } as const;

/** Where a message came from: a live push, the reconnect sync, a history page, or this client's own send. */
export type MessageSource = 'live' | 'sync' | 'history' | 'sent';

/** What a message says about other messages and members (Glide's replies, forwards, mentions, read counts). */
export interface MessageLinks {
  /** mid of the message of the same conversation it replies to. */
  replyTo?: number;
  /** A forward: the original message's mid and sender. */
  forward?: { mid: number; from: number };
  /** Group members it mentions, and whether it mentions everyone. */
  mentions?: number[];
  mentionAll?: boolean;
  /** It mentions the signed-in user (by uid or `@all`). */
  isMentioned?: boolean;
  /** Group history pages: how many members read it (groups that keep read receipts). */
  readCount?: number;
}

/** Options of send() and sendGroup(). A forward copies the original's type and content (the server reads them). */
export interface SendOptions {
  type?: number;
  cliMid?: string;
  replyTo?: number;
  forwardMid?: number;
  /** Group sends only. */
  mentions?: number[];
  /** Group sends only; managers only unless the server allows it to everyone. */
  mentionAll?: boolean;
}

export interface Message extends MessageLinks {
  mid: number;
  cliMid?: string;
  kind: 'chat' | 'group';
  conversation: ConversationKey;
  /** The other user of a 1:1 conversation, or the gid. */
  peer: number;
  /** 0 for a notice the server stored in a group's sequence. */
  from: number;
  to: number;
  type: number;
  content: string;
  sendAt: number;
  /** The signed-in user's inbox seq (1:1) or the group seq; absent on history pages that carry none. */
  seq?: number;
  /** 0 normal, 1 recalled. */
  status: number;
  /** Sent by the signed-in user (from this or another device). */
  isOwn: boolean;
  source: MessageSource;
  /** When its sender last edited it; `content` is then the edited text. */
  editedAt?: number;
  /** Reaction counts per key (an emoji). */
  reactions?: Record<string, number>;
}

/**
 * An edit, reaction or pin, in the conversation's sequence like a message (`seq`), on every device of
 * every party; a device that was offline gets it by sync, in order.
 */
export interface MessageChange {
  kind: 'edit' | 'reaction' | 'pin';
  conversation: ConversationKey;
  /** The change's own mid. */
  mid: number;
  seq?: number;
  /** The message it changes. */
  target: number;
  /** Who edited, reacted or pinned. */
  by: number;
  at: number;
  /** edit: the new text. */
  content?: string;
  /** reaction: the key. */
  key?: string;
  /** reaction added or message pinned (false: removed / unpinned). */
  isOn?: boolean;
}

/** A pinned message of a conversation. */
export interface PinnedMessage {
  mid: number;
  by: number;
  at: number;
}

/** A text a message had; `eventMid` 0 is the original. */
export interface MessageRevision {
  eventMid: number;
  content: string;
  at: number;
}

export type ConnectionState = 'idle' | 'connecting' | 'online' | 'reconnecting' | 'closed';

export interface StateChange {
  state: ConnectionState;
  /** Reconnect attempts since the last time the client was online. */
  attempt: number;
  /** When reconnecting: the wait before the next attempt. */
  delayMs?: number;
  /** Why the last connection ended, when one did. */
  reason?: string;
}

export interface SendResult {
  mid: number;
  cliMid: string;
  /** The sender's inbox seq (1:1) or the group seq. */
  seq: number;
}

export interface DeliveredEvent {
  mid: number;
  /** The receiver that has the message (or the server took custody while it is offline). */
  peer: number;
}

export type ReadEvent = { kind: 'chat'; peer: number; mid: number } | { kind: 'group'; gid: number; seq: number; by?: number };

export interface RecallEvent {
  conversation: ConversationKey;
  mid: number;
  by: number;
}

export interface TypingEvent {
  from: number;
  to: number;
}

export interface SignalEvent {
  from: number;
  to: number;
  type: number;
  content: string;
}

export interface KickedEvent {
  reason: string;
  /** The device kind that replaced this connection, when the server says. */
  device?: number;
}

export interface ClientEvents {
  state: StateChange;
  /** A 1:1 message, received or sent by this user on another device; each mid once. */
  message: Message;
  /** A group message, in group seq order without gaps; each (gid, seq) once. */
  groupMessage: Message;
  delivered: DeliveredEvent;
  read: ReadEvent;
  recall: RecallEvent;
  typing: TypingEvent;
  /** Any other `message.cli` signal (call signalling and the like). */
  signal: SignalEvent;
  kicked: KickedEvent;
  /** Another device of this user signed in. */
  login: LoginNotice;
  contact: ContactNotice;
  groupNotice: GroupNotice;
  /** An edit, reaction or pin of a message in a 1:1 conversation or group, in sequence order. */
  messageChange: MessageChange;
  presence: PresenceEvent;
  /** Problems that do not end the client: a sync that failed, a frame that did not decode. */
  error: GlideClientError;
}

/** Cursors a client resumes from: the contiguous inbox seq and each group's seq. */
export interface Cursors {
  inboxSeq?: number;
  groups: Record<number, number>;
}
