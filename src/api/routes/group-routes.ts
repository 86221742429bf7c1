import { Type } from 'typebox';
import { GlideError } from '../../core/index.js';
import type { GroupAdminApi, GroupDirectory, GroupState } from '../../group/index.js';
import type { GroupStore } from '../../store/index.js';
import { defineRoute, type ApiRoute } from '../route-table.js';
import { Id, IdList, readId, readIds } from './schemas.js';

export interface GroupRouteDeps {
  admin: GroupAdminApi;
  directory: GroupDirectory;
  groups: GroupStore;
  isOnline(uid: number): boolean;
}

const Name = Type.String({ minLength: 1, maxLength: 64 });

/** The group as a member may read it; non-members are refused (they cannot act on a group they are not in). */
export async function memberState(directory: GroupDirectory, gid: number, uid: number): Promise<GroupState> {
  const state = await directory.get(gid);
  if (!state) throw new GlideError('GROUP_NOT_FOUND', `group ${gid}`);
  if (!state.members.has(uid)) throw new GlideError('GROUP_NOT_MEMBER', `group ${gid}`);
  return state;
}

export function groupRoutes(deps: GroupRouteDeps): ApiRoute[] {
  const { admin, directory, groups } = deps;
  return [
    defineRoute({
      path: 'group/create',
      body: Type.Object({ Name, Member: Type.Optional(Type.Array(Id, { maxItems: 500 })) }),
      handle: async (body, ctx) => ({ Gid: await admin.create(ctx.identity.uid, body.Name, readIds(body.Member ?? [], 'Member')) }),
    }),
    defineRoute({
      path: 'group/info',
      body: Type.Object({ Gid: IdList }),
      async handle(body) {
        const found = await groups.getMany(readIds(body.Gid, 'Gid'));
        const states = await Promise.all(found.map((group) => directory.get(group.gid)));
        return found.map((group, i) => ({
          Gid: group.gid,
          Name: group.name,
          Avatar: group.avatar,
          Owner: group.ownerUid,
          Mute: group.isMuted,
          Dissolved: group.isDissolved,
          Members: states[i]?.members.size ?? 0,
          CreateAt: group.createdAt,
        }));
      },
    }),
    defineRoute({
      path: 'group/members',
      body: Type.Object({ Gid: Id }),
      async handle(body, ctx) {
        const gid = readId(body.Gid, 'Gid');
        await memberState(directory, gid, ctx.identity.uid);
        return (await groups.listMembers(gid)).map((m) => ({ Uid: m.uid, RemarkName: m.remark, Type: m.role, Online: deps.isOnline(m.uid), Mute: m.isMuted }));
      },
    }),
    defineRoute({ path: 'group/join', body: Type.Object({ Gid: Id }), handle: async (body, ctx) => {
        await admin.join(ctx.identity.uid, readId(body.Gid, 'Gid'));
      } }),
    defineRoute({ path: 'group/exit', body: Type.Object({ Gid: Id }), handle: async (body, ctx) => {
        await admin.exit(ctx.identity.uid, readId(body.Gid, 'Gid'));
      } }),
    defineRoute({
      path: 'group/members/invite',
      body: Type.Object({ Gid: Id, Uid: IdList }),
      handle: async (body, ctx) => {
        await admin.invite(ctx.identity.uid, readId(body.Gid, 'Gid'), readIds(body.Uid, 'Uid'));
      },
    }),
    defineRoute({
      path: 'group/members/remove',
      body: Type.Object({ Gid: Id, Uid: IdList }),
      handle: async (body, ctx) => {
        await admin.remove(ctx.identity.uid, readId(body.Gid, 'Gid'), readIds(body.Uid, 'Uid'));
      },
    }),
    defineRoute({
      path: 'group/update',
      body: Type.Object({ Gid: Id, Name: Type.Optional(Name), Avatar: Type.Optional(Type.String({ maxLength: 512 })), Mute: Type.Optional(Type.Boolean()) }),
      async handle(body, ctx) {
        if (body.Name === undefined && body.Avatar === undefined && body.Mute === undefined) throw new GlideError('API_BAD_REQUEST', 'one of Name, Avatar or Mute is required');
        await admin.update(ctx.identity.uid, readId(body.Gid, 'Gid'), { ...(body.Name !== undefined ? { name: body.Name } : {}), ...(body.Avatar !== undefined ? { avatar: body.Avatar } : {}), ...(body.Mute !== undefined ? { isMuted: body.Mute } : {}) });
        return '';
      },
    }),
    defineRoute({
      path: 'group/members/role',
      body: Type.Object({ Gid: Id, Uid: Id, Type: Type.Integer({ minimum: 1, maximum: 3 }) }),
      handle: async (body, ctx) => {
        await admin.setRole(ctx.identity.uid, readId(body.Gid, 'Gid'), readId(body.Uid, 'Uid'), body.Type);
      },
    }),
    defineRoute({
      path: 'group/members/mute',
      body: Type.Object({ Gid: Id, Uid: Id, Mute: Type.Boolean() }),
      handle: async (body, ctx) => {
        await admin.setMute(ctx.identity.uid, readId(body.Gid, 'Gid'), readId(body.Uid, 'Uid'), body.Mute);
      },
    }),
    defineRoute({ path: 'group/dissolve', body: Type.Object({ Gid: Id }), handle: async (body, ctx) => {
        await admin.dissolve(ctx.identity.uid, readId(body.Gid, 'Gid'));
      } }),
  ];
}
