import type { LinkedMessage, ReadableMessages } from '../messaging/index.js';
import type { GroupMessageStore, MessageStore } from '../store/index.js';
import { firstReadable } from './group-reader.js';
import type { GroupDirectory } from './group-state.js';

/**
 * The messages a user may read, 1:1 and group alike, for replies and forwards: a 1:1 message by either
 * party, a group message (not a stored notice) by a member who sees it (from its join on unless the
 * group shows history).
 */
export class MessageAccess implements ReadableMessages {
  constructor(private readonly deps: { messages: MessageStore; groupMessages: GroupMessageStore; directory: GroupDirectory }) {}

  async readable(uid: number, mid: number): Promise<LinkedMessage | undefined> {
    const chat = await this.deps.messages.get(mid);
    if (chat) {
      if (chat.sender !== uid && chat.receiver !== uid) return undefined;
      return { mid, sender: chat.sender, conversation: { kind: 'chat', a: chat.sender, b: chat.receiver }, type: chat.type, content: chat.content, status: chat.status, ...(chat.links ? { links: chat.links } : {}) };
    }
    const post = await this.deps.groupMessages.getByMid(mid);
    if (!post || post.sender === 0) return undefined;
    const state = await this.deps.directory.get(post.gid);
    if (!state?.members.has(uid) || post.seq < firstReadable(state, uid)) return undefined;
    return { mid, sender: post.sender, conversation: { kind: 'group', gid: post.gid }, type: post.type, content: post.content, status: post.status, ...(post.links ? { links: post.links } : {}) };
  }
}
