import { Batcher, GlideError, yieldToEventLoop, type Clock, type MidGenerator } from '../core/index.js';
import type { GroupMessage, GroupMessageStore, MessageLinks, NewGroupMessage } from '../store/index.js';
import { memberLinks, mentionRefusal, type MentionRules } from './mentions.js';
import type { GroupDirectory, GroupState } from './group-state.js';

/** A member's message to a group. */
export interface GroupPost {
  kind: 'post';
  gid: number;
  sender: number;
  cliMid: string;
  /** The client's own mid (issued by msg/id), stored as the post's mid; otherwise one is made. */
  mid?: number;
  type: number;
  content: string;
  sendAt: number;
  /** Reply, forward and mentions (mentions are checked here, at the post's place in the sequence). */
  links?: MessageLinks;
}

/**
 * A change to the group (membership, roles, mute, settings). `apply` runs in sequence order: it writes
 * the change to the store and to the in-memory state, and returns the notice stored at the next seq.
 */
export interface GroupChange {
  kind: 'change';
  gid: number;
  apply(state: GroupState, seq: number): Promise<NoticeBody>;
}

/** What a change stores in the sequence; it becomes `notify.group` for members. */
export interface NoticeBody {
  type: number;
  by: number;
  uids?: number[];
  role?: number;
  mute?: boolean;
  name?: string;
  avatar?: string;
  /** Members who must hear about it although they are no longer members (the removed ones). */
  alsoTell?: number[];
}

export type GroupWrite = GroupPost | GroupChange;

export interface GroupWriteResult {
  message: GroupMessage;
  /** Members to deliver to, as of this seq. Empty for a duplicate (already delivered). */
  recipients: number[];
  isDuplicate: boolean;
  notice?: NoticeBody;
}

/** Content type of notices stored in the sequence (sender 0); clients see them as notify.group. */
export const NOTICE_CONTENT_TYPE = 9000;
export const MAX_GROUP_BATCH = 256;

const keyOf = (gid: number, sender: number, cliMid: string): string => `${gid}\u0000${sender}\u0000${cliMid}`;

/**
 * The single writer of every group's sequence in this process: checks each post against the group
 * state at its place in the sequence, dedups before allocating (a retry never burns a seq), applies
 * changes in order, and commits a batch of rows at once. Seqs are gapless: a failed batch rewinds them.
 */
export class GroupWriter {
  private readonly batcher: Batcher<GroupWrite, GroupWriteResult | GlideError>;

  constructor(
    private readonly deps: { directory: GroupDirectory; groupMessages: GroupMessageStore; mids: MidGenerator; clock: Clock; mentions: MentionRules },
    onBatch?: (size: number, ms: number) => void,
  ) {
    this.batcher = new Batcher((items) => this.writeBatch(items), MAX_GROUP_BATCH, onBatch, yieldToEventLoop);
  }

  /** Resolves when stored; rejects with a GlideError when the post or change is refused. */
  write(item: GroupWrite): Promise<GroupWriteResult> {
    return this.batcher.submit(item).then((result) => {
      if (result instanceof GlideError) throw result;
      return result;
    });
  }

  flushed(): Promise<void> {
    return this.batcher.idle();
  }

  private async writeBatch(items: GroupWrite[]): Promise<(GroupWriteResult | GlideError)[]> {
    const { directory, groupMessages, mids, clock } = this.deps;
    const posts = items.filter((item): item is GroupPost => item.kind === 'post');
    const stored = new Map<string, GroupMessage>();
    for (const message of await groupMessages.findSent(posts.map((p) => ({ gid: p.gid, sender: p.sender, cliMid: p.cliMid })))) {
      stored.set(keyOf(message.gid, message.sender, message.cliMid ?? ''), message);
    }
    const rows: NewGroupMessage[] = [];
    const results: (GroupWriteResult | GlideError | { firstOf: string })[] = [];
    const firstOfKey = new Map<string, GroupWriteResult>();
    const startSeqs = new Map<number, number>();
    const touched = new Set<GroupState>();
    const now = clock.now();
    try {
      for (const item of items) {
        const state = await directory.get(item.gid);
        if (!state) {
          results.push(new GlideError('GROUP_NOT_FOUND', `group ${item.gid}`));
          continue;
        }
        if (!startSeqs.has(state.gid)) startSeqs.set(state.gid, state.lastSeq);
        touched.add(state);
        if (item.kind === 'post') {
          const key = keyOf(item.gid, item.sender, item.cliMid);
          const before = stored.get(key);
          if (before) {
            results.push({ message: before, recipients: [], isDuplicate: true });
            continue;
          }
          if (firstOfKey.has(key)) {
            results.push({ firstOf: key });
            continue;
          }
          const refusal = state.refusalToPost(item.sender) ?? mentionRefusal(state, item.sender, item.links, this.deps.mentions);
          if (refusal) {
            results.push(new GlideError('GROUP_FORBIDDEN', refusal));
            continue;
          }
          const row: NewGroupMessage = { gid: item.gid, seq: state.lastSeq + 1, mid: item.mid ?? mids.next(), sender: item.sender, cliMid: item.cliMid, type: item.type, content: item.content, sendAt: item.sendAt, createdAt: now };
          const links = memberLinks(state, item.links);
          if (links) row.links = links;
          state.lastSeq++;
          rows.push(row);
          const result = { message: { ...row, status: 0, recallBy: 0 } as GroupMessage, recipients: [...state.members.keys()], isDuplicate: false };
          firstOfKey.set(key, result);
          results.push(result);
        } else {
          const seq = state.lastSeq + 1;
          let notice: NoticeBody;
          try {
            notice = await item.apply(state, seq);
          } catch (err) {
            if (err instanceof GlideError) {
              results.push(err);
              continue;
            }
            throw err;
          }
          state.lastSeq = seq;
          const { alsoTell: _alsoTell, ...stable } = notice;
          const row: NewGroupMessage = { gid: item.gid, seq, mid: mids.next(), sender: 0, cliMid: null, type: NOTICE_CONTENT_TYPE, content: JSON.stringify(stable), sendAt: now, createdAt: now };
          rows.push(row);
          const recipients = [...new Set([...state.members.keys(), ...(notice.alsoTell ?? [])])];
          results.push({ message: { ...row, status: 0, recallBy: 0 } as GroupMessage, recipients, isDuplicate: false, notice });
        }
      }
      if (rows.length > 0) await groupMessages.appendBatch(rows);
      for (const state of touched) state.committedSeq = state.lastSeq;
    } catch (err) {
      // The in-memory states may be ahead of the store now: reload them from the store next time.
      for (const gid of startSeqs.keys()) directory.forget(gid);
      throw err;
    }
    return results.map((result) => {
      if ('firstOf' in result) return { ...firstOfKey.get(result.firstOf)!, recipients: [], isDuplicate: true };
      return result;
    });
  }
}
