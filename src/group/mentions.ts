import type { MessageLinks } from '../store/index.js';
import type { GroupState } from './group-state.js';

/** Who may mention `@all`: managers only (config `group.isMentionAllManagersOnly`), or any member. */
export interface MentionRules {
  isMentionAllManagersOnly: boolean;
}

/** Why the sender may not mention as it does, at this place in the sequence; undefined when it may. */
export function mentionRefusal(state: GroupState, sender: number, links: MessageLinks | undefined, rules: MentionRules): string | undefined {
  if (links?.mentionAll === true && rules.isMentionAllManagersOnly && !state.isManager(sender)) return 'only group managers may mention all';
  return undefined;
}

/** The links as stored: mentions of users who are not members (as of this seq) are dropped. */
export function memberLinks(state: GroupState, links: MessageLinks | undefined): MessageLinks | undefined {
  if (!links?.mentions) return links;
  const mentions = links.mentions.filter((uid) => state.members.has(uid));
  const { mentions: _sent, ...rest } = links;
  return mentions.length > 0 ? { ...rest, mentions } : rest;
}
