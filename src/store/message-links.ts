/**
 * What a message says about other messages and members, besides its content: the message it replies
 * to, the message it forwards (with that one's sender), and in groups whom it mentions. Stored with the
 * message in the same write; absent when the message has none of these.
 */
export interface MessageLinks {
  /** mid of a message of the same conversation. */
  replyTo?: number;
  /** The forwarded message's mid and sender (its origin, kept across forwards of forwards). */
  forward?: { mid: number; from: number };
  /** Group members mentioned by uid. */
  mentions?: readonly number[];
  /** `@all` (group managers only). */
  mentionAll?: boolean;
}

/** True when the links carry nothing (then none are stored). */
export function isEmptyLinks(links: MessageLinks | undefined): boolean {
  return links === undefined || (links.replyTo === undefined && links.forward === undefined && !links.mentions?.length && links.mentionAll !== true);
}
