import { GROUP_NOTICE_TYPES, type GroupNotice } from '../client/index.js';

/** A group notice as one line of text for the conversation. */
export function noticeText(notice: Pick<GroupNotice, 'type' | 'uids' | 'by' | 'mute'>, nameOf: (uid: number) => string): string {
  const by = notice.by ? nameOf(notice.by) : 'Someone';
  const who = (notice.uids ?? []).map(nameOf).join(', ');
  switch (notice.type) {
    case GROUP_NOTICE_TYPES.MEMBER_ADDED:
      if (notice.uids?.length === 1 && notice.uids[0] === notice.by) return `${by} joined`;
      // The creation notice lists the creator among the members.
      if (notice.by !== undefined && notice.uids?.includes(notice.by)) return `${by} created the group with ${notice.uids.filter((uid) => uid !== notice.by).map(nameOf).join(', ')}`;
      return `${by} added ${who}`;
    case GROUP_NOTICE_TYPES.MEMBER_REMOVED:
      return notice.uids?.length === 1 && notice.uids[0] === notice.by ? `${by} left` : `${by} removed ${who}`;
    case GROUP_NOTICE_TYPES.ROLE_CHANGED:
      return `${by} changed the role of ${who}`;
    case GROUP_NOTICE_TYPES.MUTE_CHANGED:
      return `${by} ${notice.mute ? 'muted' : 'unmuted'} ${who || 'the group'}`;
    case GROUP_NOTICE_TYPES.DISSOLVED:
      return `${by} dissolved the group`;
    default:
      return `${by} updated the group`;
  }
}
