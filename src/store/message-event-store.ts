/**
 * Content types of the rows that carry message events in a conversation's sequence (a 1:1 inbox or a
 * group's seqs). Their content is the event's JSON, written by the server; they are not messages, so
 * history, session lines and search leave them out, while inbox and group sync return them in order.
 */
export const EVENT_CONTENT_TYPE = { edit: 9101, reaction: 9102, pin: 9103 } as const;
export type EventContentType = (typeof EVENT_CONTENT_TYPE)[keyof typeof EVENT_CONTENT_TYPE];
export const EVENT_CONTENT_TYPES: readonly number[] = Object.values(EVENT_CONTENT_TYPE);

export function isEventContentType(type: number): type is EventContentType {
  return type >= EVENT_CONTENT_TYPE.edit && type <= EVENT_CONTENT_TYPE.pin;
}

/** Which table holds the message an event is about. */
export type MessageTable = 'chat' | 'group';

export interface EditApplied {
  table: MessageTable;
  mid: number;
  /** The mid of the edit event (its row in the sequence); newer events win. */
  eventMid: number;
  content: string;
  at: number;
}

export interface Revision {
  /** 0 for the original text. */
  eventMid: number;
  content: string;
  at: number;
}

export interface ReactionApplied {
  mid: number;
  uid: number;
  key: string;
  isOn: boolean;
  eventMid: number;
  at: number;
}

export interface PinApplied {
  /** `c:<low uid>:<high uid>` or `g:<gid>` (see conversationKey). */
  conversation: string;
  mid: number;
  by: number;
  isOn: boolean;
  eventMid: number;
  at: number;
}

export interface Pin {
  mid: number;
  by: number;
  at: number;
}

/** Reaction counts per key. */
export type ReactionCounts = Record<string, number>;

export function conversationKey(scope: { gid: number } | { a: number; b: number }): string {
  if ('gid' in scope) return `g:${scope.gid}`;
  return scope.a < scope.b ? `c:${scope.a}:${scope.b}` : `c:${scope.b}:${scope.a}`;
}

/**
 * What edits, reactions and pins add up to. Every apply is idempotent and keyed by the event's mid: a
 * state row changes only for an event newer (higher mid) than the one that set it, so replays and
 * retries in any order end in the state of the newest event. Errors are the store's (STORE_*).
 */
export interface MessageEventStore {
  /**
   * Keeps the current text as the original revision (once), adds this revision, and shows it (content,
   * edited time) on the message row unless a newer edit is shown or the message was recalled, in ONE
   * transaction. Returns false when the message is unknown or recalled.
   */
  applyEdit(edit: EditApplied): Promise<boolean>;
  /** Every text of the message, the original first. */
  revisions(mid: number): Promise<Revision[]>;
  applyReaction(reaction: ReactionApplied): Promise<void>;
  /** Counts of the reactions on each of `mids` that has any; one query. */
  reactionCounts(mids: readonly number[]): Promise<Map<number, ReactionCounts>>;
  /** The keys `uid` has on `mid`. */
  reactionsOf(mid: number, uid: number): Promise<string[]>;
  applyPin(pin: PinApplied): Promise<void>;
  /** The pinned messages of a conversation, newest pin first. */
  pins(conversation: string): Promise<Pin[]>;
}
