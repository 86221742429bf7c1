import { GlideError } from '../core/index.js';
import { MESSAGE_EVENT_KINDS, type MessageEvent, type MessageEventKind, type OutboundEnvelope } from '../protocol/index.js';
import { EVENT_CONTENT_TYPE, type EventContentType } from '../store/index.js';

/** What an edit, reaction or pin row holds in its `content` (server-written JSON); its mid and time are the row's. */
export type EventBody =
  | { kind: 'edit'; target: number; content: string }
  | { kind: 'reaction'; target: number; key: string; isOn: boolean }
  | { kind: 'pin'; target: number; isOn: boolean };

/** Message types that may be edited: text and markdown. */
export const EDITABLE_TYPES: ReadonlySet<number> = new Set([1, 11]);

export const EVENT_TYPE_OF: Record<MessageEventKind, EventContentType> = {
  [MESSAGE_EVENT_KINDS.EDIT]: EVENT_CONTENT_TYPE.edit,
  [MESSAGE_EVENT_KINDS.REACTION]: EVENT_CONTENT_TYPE.reaction,
  [MESSAGE_EVENT_KINDS.PIN]: EVENT_CONTENT_TYPE.pin,
};

export function writeEventBody(body: EventBody): string {
  return JSON.stringify(body);
}

/** The body of a stored event row; the server wrote it, so anything else is a broken row. */
export function readEventBody(content: string): EventBody {
  const value = JSON.parse(content) as Partial<EventBody>;
  if (typeof value.target !== 'number' || (value.kind !== 'edit' && value.kind !== 'reaction' && value.kind !== 'pin')) throw new Error('message event row: bad body');
  return value as EventBody;
}

/** A stored event row as a party receives it. */
export interface EventRow {
  mid: number;
  sender: number;
  /** The peer of a 1:1 event, the gid of a group event. */
  to: number;
  content: string;
  createdAt: number;
}

export function eventPayload(row: EventRow, seq: number): MessageEvent {
  const body = readEventBody(row.content);
  return {
    mid: row.mid,
    seq,
    from: row.sender,
    to: row.to,
    kind: body.kind,
    target: body.target,
    ...(body.kind === 'edit' ? { content: body.content } : {}),
    ...(body.kind === 'reaction' ? { key: body.key } : {}),
    ...(body.kind === 'edit' ? {} : { isOn: body.isOn }),
    at: row.createdAt,
  };
}

export function chatEventEnvelope(row: EventRow, seq: number): OutboundEnvelope {
  return { action: 'message.chat.event', data: eventPayload(row, seq) };
}

/** Checks shared by 1:1 and groups, on the target as stored. */
export function checkEventTarget(target: { sender: number; type: number; status: number; createdAt: number } | undefined, body: EventBody, actor: number, rules: { editWindowMs: number; now: number }): void {
  if (!target || target.status !== 0 || !isMessageType(target.type)) throw new GlideError('MSG_NOT_FOUND', `message ${body.target}`);
  if (body.kind !== 'edit') return;
  if (target.sender !== actor || !EDITABLE_TYPES.has(target.type)) throw new GlideError('MSG_EDIT_DENIED', `message ${body.target}`);
  if (rules.editWindowMs === 0 || rules.now - target.createdAt > rules.editWindowMs) throw new GlideError('MSG_EDIT_EXPIRED', `message ${body.target}`);
}

/** Not an event row, not a server notice: something a user wrote. */
function isMessageType(type: number): boolean {
  return type < 9000 || type > 9199;
}
