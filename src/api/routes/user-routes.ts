import { Type } from 'typebox';
import type { UserDirectory } from '../../contact/index.js';
import type { User } from '../../store/index.js';
import { defineRoute, type ApiRoute } from '../route-table.js';
import { IdList, readIds } from './schemas.js';

/** A user as GlideIM clients read it: G2 names (web client v2) and G1 names (Android/Java SDK). */
export function userInfo(user: User) {
  return { uid: user.uid, account: user.account, nick_name: user.nickname, avatar: user.avatar, Uid: user.uid, Nickname: user.nickname, Account: user.account, Avatar: user.avatar };
}

function profile(user: User) {
  return { ...userInfo(user), email: user.email ?? '', Email: user.email ?? '' };
}

const Empty = Type.Object({});
const text = (minLength: number, maxLength: number) => Type.String({ minLength, maxLength });

export function userRoutes(deps: { directory: UserDirectory }): ApiRoute[] {
  const { directory } = deps;
  return [
    defineRoute({
      path: 'user/info',
      body: Type.Object({ Uid: IdList }),
      // Unknown uids are left out of the answer, as GlideIM did.
      handle: async (body) => (await directory.lookup(readIds(body.Uid, 'Uid'))).map(userInfo),
    }),
    defineRoute({
      path: 'user/profile',
      body: Empty,
      handle: async (_body, ctx) => profile(await directory.require(ctx.identity.uid)),
    }),
    defineRoute({
      path: 'user/profile/update',
      body: Type.Object({ Nickname: Type.Optional(text(1, 64)), Avatar: Type.Optional(text(0, 512)), Password: Type.Optional(text(6, 128)) }),
      async handle(body, ctx) {
        const change = { ...(body.Nickname !== undefined ? { nickname: body.Nickname } : {}), ...(body.Avatar !== undefined ? { avatar: body.Avatar } : {}), ...(body.Password !== undefined ? { password: body.Password } : {}) };
        return profile(await directory.updateProfile(ctx.identity.uid, change));
      },
    }),
  ];
}
