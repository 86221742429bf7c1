import { readGroupNotice, type GroupNotice } from '../protocol/index.js';
import { asRecord } from './api-types.js';
import { MESSAGE_TYPES, type Message } from './types.js';

/**
 * The notice a stored group row stands for (sender 0, type GROUP_NOTICE, JSON content), as range
 * pulls and history pages return them; undefined for an ordinary message.
 */
export function storedGroupNotice(message: Message): GroupNotice | undefined {
  if (message.kind !== 'group' || message.from !== 0 || message.type !== MESSAGE_TYPES.GROUP_NOTICE) return undefined;
  try {
    const body = asRecord(JSON.parse(message.content));
    return readGroupNotice({ ...body, gid: message.peer, mid: message.mid, seq: message.seq, sendAt: message.sendAt });
  } catch {
    return undefined;
  }
}
