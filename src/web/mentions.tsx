import { useEffect, useState } from 'preact/hooks';
import type { GroupMember } from '../client/index.js';
import type { ChatStore } from './chat-store.js';
import type { Conversation } from './ui-types.js';
import type { SendLinks } from './links.js';

/** Owners (1) and admins (2) may mention everyone. */
const MANAGER_ROLES = new Set([1, 2]);
const ALL = '@all';

/** The group's members (names learned), reloaded when another group opens; empty in a 1:1 chat. */
export function useGroupMembers(store: ChatStore, conversation: Conversation): GroupMember[] {
  const [members, setMembers] = useState<GroupMember[]>([]);
  useEffect(() => {
    setMembers([]);
    if (conversation.kind !== 'group' || !store.client) return undefined;
    let isCurrent = true;
    void store.client.api.groups
      .members(conversation.peer)
      .then(async (list) => {
        await store.learnNames(list.map((m) => m.uid));
        if (isCurrent) setMembers(list);
      })
      .catch(() => undefined);
    return () => {
      isCurrent = false;
    };
  }, [conversation.key]);
  return members;
}

function canMentionAll(store: ChatStore, members: readonly GroupMember[]): boolean {
  const me = members.find((m) => m.uid === store.me?.uid);
  return !!me && MANAGER_ROLES.has(me.role);
}

/** The members the text names as `@Name` (and `@all` from a manager), as send options. */
export function mentionsIn(text: string, store: ChatStore, members: readonly GroupMember[]): SendLinks {
  const uids = members.filter((m) => m.uid !== store.me?.uid && text.includes(`@${store.nameOf(m.uid)}`)).map((m) => m.uid);
  const isAll = new RegExp(`(^|\\s)${ALL}(\\s|$)`).test(text) && canMentionAll(store, members);
  return { ...(uids.length > 0 ? { mentions: uids } : {}), ...(isAll ? { mentionAll: true } : {}) };
}

/** While the draft ends in `@` and part of a name, the members that fit; a pick completes the name. */
export function MentionPicker(props: { store: ChatStore; members: GroupMember[]; draft: string; onPick: (draft: string) => void }) {
  const { store, members, draft, onPick } = props;
  const typed = /(^|\s)@([^\s@]*)$/.exec(draft);
  if (!typed || members.length === 0) return null;
  const part = typed[2] ?? '';
  const query = part.toLowerCase();
  const names = members.filter((m) => m.uid !== store.me?.uid).map((m) => ({ key: String(m.uid), name: store.nameOf(m.uid) }));
  if (canMentionAll(store, members)) names.unshift({ key: 'all', name: 'all' });
  const fitting = names.filter((n) => n.name.toLowerCase().startsWith(query));
  if (fitting.length === 0) return null;
  const start = draft.length - part.length - 1;
  return (
    <ul class="mention-picker" role="listbox" data-testid="mention-picker">
      {fitting.map((n) => (
        <li key={n.key}>
          <button type="button" class="link" onClick={() => onPick(`${draft.slice(0, start)}@${n.name} `)} data-testid={`mention-${n.key}`}>
            @{n.name}
          </button>
        </li>
      ))}
    </ul>
  );
}
