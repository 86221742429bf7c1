import { Type } from 'typebox';
import { GlideError } from '../../core/index.js';
import type { GroupAdminApi, GroupReader } from '../../group/index.js';
import { defineRoute, type ApiRoute } from '../route-table.js';
import { Id, IdList, readId, readIds } from './schemas.js';

export interface GroupRouteDeps {
  admin: GroupAdminApi;
  reader: GroupReader;
  isOnline(uid: number): boolean;
}

const Name = Type.String({ minLength: 1, maxLength: 64 });

export function groupRoutes(deps: GroupRouteDeps): ApiRoute[] {
  const { admin, reader } = deps;
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
        return (await reader.info(readIds(body.Gid, 'Gid'))).map(({ group, memberCount }) => ({
          Gid: group.gid,
          Name: group.name,
          Avatar: group.avatar,
          Owner: group.ownerUid,
          Mute: group.isMuted,
          Dissolved: group.isDissolved,
          Members: memberCount,
          CreateAt: group.createdAt,
        }));
      },
    }),
    defineRoute({
      path: 'group/members',
      body: Type.Object({ Gid: Id }),
      async handle(body, ctx) {
        return (await reader.members(readId(body.Gid, 'Gid'), ctx.identity.uid)).map((m) => ({ Uid: m.uid, RemarkName: m.remark, Type: m.role, Online: deps.isOnline(m.uid), Mute: m.isMuted }));
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
