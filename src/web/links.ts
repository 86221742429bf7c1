import type { Message, SendOptions } from '../client/index.js';
import type { UiMessage } from './ui-types.js';

/** What a send says about other messages and members; `forwardFrom` only shows on the pending bubble. */
export type SendLinks = Pick<SendOptions, 'replyTo' | 'forwardMid' | 'mentions' | 'mentionAll'> & { forwardFrom?: number };

/** The replies, forwards, mentions and read counts of a message as the page shows them. */
export function uiLinksOf(message: Message): Pick<UiMessage, 'replyTo' | 'forwardFrom' | 'isMentioned' | 'readCount'> {
  return {
    ...(message.replyTo ? { replyTo: message.replyTo } : {}),
    ...(message.forward ? { forwardFrom: message.forward.from } : {}),
    ...(message.isMentioned ? { isMentioned: true } : {}),
    ...(message.readCount !== undefined ? { readCount: message.readCount } : {}),
  };
}

/** The options of the SDK's send; a forward's content is the original's, read by the server. */
export function sendOptionsOf(links: SendLinks): Omit<SendLinks, 'forwardFrom'> {
  const { forwardFrom: _shown, ...options } = links;
  return options;
}
