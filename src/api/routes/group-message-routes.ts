import { Type } from 'typebox';
import { GlideError } from '../../core/index.js';
import { groupMessageResponse, type GroupMessage, type GroupPosition, type GroupReader, type GroupReads } from '../../group/index.js';
import { defineRoute, type ApiRoute } from '../route-table.js';
import { Id, readId } from './schemas.js';

export interface GroupMessageRouteDeps {
  reader: GroupReader;
  reads: GroupReads;
  historyPageMax: number;
}

function positionResponse(position: GroupPosition) {
  return { Gid: position.gid, LastMID: position.lastMid, LastSeq: position.lastSeq, LastMsgAt: position.lastAt };
}

export function groupMessageRoutes(deps: GroupMessageRouteDeps): ApiRoute[] {
  const { reader, reads, historyPageMax } = deps;
  /** A page as members read it: with read counts (groups that keep them) and whether each mentions the caller. */
  const page = async (gid: number, uid: number, messages: GroupMessage[]) => {
    const counts = await reads.readCounts(gid, messages);
    return messages.map((m) => groupMessageResponse(m, uid, counts.get(m.seq)));
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
