import type { Store } from '../../src/store/index.js';

/** Whose state a fuzzing test watches: users (with the device their token is for) and groups. */
export interface Watched {
  users: readonly { uid: number; device: number }[];
  gids: readonly number[];
}

/**
 * Everything a refused request must leave as it was, read through the store: for each watched user its
 * row, token version, contacts, blacklist, sessions, groups, inbox head and device cursor; for each
 * watched group its row, members and last seq. Cheap enough to take before and after every request.
 */
export async function snapshotState(store: Store, watched: Watched): Promise<unknown> {
  const users = await Promise.all(
    watched.users.map(async ({ uid, device }) => ({
      uid,
      user: await store.users.get(uid),
      tokenVersion: await store.users.getTokenVersion(uid, device),
      contacts: await store.contacts.list(uid),
      blocked: await store.contacts.listBlocked(uid),
      sessions: await store.sessions.list(uid),
      groups: await store.groups.listGroupsOf(uid),
      inboxSeq: await store.messages.lastInboxSeq(uid),
      cursor: await store.messages.getDeviceCursor(uid, device),
    })),
  );
  const groups = await Promise.all(
    watched.gids.map(async (gid) => ({ gid, group: await store.groups.get(gid), members: await store.groups.listMembers(gid), lastSeq: await store.groupMessages.lastSeq(gid) })),
  );
  return { users, groups };
}
