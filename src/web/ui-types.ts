import type { ConversationKey, GroupNotice } from '../client/index.js';

/** What the page shows of messages and conversations (kept by ChatStore). */
export type Tick = 'pending' | 'sent' | 'delivered' | 'read' | 'failed';

export interface UiMessage {
  /** cliMid while pending, then `m<mid>`. */
  key: string;
  mid: number;
  seq?: number;
  cliMid?: string;
  from: number;
  /** 1 text; 2–5 image, audio, video, file (see readFileMessage). */
  type: number;
  content: string;
  sendAt: number;
  isOwn: boolean;
  isRecalled: boolean;
  tick: Tick;
  /** A group notice shown as a line of its own. */
  notice?: GroupNotice;
  /** Edited by its sender (ms). */
  editedAt?: number;
  /** Reaction counts per key, and the keys this user added. */
  reactions?: Record<string, number>;
  myReactions?: string[];
  isPinned?: boolean;
  /** mid of the message of this conversation it quotes. */
  replyTo?: number;
  /** A forward: who wrote the original. */
  forwardFrom?: number;
  /** It mentions the signed-in user (by uid or `@all`). */
  isMentioned?: boolean;
  /** Group history rows: how many members read it. */
  readCount?: number;
}

export interface Conversation {
  key: ConversationKey;
  kind: 'chat' | 'group';
  peer: number;
  messages: UiMessage[];
  unread: number;
  lastActivity: number;
  isHistoryLoaded: boolean;
  hasOlder: boolean;
  isLoadingOlder: boolean;
  typingUntil: number;
  /** 1:1: the highest mid of ours the peer has read (from the session line, then `read` events). */
  peerReadMid: number;
  /** Groups: an unread message mentions this user (session line, then live messages; cleared on read). */
  isMentioned?: boolean;
  /** The message the composer's next send replies to. */
  replyingTo?: number;
}
