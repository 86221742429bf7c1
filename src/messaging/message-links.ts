import type { ChatMessage as WireChat } from '../protocol/index.js';
import type { MessageLinks } from '../store/index.js';
import { MESSAGE_STATUS } from '../store/index.js';

/** Where a message lives: a 1:1 conversation (its two users, either order) or a group. */
export type Conversation = { kind: 'chat'; a: number; b: number } | { kind: 'group'; gid: number };

/** A stored message as a reply or a forward sees it. */
export interface LinkedMessage {
  mid: number;
  sender: number;
  conversation: Conversation;
  type: number;
  content: string;
  status: number;
  links?: MessageLinks;
}

/** Finds the messages a user may read (a party of the 1:1 chat, or a member who sees that group message). */
export interface ReadableMessages {
  /** The message, or undefined when it does not exist or `uid` may not read it (the two are not told apart). */
  readable(uid: number, mid: number): Promise<LinkedMessage | undefined>;
}

/** Why a message's links were refused: the `message.failed.send` reason and its metric label. */
export class LinkRefusal extends Error {
  constructor(
    readonly reason: 'reply_denied' | 'forward_denied' | 'mention_denied',
    text: string,
  ) {
    super(text);
  }
}

/** Whether a send carries any link field (most do not: they skip the lookups). */
export function hasLinks(message: WireChat): boolean {
  return message.replyTo !== undefined || message.forwardMid !== undefined || message.mentions !== undefined || message.mentionAll !== undefined;
}

/** What a send becomes once its links are checked: the links to store, and for a forward the original's type and content. */
export interface ResolvedLinks {
  links?: MessageLinks;
  type: number;
  content: string;
}

const sameConversation = (x: Conversation, y: Conversation): boolean =>
  x.kind === 'chat' && y.kind === 'chat' ? (x.a === y.a && x.b === y.b) || (x.a === y.b && x.b === y.a) : x.kind === 'group' && y.kind === 'group' && x.gid === y.gid;

/**
 * Checks a send's reply and forward against what the sender may read, and takes mentions as sent (the
 * group writer checks them against the members at the post's place). A forward copies the original's
 * type and content and keeps its first origin, so a forward of a forward still names the first sender.
 * Throws LinkRefusal.
 */
export async function resolveLinks(sender: number, into: Conversation, message: WireChat, readable: ReadableMessages, maxMentions: number): Promise<ResolvedLinks> {
  const links: { -readonly [K in keyof MessageLinks]: MessageLinks[K] } = {};
  let { type, content } = message;
  if (message.replyTo !== undefined) {
    const target = await readable.readable(sender, message.replyTo);
    if (!target || !sameConversation(target.conversation, into) || target.status === MESSAGE_STATUS.recalled) throw new LinkRefusal('reply_denied', `mid ${message.replyTo} is no message of this conversation you can read`);
    links.replyTo = target.mid;
  }
  if (message.forwardMid !== undefined) {
    const original = await readable.readable(sender, message.forwardMid);
    if (!original || original.status === MESSAGE_STATUS.recalled) throw new LinkRefusal('forward_denied', `mid ${message.forwardMid} is no message you can read`);
    links.forward = original.links?.forward ?? { mid: original.mid, from: original.sender };
    type = original.type;
    content = original.content;
  }
  const mentions = message.mentions ?? [];
  if (mentions.length > 0 || message.mentionAll === true) {
    if (into.kind !== 'group') throw new LinkRefusal('mention_denied', 'mentions are for group messages');
    if (mentions.length > maxMentions) throw new LinkRefusal('mention_denied', `at most ${maxMentions} mentions per message`);
    if (mentions.length > 0) links.mentions = [...new Set(mentions)];
    if (message.mentionAll === true) links.mentionAll = true;
  }
  return Object.keys(links).length > 0 ? { links, type, content } : { type, content };
}

/** The wire fields of stored links (none when there are none). */
export function wireLinks(links: MessageLinks | undefined): Pick<WireChat, 'replyTo' | 'forwardMid' | 'forwardFrom' | 'mentions' | 'mentionAll'> {
  if (!links) return {};
  return {
    ...(links.replyTo === undefined ? {} : { replyTo: links.replyTo }),
    ...(links.forward === undefined ? {} : { forwardMid: links.forward.mid, forwardFrom: links.forward.from }),
    ...(links.mentions?.length ? { mentions: [...links.mentions] } : {}),
    ...(links.mentionAll === true ? { mentionAll: true } : {}),
  };
}

/** The stored links as read paths spell them (GlideIM's capitalised response keys); none when there are none. */
export function responseLinks(links: MessageLinks | undefined): { ReplyTo?: number; ForwardMid?: number; ForwardFrom?: number; Mentions?: number[]; MentionAll?: boolean } {
  if (!links) return {};
  const w = wireLinks(links);
  return {
    ...(w.replyTo === undefined ? {} : { ReplyTo: w.replyTo }),
    ...(w.forwardMid === undefined ? {} : { ForwardMid: w.forwardMid, ForwardFrom: w.forwardFrom }),
    ...(w.mentions === undefined ? {} : { Mentions: w.mentions }),
    ...(w.mentionAll === undefined ? {} : { MentionAll: true }),
  };
}
