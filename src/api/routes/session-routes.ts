import { Type } from 'typebox';
import { SESSION_TYPE, type Session, type SessionService } from '../../contact/index.js';
import { GlideError } from '../../core/index.js';
import type { GroupReads } from '../../group/index.js';
import { defineRoute, type ApiRoute } from '../route-table.js';
import { Id, IdList, OptionalId, OptionalMid, readId, readIds, readOptionalId, readOptionalMid } from './schemas.js';
import { userInfo } from './user-routes.js';

/**
 * A session line as GlideIM clients read it: Uid1 is the owner, Uid2 and To the peer (a uid, or a gid for Type 2). Times in ms.
 * PeerRead (our addition, 1:1 lines of session/recent): the highest mid of ours the peer has read.
 */
function sessionView(session: Session, peerRead?: number, isMentioned = false) {
  return {
    ...(peerRead === undefined ? {} : { PeerRead: peerRead }),
    ...(isMentioned ? { Mentioned: true } : {}),
    Uid1: session.owner,
    Uid2: session.peer,
    To: session.peer,
    Unread: session.unread,
    LastMid: session.lastMid,
    UpdateAt: session.updatedAt,
    CreateAt: session.createdAt,
    Type: session.type,
  };
}

/** The peer of a 1:1 call: another user than the caller. */
function readPeer(value: number | string, field: string, self: number): number {
  const peer = readId(value, field);
  if (peer === self) throw new GlideError('API_BAD_REQUEST', `${field} must be another user's uid`);
  return peer;
}

/** Mentioned (our addition, group lines): the unread part of the group mentions the owner. */
export function sessionRoutes(deps: { sessions: SessionService; groupReads: GroupReads }): ApiRoute[] {
  const { sessions, groupReads } = deps;
  return [
    defineRoute({
      path: 'session/recent',
      // GlideIM's clients (G1, G2) read every line as a 1:1 chat with To, so they get only those; our SDK
      // and web page ask for the group lines too with {"Groups": true}.
      body: Type.Object({ Groups: Type.Optional(Type.Boolean()) }),
      async handle(body, ctx) {
        const all = await sessions.recent(ctx.identity.uid);
        const lines = body.Groups === true ? all : all.filter((line) => line.type === SESSION_TYPE.chat);
        const [peerRead, mentions] = await Promise.all([sessions.peerReadCursors(ctx.identity.uid, lines), body.Groups === true ? groupReads.unreadMentions(ctx.identity.uid) : new Map<number, number>()]);
        return lines.map((line) => (line.type === SESSION_TYPE.chat ? sessionView(line, peerRead.get(line.peer) ?? 0) : sessionView(line, undefined, mentions.has(line.peer))));
      },
    }),
    defineRoute({
      path: 'session/get',
      body: Type.Object({ To: Id }),
      handle: async (body, ctx) => sessionView(await sessions.getOrCreate(ctx.identity.uid, readPeer(body.To, 'To', ctx.identity.uid))),
    }),
    defineRoute({
      path: 'session/ticket',
      body: Type.Object({ To: Id }),
      async handle(body, ctx) {
        const { ticket } = await sessions.ticket(ctx.identity.uid, readPeer(body.To, 'To', ctx.identity.uid));
        return { Ticket: ticket };
      },
    }),
    defineRoute({
      path: 'session/read',
      body: Type.Object({ To: OptionalId, Gid: OptionalId, Mid: OptionalMid, Seq: OptionalMid }),
      async handle(body, ctx) {
        const to = readOptionalId(body.To, 'To');
        const gid = readOptionalId(body.Gid, 'Gid');
        if (to !== undefined && gid !== undefined) throw new GlideError('API_BAD_REQUEST', 'give To or Gid, not both');
        if (gid !== undefined) {
          const seq = readOptionalMid(body.Seq, 'Seq');
          if (seq === undefined) throw new GlideError('API_BAD_REQUEST', 'Seq is required with Gid');
          await groupReads.markRead(gid, ctx.identity.uid, seq);
          return '';
        }
        if (to === undefined) throw new GlideError('API_BAD_REQUEST', 'To or Gid is required');
        // A line that does not exist has nothing unread: success either way.
        await sessions.markRead(ctx.identity.uid, to, readOptionalMid(body.Mid, 'Mid'));
        return '';
      },
    }),
    defineRoute({
      path: 'session/blacklist',
      method: 'GET',
      body: Type.Object({}),
      handle: async (_body, ctx) => (await sessions.blacklist(ctx.identity.uid)).map((entry) => ({ id: entry.uid, user_info: userInfo(entry.user, ctx.identity.uid) })),
    }),
    defineRoute({
      path: 'session/blacklist/add',
      body: Type.Object({ relative_ids: IdList }),
      async handle(body, ctx) {
        const uids = readIds(body.relative_ids, 'relative_ids');
        if (uids.includes(ctx.identity.uid)) throw new GlideError('API_BAD_REQUEST', 'relative_ids must not contain your own uid');
        await sessions.block(ctx.identity.uid, uids);
        return '';
      },
    }),
    defineRoute({
      path: 'session/blacklist/remove',
      body: Type.Object({ relative_ids: IdList }),
      async handle(body, ctx) {
        await sessions.unblock(ctx.identity.uid, readIds(body.relative_ids, 'relative_ids'));
        return '';
      },
    }),
  ];
}
