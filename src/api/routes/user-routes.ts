import { Type } from 'typebox';
import type { AccountService, SocketSignin } from '../../auth/index.js';
import type { User, UserDirectory } from '../../contact/index.js';
import { GlideError } from '../../core/index.js';
import { defineRoute, type ApiRoute } from '../route-table.js';
import { IdList, readIds } from './schemas.js';

/**
 * A user as GlideIM clients read it: G2 names (web client v2) and G1 names (Android/Java SDK). The
 * account name (often an e-mail) is private: only `viewer` itself gets it; others read it empty.
 */
export function userInfo(user: User, viewer: number) {
  const account = user.uid === viewer ? user.account : '';
  return { uid: user.uid, account, nick_name: user.nickname, avatar: user.avatar, Uid: user.uid, Nickname: user.nickname, Account: account, Avatar: user.avatar };
}

function profile(user: User) {
  return { ...userInfo(user, user.uid), email: user.email ?? '', Email: user.email ?? '' };
}

const Empty = Type.Object({});
const text = (minLength: number, maxLength: number) => Type.String({ minLength, maxLength });

export function userRoutes(deps: { directory: UserDirectory; accounts: AccountService; signins: SocketSignin }): ApiRoute[] {
  const { directory, accounts, signins } = deps;
  return [
    defineRoute({
      path: 'user/info',
      body: Type.Object({ Uid: IdList }),
      // Unknown uids are left out of the answer, as GlideIM did.
      handle: async (body, ctx) => (await directory.lookup(readIds(body.Uid, 'Uid'))).map((user) => userInfo(user, ctx.identity.uid)),
    }),
    defineRoute({
      path: 'user/profile',
      body: Empty,
      handle: async (_body, ctx) => profile(await directory.require(ctx.identity.uid)),
    }),
    defineRoute({
      path: 'user/profile/update',
      // A new Password needs the current one in OldPassword (any casing, as every key).
      body: Type.Object({ Nickname: Type.Optional(text(1, 64)), Avatar: Type.Optional(text(0, 512)), Password: Type.Optional(text(1, 128)), OldPassword: Type.Optional(text(0, 128)) }),
      async handle(body, ctx) {
        const { uid, device } = ctx.identity;
        if (body.Password !== undefined) {
          if (body.OldPassword === undefined) throw new GlideError('API_BAD_REQUEST', 'OldPassword (the current password) is required to change Password');
          const { revokedDevices } = await accounts.changePassword({ uid, device, ip: ctx.ip, currentPassword: body.OldPassword, newPassword: body.Password });
          // Other devices' tokens are revoked: their open connections go too, on every node.
          for (const revoked of revokedDevices) signins.detachDevice(uid, revoked);
        }
        const change = { ...(body.Nickname !== undefined ? { nickname: body.Nickname } : {}), ...(body.Avatar !== undefined ? { avatar: body.Avatar } : {}) };
        return profile(await directory.updateProfile(uid, change));
      },
    }),
  ];
}
