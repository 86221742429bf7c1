import type { GlideClient, MessageChange } from '../client/index.js';
import type { Conversation, UiMessage } from './ui-types.js';

/** Applies an edit, reaction or pin to the message it names; false when the page does not show it. */
export function applyChange(conversation: Conversation, change: MessageChange, me: number): boolean {
  const message = conversation.messages.find((m) => m.mid === change.target);
  if (!message) return false;
  if (change.kind === 'edit' && change.content !== undefined) Object.assign(message, { content: change.content, editedAt: change.at });
  if (change.kind === 'pin') message.isPinned = change.isOn === true;
  if (change.kind === 'reaction' && change.key !== undefined) {
    const reactions = { ...(message.reactions ?? {}) };
    const count = (reactions[change.key] ?? 0) + (change.isOn ? 1 : -1);
    if (count > 0) reactions[change.key] = count;
    else delete reactions[change.key];
    message.reactions = reactions;
    if (change.by === me) {
      const mine = new Set(message.myReactions ?? []);
      if (change.isOn) mine.add(change.key);
      else mine.delete(change.key);
      message.myReactions = [...mine];
    }
  }
  return true;
}

/** The page's edit, reaction and pin buttons: each asks the server, and the change comes back as an event. */
export async function askChange(client: GlideClient, conversation: Conversation, message: UiMessage, change: { kind: 'edit'; content: string } | { kind: 'reaction'; key: string } | { kind: 'pin' }): Promise<void> {
  const options = conversation.kind === 'group' ? { gid: conversation.peer } : {};
  const { messages } = client.api;
  if (change.kind === 'edit') await messages.edit(message.mid, change.content, options);
  else if (change.kind === 'pin') await messages.pin(message.mid, !message.isPinned, options);
  else await messages.react(message.mid, change.key, !(message.myReactions ?? []).includes(change.key), options);
}
