import { responseLinks, wireLinks } from '../messaging/index.js';
import type { OutboundEnvelope } from '../protocol/index.js';
import { eventPayload } from '../messaging/index.js';
import { isEventContentType, type GroupMessage } from '../store/index.js';
import { NOTICE_CONTENT_TYPE } from './group-writer.js';

/** A stored group row as members receive it: `message.group`, or `notify.group` for a stored notice. */
export function groupEnvelope(message: GroupMessage): OutboundEnvelope {
  if (message.sender === 0 && message.type === NOTICE_CONTENT_TYPE) {
    const notice = JSON.parse(message.content) as Record<string, unknown>;
    return { action: 'notify.group', data: { ...notice, gid: message.gid, mid: message.mid, seq: message.seq, sendAt: message.sendAt } };
  }
  if (isEventContentType(message.type) && message.sender !== 0) return { action: 'message.group.event', data: eventPayload({ ...message, to: message.gid }, message.seq) };
  return {
    action: 'message.group',
    data: {
      ...(message.cliMid ? { cliMid: message.cliMid } : {}),
      mid: message.mid,
      seq: message.seq,
      from: message.sender,
      to: message.gid,
      type: message.type,
      content: message.content,
      sendAt: message.sendAt,
      status: message.status,
      ...wireLinks(message.links),
    },
  };
}

/**
 * GlideIM's GroupMessageResponse, with Glide's links when the message has any; `reader` given: whether
 * it mentions that reader (`Mentioned`), and `readCount` given: how many members read it (`ReadCount`).
 */
export function groupMessageResponse(message: GroupMessage, reader?: number, readCount?: number) {
  const links = message.links;
  const isMentioned = reader !== undefined && links !== undefined && message.sender !== reader && (links.mentionAll === true || (links.mentions?.includes(reader) ?? false));
  return {
    Mid: message.mid,
    Sender: message.sender,
    Gid: message.gid,
    Seq: message.seq,
    Type: message.type,
    SendAt: message.sendAt,
    Content: message.content,
    Status: message.status,
    RecallBy: message.recallBy,
    ...responseLinks(links),
    ...(isMentioned ? { Mentioned: true } : {}),
    ...(readCount === undefined ? {} : { ReadCount: readCount }),
  };
}
