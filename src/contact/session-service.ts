import { GlideError } from '../core/index.js';
import { SESSION_TYPE, type Session, type User } from '../store/index.js';
import type { ContactStores, TicketIssuer } from './types.js';

export interface SessionServiceDeps {
  store: ContactStores;
  tickets: TicketIssuer;
}

/** How many lines `recent` returns (GlideIM's page). */
export const RECENT_SESSION_LIMIT = 100;

export interface BlockedEntry {
  uid: number;
  user: User;
  createdAt: number;
}

/** The conversation list, read marks, per-chat tickets and the blacklist of one user. */
export class SessionService {
  constructor(private readonly deps: SessionServiceDeps) {}

  /** The owner's lines, most recently updated first. */
  recent(owner: number, limit = RECENT_SESSION_LIMIT): Promise<Session[]> {
    return this.deps.store.sessions.list(owner, limit);
  }

  /**
   * How far each 1:1 peer among `lines` has read the owner's messages (the peer's own line's read cursor),
   * by peer uid: a page that reloads shows its read ticks again.
   */
  async peerReadCursors(owner: number, lines: readonly Session[]): Promise<Map<number, number>> {
    const chats = lines.filter((line) => line.type === SESSION_TYPE.chat);
    const theirs = await Promise.all(chats.map((line) => this.deps.store.sessions.get(line.peer, SESSION_TYPE.chat, owner)));
    return new Map(chats.map((line, i) => [line.peer, theirs[i]?.readCursor ?? 0]));
  }

  /** The owner's 1:1 line with `peer`, created when missing. Throws API_BAD_REQUEST for oneself or CONTACT_USER_NOT_FOUND. */
  async getOrCreate(owner: number, peer: number): Promise<Session> {
    const { sessions } = this.deps.store;
    const existing = await sessions.get(owner, SESSION_TYPE.chat, peer);
    if (existing) return existing;
    await this.requirePeer(owner, peer);
    await sessions.ensure([{ owner, type: SESSION_TYPE.chat, peer }]);
    const created = await sessions.get(owner, SESSION_TYPE.chat, peer);
    if (!created) throw new Error(`session (${owner}, ${peer}) missing right after ensure`);
    return created;
  }

  /**
   * Marks the owner's 1:1 line with `peer` read up to `upToMid` (everything when omitted). Unread drops
   * to 0 once the line's last message is covered. Returns false when there is no such line.
   */
  markRead(owner: number, peer: number, upToMid?: number): Promise<boolean> {
    return this.deps.store.sessions.markRead(owner, SESSION_TYPE.chat, peer, upToMid);
  }

  /** A ticket for owner → `to`. Throws API_BAD_REQUEST (oneself), CONTACT_USER_NOT_FOUND, or CONTACT_BLOCKED when `to` blocks owner. */
  async ticket(owner: number, to: number): Promise<{ ticket: string; expiresAt: number }> {
    await this.requirePeer(owner, to);
    if (await this.deps.store.contacts.isBlocked(to, owner)) throw new GlideError('CONTACT_BLOCKED', `uid ${to}`);
    return this.deps.tickets.issue(owner, to);
  }

  /** The owner's blacklist with each user's profile, oldest first. */
  async blacklist(owner: number): Promise<BlockedEntry[]> {
    const blocked = await this.deps.store.contacts.listBlocked(owner);
    const users = new Map((await this.deps.store.users.getMany(blocked.map((b) => b.uid))).map((u) => [u.uid, u]));
    const entries: BlockedEntry[] = [];
    for (const { uid, createdAt } of blocked) {
      const user = users.get(uid);
      if (user) entries.push({ uid, user, createdAt });
    }
    return entries;
  }

  /**
   * Puts `uids` on the owner's blacklist (idempotent): they get no ticket for the owner and cannot add
   * them (messaging refuses their messages from the same list). Throws API_BAD_REQUEST (oneself) or
   * CONTACT_USER_NOT_FOUND naming the first unknown uid, and then blocks nobody.
   */
  async block(owner: number, uids: readonly number[]): Promise<void> {
    const unique = [...new Set(uids)];
    if (unique.includes(owner)) throw new GlideError('API_BAD_REQUEST', 'you cannot block yourself');
    const known = new Set((await this.deps.store.users.getMany(unique)).map((u) => u.uid));
    const unknown = unique.find((uid) => !known.has(uid));
    if (unknown !== undefined) throw new GlideError('CONTACT_USER_NOT_FOUND', `uid ${unknown}`);
    for (const uid of unique) await this.deps.store.contacts.block(owner, uid);
  }

  /** Takes `uids` off the owner's blacklist; returns how many were on it. */
  unblock(owner: number, uids: readonly number[]): Promise<number> {
    return this.deps.store.contacts.unblock(owner, [...new Set(uids)]);
  }

  private async requirePeer(owner: number, peer: number): Promise<void> {
    if (peer === owner) throw new GlideError('API_BAD_REQUEST', 'the peer must be another user');
    if (!(await this.deps.store.users.get(peer))) throw new GlideError('CONTACT_USER_NOT_FOUND', `uid ${peer}`);
  }
}
