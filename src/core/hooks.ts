/**
 * What the business areas tell the outside world (push, webhooks) and the one question they ask it
 * (may this message be stored?). Areas call these at fixed points; app.ts supplies the engine. `emit`
 * must return at once and never throw: what follows it (network, store) runs in the background.
 */
export type GlideEvent =
  | { type: 'user.registered'; uid: number; account: string }
  | { type: 'user.signed_in'; uid: number; device: number }
  | { type: 'user.signed_out'; uid: number; device: number }
  | { type: 'message.stored'; message: StoredMessage }
  | { type: 'message.recalled'; kind: ConversationKind; mid: number; by: number; to: number }
  /** A device of `uid` has 1:1 message `mid` (ack.request). Internal: not sent to webhooks. */
  | { type: 'message.received'; uid: number; mid: number }
  /** Member `uid` has group `gid`'s messages up to `seq` (ack.group.msg). Internal. */
  | { type: 'group.received'; uid: number; gid: number; seq: number }
  | { type: 'group.created'; gid: number; owner: number; members: readonly number[] }
  /** A notice stored in the group's sequence: members added/removed, role, mute, dissolve… (`notice.type`). */
  | { type: 'group.changed'; gid: number; seq: number; notice: { type: number; by?: number; uids?: readonly number[] } };

export type ConversationKind = 'chat' | 'group';

export interface StoredMessage {
  kind: ConversationKind;
  mid: number;
  sender: number;
  /** The receiver's uid (chat) or the gid (group). */
  to: number;
  /** Group seq, or the receiver's inbox seq for chat. */
  seq: number;
  type: number;
  content: string;
  sendAt: number;
  /** Users the message is for, the sender excluded. */
  recipients: readonly number[];
  /** Group members the message mentions (`@uid`), and whether it mentions everyone (`@all`). */
  mentions?: readonly number[];
  mentionAll?: boolean;
}

/** A message about to be stored, for the `before message` hook. */
export interface MessageDraft {
  kind: ConversationKind;
  sender: number;
  to: number;
  type: number;
  content: string;
}

export interface Hooks {
  /** Whether `screen` must be awaited before each new message (the before-message hook is configured). */
  readonly isScreening: boolean;
  /** Resolves to a reason to refuse the message, or undefined to accept it. Never rejects. */
  screen(draft: MessageDraft): Promise<string | undefined>;
  emit(event: GlideEvent): void;
}

/** Hooks that do nothing: tests and tools that run an area alone. */
export const NO_HOOKS: Hooks = {
  isScreening: false,
  screen: () => Promise.resolve(undefined),
  emit: () => undefined,
};
