import { Type } from 'typebox';
import { GlideError } from '../../core/index.js';
import { groupMessageResponse, type GroupDirectory, type GroupState } from '../../group/index.js';
import type { GroupMessageStore, GroupStore } from '../../store/index.js';
import { defineRoute, type ApiRoute } from '../route-table.js';
import { memberState } from './group-routes.js';
import { Id, readId } from './schemas.js';

export interface GroupMessageRouteDeps {
  directory: GroupDirectory;
  groups: GroupStore;
  groupMessages: GroupMessageStore;
  historyPageMax: number;
}

/** The first seq a member may read: everything, or from its join on unless the group shows history. */
function firstReadable(state: GroupState, uid: number): number {
  return state.group.allowHistory ? 1 : (state.members.get(uid)?.joinedSeq ?? 0) + 1;
}

function state(state: GroupState, lastMid: number, lastAt: number) {
  return { Gid: state.gid, LastMID: lastMid, LastSeq: state.committedSeq, LastMsgAt: lastAt };
}

export function groupMessageRoutes(deps: GroupMessageRouteDeps): ApiRoute[] {
  const { directory, groups, groupMessages, historyPageMax } = deps;
  const Limit = Type.Optional(Type.Integer({ minimum: 1, maximum: historyPageMax }));
  const Seq = Type.Integer({ minimum: 0 });

  async function groupState(gid: number) {
    const found = await directory.get(gid);
    if (!found) throw new GlideError('GROUP_NOT_FOUND', `group ${gid}`);
    const last = found.committedSeq > 0 ? await groupMessages.get(gid, found.committedSeq) : undefined;
    return state(found, last?.mid ?? 0, last?.createdAt ?? 0);
  }

  return [
    defineRoute({
      path: 'msg/group/history',
      body: Type.Object({ Gid: Id, BeforeSeq: Type.Optional(Seq), Limit }),
      async handle(body, ctx) {
        const gid = readId(body.Gid, 'Gid');
        const member = await memberState(directory, gid, ctx.identity.uid);
        const page = await groupMessages.history(gid, body.Limit ?? historyPageMax, body.BeforeSeq || undefined);
        const first = firstReadable(member, ctx.identity.uid);
        return page.filter((m) => m.seq >= first).map(groupMessageResponse);
      },
    }),
    defineRoute({
      path: 'msg/group/range',
      body: Type.Object({ Gid: Id, FromSeq: Seq, ToSeq: Seq }),
      async handle(body, ctx) {
        const gid = readId(body.Gid, 'Gid');
        const member = await memberState(directory, gid, ctx.identity.uid);
        if (body.ToSeq < body.FromSeq) throw new GlideError('API_BAD_REQUEST', 'ToSeq must not be below FromSeq');
        const from = Math.max(body.FromSeq, firstReadable(member, ctx.identity.uid));
        const to = Math.min(body.ToSeq, from + historyPageMax - 1);
        return from > to ? [] : (await groupMessages.range(gid, from, to, historyPageMax)).map(groupMessageResponse);
      },
    }),
    defineRoute({
      path: 'msg/group/recent',
      body: Type.Object({ Gid: Id, Limit }),
      async handle(body, ctx) {
        const gid = readId(body.Gid, 'Gid');
        const member = await memberState(directory, gid, ctx.identity.uid);
        const first = firstReadable(member, ctx.identity.uid);
        return (await groupMessages.history(gid, body.Limit ?? historyPageMax)).filter((m) => m.seq >= first).map(groupMessageResponse);
      },
    }),
    defineRoute({
      path: 'msg/group/state',
      body: Type.Object({ Gid: Id }),
      async handle(body, ctx) {
        const gid = readId(body.Gid, 'Gid');
        await memberState(directory, gid, ctx.identity.uid);
        return groupState(gid);
      },
    }),
    defineRoute({
      path: 'msg/group/state/all',
      body: Type.Object({}),
      handle: async (_body, ctx) => Promise.all((await groups.listGroupsOf(ctx.identity.uid)).map((gid) => groupState(gid))),
    }),
  ];
}
