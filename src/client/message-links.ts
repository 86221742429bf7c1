import type { ChatMessage } from '../protocol/index.js';
import { field, flag, num, type Wire } from './api-types.js';
import type { MessageLinks, SendOptions } from './types.js';

/** The wire fields a send carries for its links (none when it has none). */
export function sendLinks(options: SendOptions): Pick<ChatMessage, 'replyTo' | 'forwardMid' | 'mentions' | 'mentionAll'> {
  return {
    ...(options.replyTo ? { replyTo: options.replyTo } : {}),
    ...(options.forwardMid ? { forwardMid: options.forwardMid } : {}),
    ...(options.mentions?.length ? { mentions: options.mentions } : {}),
    ...(options.mentionAll ? { mentionAll: true } : {}),
  };
}

/** The links of a pushed message; `self` is mentioned by uid or by `@all` (not in its own message). */
export function wireMessageLinks(wire: ChatMessage, self: number): MessageLinks {
  const from = wire.from ?? self;
  const mentions = wire.mentions ?? [];
  const isMentioned = from !== self && (wire.mentionAll === true || mentions.includes(self));
  return {
    ...(wire.replyTo ? { replyTo: wire.replyTo } : {}),
    ...(wire.forwardMid ? { forward: { mid: wire.forwardMid, from: wire.forwardFrom ?? 0 } } : {}),
    ...(mentions.length > 0 ? { mentions } : {}),
    ...(wire.mentionAll ? { mentionAll: true } : {}),
    ...(isMentioned ? { isMentioned: true } : {}),
  };
}

/** The links of a history row (ReplyTo, ForwardMid/ForwardFrom, Mentions, MentionAll, Mentioned, ReadCount). */
export function responseMessageLinks(w: Wire): MessageLinks {
  const mentions = field(w, 'Mentions');
  const readCount = field(w, 'ReadCount');
  return {
    ...(num(w, 'ReplyTo') ? { replyTo: num(w, 'ReplyTo') } : {}),
    ...(num(w, 'ForwardMid') ? { forward: { mid: num(w, 'ForwardMid'), from: num(w, 'ForwardFrom') } } : {}),
    ...(Array.isArray(mentions) && mentions.length > 0 ? { mentions: mentions.map(Number) } : {}),
    ...(flag(w, 'MentionAll') ? { mentionAll: true } : {}),
    ...(flag(w, 'Mentioned') ? { isMentioned: true } : {}),
    ...(typeof readCount === 'number' ? { readCount } : {}),
  };
}
