import type { Selectable } from 'kysely';
import type { BlockedUser, Contact, ContactRequest, ContactType, RequestStatus } from '../contact-store.js';
import type { GroupMessage } from '../group-message-store.js';
import type { Group, GroupMember, GroupRole } from '../group-store.js';
import { isEmptyLinks, type MessageLinks } from '../message-links.js';
import type { ChatMessage, MessageStatus } from '../message-store.js';
import type { Session, SessionType } from '../session-store.js';
import type { User } from '../user-store.js';
import type { Database } from './schema.js';

// Rows to domain objects, the one place where column names and flag encoding are known.
// Narrowing casts are safe: the store writes these columns only from the typed domain values.

type Row<T extends keyof Database> = Selectable<Database[T]>;

export const flag = (value: boolean): number => (value ? 1 : 0);

export function toUser(row: Row<'users'>): User {
  return {
    uid: row.uid,
    account: row.account,
    email: row.email,
    passwordHash: row.password_hash,
    nickname: row.nickname,
    avatar: row.avatar,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function toContact(row: Row<'contacts'>): Contact {
  return { owner: row.owner, id: row.peer, type: row.type as ContactType, remark: row.remark, createdAt: row.created_at };
}

export function toContactRequest(row: Row<'contact_requests'>): ContactRequest {
  return {
    fromUid: row.from_uid,
    toUid: row.to_uid,
    comment: row.comment,
    status: row.status as RequestStatus,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function toBlockedUser(row: Pick<Row<'blacklist'>, 'other' | 'created_at'>): BlockedUser {
  return { uid: row.other, createdAt: row.created_at };
}

export function toSession(row: Row<'sessions'>): Session {
  return {
    owner: row.owner,
    type: row.type as SessionType,
    peer: row.peer,
    lastMid: row.last_mid,
    unread: row.unread,
    readCursor: row.read_cursor,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function toGroup(row: Row<'chat_groups'>): Group {
  return {
    gid: row.gid,
    name: row.name,
    avatar: row.avatar,
    ownerUid: row.owner_uid,
    isMuted: row.mute !== 0,
    isDissolved: row.dissolved !== 0,
    allowHistory: row.allow_history !== 0,
    lastSeq: row.last_seq,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function toMember(row: Row<'group_members'>): GroupMember {
  return {
    gid: row.gid,
    uid: row.uid,
    role: row.role as GroupRole,
    isMuted: row.mute !== 0,
    remark: row.remark,
    joinedSeq: row.joined_seq,
    deliveredSeq: row.delivered_seq,
    readSeq: row.read_seq,
    joinedAt: row.joined_at,
  };
}

export function toChatMessage(row: Row<'messages'>): ChatMessage {
  return {
    mid: row.mid,
    sender: row.sender,
    receiver: row.receiver,
    cliMid: row.cli_mid,
    cliSeq: row.cli_seq,
    type: row.type,
    content: row.content,
    sendAt: row.send_at,
    createdAt: row.created_at,
    status: row.status as MessageStatus,
    recallBy: row.recall_by,
    ...linksOf(row.links),
    ...(row.edited_at > 0 ? { editedAt: row.edited_at } : {}),
  };
}

export function toGroupMessage(row: Row<'group_messages'>): GroupMessage {
  return {
    gid: row.gid,
    seq: row.seq,
    mid: row.mid,
    sender: row.sender,
    cliMid: row.cli_mid,
    type: row.type,
    content: row.content,
    sendAt: row.send_at,
    createdAt: row.created_at,
    status: row.status as MessageStatus,
    recallBy: row.recall_by,
    ...linksOf(row.links),
    ...(row.edited_at > 0 ? { editedAt: row.edited_at } : {}),
  };
}

/** The links column's text: null when there are none. */
export function linksText(links: MessageLinks | undefined): string | null {
  return links === undefined || isEmptyLinks(links) ? null : JSON.stringify(links);
}

/** `{ links }` for a row that has them, `{}` otherwise (rows without links read as before 010). */
function linksOf(text: string | null | undefined): { links?: MessageLinks } {
  return text ? { links: JSON.parse(text) as MessageLinks } : {};
}

/** Splits rows for multi-row INSERTs that stay under every engine's bound-parameter limit. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Member cursor moves grouped by (gid, seq), the members in chunks of up to `size`: a round is mostly the
 * members of one group at its newest seq, so it takes a few statements, not one per member.
 */
export function* cursorsBySeq(cursors: readonly { gid: number; uid: number; seq: number }[], size: number): Generator<{ gid: number; seq: number; uids: number[] }> {
  const byGid = new Map<number, Map<number, number[]>>();
  for (const { gid, uid, seq } of cursors) {
    let bySeq = byGid.get(gid);
    if (!bySeq) byGid.set(gid, (bySeq = new Map()));
    const uids = bySeq.get(seq);
    if (uids) uids.push(uid);
    else bySeq.set(seq, [uid]);
  }
  for (const [gid, bySeq] of byGid) for (const [seq, uids] of bySeq) for (const part of chunks(uids, size)) yield { gid, seq, uids: part };
}

/** Distinct values in ascending order. */
export function uniqueSorted(values: readonly number[]): number[] {
  return [...new Set(values)].sort((a, b) => a - b);
}
