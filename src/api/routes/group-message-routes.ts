import { Type } from 'typebox';
import { GlideError } from '../../core/index.js';
import { groupMessageResponse, type GroupMessage, type GroupPosition, type GroupReader, type GroupReads } from '../../group/index.js';
import { defineRoute, type ApiRoute } from '../route-table.js';
import type { ChatEvents } from '../../messaging/index.js';
import { eventFields } from './event-routes.js';
import { Id, readId } from './schemas.js';

export interface GroupMessageRouteDeps {
  reader: GroupReader;
  reads: GroupReads;
  historyPageMax: number;
  /** Reaction counts on the messages a read returns. */
  reactions: Pick<ChatEvents, 'reactionCounts'>;
}

function positionResponse(position: GroupPosition) {
  return { Gid: position.gid, LastMID: position.lastMid, LastSeq: position.lastSeq, LastMsgAt: position.lastAt };
}

export function groupMessageRoutes(deps: GroupMessageRouteDeps): ApiRoute[] {
  const { reader, reads, historyPageMax, reactions } = deps;
  /** A page as members read it: read counts (groups that keep them), whether each mentions the caller, reactions and edits. */
  const page = async (gid: number, uid: number, messages: GroupMessage[]) => {
    const [readCounts, reactionCounts] = await Promise.all([reads.readCounts(gid, messages), reactions.reactionCounts(messages.map((m) => m.mid))]);
    return messages.map((m) => ({ ...groupMessageResponse(m, uid, readCounts.get(m.seq)), ...eventFields(m, reactionCounts) }));
  };
  const Limit = Type.Optional(Type.Integer({ minimum: 1, maximum: historyPageMax }));
  const Seq = Type.Integer({ minimum: 0 });
  return [
    defineRoute({
      path: 'msg/group/history',
      body: Type.Object({ Gid: Id, BeforeSeq: Type.Optional(Seq), Limit }),
      async handle(body, ctx) {
        const gid = readId(body.Gid, 'Gid');
        return page(gid, ctx.identity.uid, await reader.history(gid, ctx.identity.uid, body.Limit ?? historyPageMax, body.BeforeSeq || undefined));
      },
    }),
    defineRoute({
      path: 'msg/group/range',
      body: Type.Object({ Gid: Id, FromSeq: Seq, ToSeq: Seq }),
      async handle(body, ctx) {
        const gid = readId(body.Gid, 'Gid');
        const member = await reader.memberState(gid, ctx.identity.uid);
        if (body.ToSeq < body.FromSeq) throw new GlideError('API_BAD_REQUEST', 'ToSeq must not be below FromSeq');
        return page(gid, ctx.identity.uid, await reader.range(member.gid, ctx.identity.uid, body.FromSeq, body.ToSeq, historyPageMax));
      },
    }),
    defineRoute({
      path: 'msg/group/recent',
      body: Type.Object({ Gid: Id, Limit }),
      async handle(body, ctx) {
        const gid = readId(body.Gid, 'Gid');
        return page(gid, ctx.identity.uid, await reader.history(gid, ctx.identity.uid, body.Limit ?? historyPageMax));
      },
    }),
    defineRoute({
      path: 'msg/group/state',
      body: Type.Object({ Gid: Id }),
      handle: async (body, ctx) => positionResponse(await reader.position(readId(body.Gid, 'Gid'), ctx.identity.uid)),
    }),
    defineRoute({
      path: 'msg/group/state/all',
      body: Type.Object({}),
      handle: async (_body, ctx) => (await reader.positionsOf(ctx.identity.uid)).map(positionResponse),
    }),
  ];
}
