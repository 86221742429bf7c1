import type { MessageEvent } from '../protocol/index.js';
import { asRecord } from './api-types.js';
import type { ConversationKey, Message, MessageChange } from './types.js';

/** Content types of the edit, reaction and pin rows in a conversation's sequence (msg/sync, group ranges). */
export const EVENT_TYPES = { EDIT: 9101, REACTION: 9102, PIN: 9103 } as const;

export function isEventRow(message: Pick<Message, 'type'>): boolean {
  return message.type >= EVENT_TYPES.EDIT && message.type <= EVENT_TYPES.PIN;
}

/** A live `message.chat.event` / `message.group.event` as a sequence row, so it takes its place by seq. */
export function eventAsRow(event: MessageEvent, self: number, kind: 'chat' | 'group'): Message {
  const peer = kind === 'group' ? event.to : event.from === self ? event.to : event.from;
  const type = event.kind === 'edit' ? EVENT_TYPES.EDIT : event.kind === 'reaction' ? EVENT_TYPES.REACTION : EVENT_TYPES.PIN;
  const body = { kind: event.kind, target: event.target, content: event.content, key: event.key, isOn: event.isOn };
  return {
    mid: event.mid,
    kind,
    conversation: kind === 'group' ? `group:${peer}` : `chat:${peer}`,
    peer,
    from: event.from,
    to: event.to,
    type,
    content: JSON.stringify(body),
    sendAt: event.at ?? 0,
    ...(event.seq ? { seq: event.seq } : {}),
    status: 0,
    isOwn: event.from === self,
    source: 'live',
  };
}

/** The change a sequence row stands for; undefined for a message or a row that does not read. */
export function changeOf(row: Message): MessageChange | undefined {
  if (!isEventRow(row)) return undefined;
  try {
    const body = asRecord(JSON.parse(row.content));
    const kind = body.kind;
    if (kind !== 'edit' && kind !== 'reaction' && kind !== 'pin') return undefined;
    return {
      kind,
      conversation: row.conversation as ConversationKey,
      mid: row.mid,
      ...(row.seq === undefined ? {} : { seq: row.seq }),
      target: Number(body.target),
      by: row.from,
      at: row.sendAt,
      ...(typeof body.content === 'string' ? { content: body.content } : {}),
      ...(typeof body.key === 'string' ? { key: body.key } : {}),
      ...(typeof body.isOn === 'boolean' ? { isOn: body.isOn } : {}),
    };
  } catch {
    return undefined;
  }
}

/** A cached message with a change applied (edits show the new text; reactions move their count). */
export function withChange(message: Message, change: MessageChange): Message {
  if (change.kind === 'edit' && change.content !== undefined) return { ...message, content: change.content, editedAt: change.at };
  if (change.kind !== 'reaction' || change.key === undefined) return message;
  const reactions = { ...(message.reactions ?? {}) };
  const count = (reactions[change.key] ?? 0) + (change.isOn ? 1 : -1);
  if (count > 0) reactions[change.key] = count;
  else delete reactions[change.key];
  return { ...message, reactions };
}
