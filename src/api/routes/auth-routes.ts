import { Type } from 'typebox';
import type { AccountService, SigninResult, SocketSignin } from '../../auth/index.js';
import { GlideError } from '../../core/index.js';
import { defineRoute, type ApiRoute } from '../route-table.js';

const DEFAULT_DEVICE = 2;
const Text = (maxLength: number) => Type.String({ maxLength });
const Device = Type.Integer({ minimum: 1, maximum: 1000 });

/** G1 sign-in reply, as the Android/Java SDK reads it. */
function g1Auth(result: SigninResult) {
  return { Token: result.token, Uid: result.uid, Servers: result.servers };
}

/** G2 AuthBean (web client v2), with the G1 names too so either client can read it. */
function authBean(result: SigninResult) {
  return {
    token: result.token,
    uid: result.uid,
    server: result.servers,
    servers: result.servers,
    credential: { credential: result.credential, version: 1 },
    nick_name: result.user.nickname,
    nickname: result.user.nickname,
    avatar: result.user.avatar,
    email: result.user.email ?? '',
    device: result.device,
    ...g1Auth(result),
  };
}

export function authRoutes(deps: { accounts: AccountService; signins: SocketSignin }): ApiRoute[] {
  const { accounts, signins } = deps;
  return [
    defineRoute({
      path: 'auth/register',
      isPublic: true,
      body: Type.Object({
        Account: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
        Email: Type.Optional(Type.String({ minLength: 3, maxLength: 128 })),
        Password: Type.String({ minLength: 1, maxLength: 128 }),
        Nickname: Type.Optional(Text(64)),
        Avatar: Type.Optional(Text(512)),
        Captcha: Type.Optional(Text(32)),
      }),
      async handle(body, ctx) {
        const account = body.Account ?? body.Email;
        if (!account) throw new GlideError('API_BAD_REQUEST', 'Account or email is required');
        const profile = { ...(body.Nickname ? { nickname: body.Nickname } : {}), ...(body.Email ? { email: body.Email } : {}), ...(body.Avatar ? { avatar: body.Avatar } : {}) };
        await accounts.register({ account, password: body.Password, ...profile }, ctx.ip);
        return '';
      },
    }),
    // No mailer is configured by default: any captcha is accepted at registration.
    defineRoute({ path: 'auth/verifyCode', isPublic: true, body: Type.Object({ Email: Type.String({ minLength: 1, maxLength: 128 }), Mode: Type.Optional(Type.Unknown()) }), handle: async () => '' }),
    defineRoute({
      path: 'auth/signin',
      isPublic: true,
      body: Type.Object({ Account: Type.String({ minLength: 1, maxLength: 128 }), Password: Type.String({ maxLength: 128 }), Device: Type.Optional(Device) }),
      async handle(body, ctx) {
        return g1Auth(await accounts.signin({ account: body.Account, password: body.Password, device: body.Device ?? DEFAULT_DEVICE, ip: ctx.ip }));
      },
    }),
    defineRoute({
      path: 'auth/signin_v2',
      isPublic: true,
      body: Type.Object({ Email: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })), Account: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })), Password: Type.String({ maxLength: 128 }), Device: Type.Optional(Device) }),
      async handle(body, ctx) {
        const account = body.Account ?? body.Email;
        if (!account) throw new GlideError('API_BAD_REQUEST', 'Email or Account is required');
        return authBean(await accounts.signin({ account, password: body.Password, device: body.Device ?? DEFAULT_DEVICE, ip: ctx.ip }));
      },
    }),
    defineRoute({
      path: 'auth/guest',
      isPublic: true,
      body: Type.Object({ Avatar: Type.Optional(Text(512)), Nickname: Type.Optional(Text(64)) }),
      async handle(body, ctx) {
        return authBean(await accounts.guest({ ...(body.Nickname ? { nickname: body.Nickname } : {}), ...(body.Avatar ? { avatar: body.Avatar } : {}) }, ctx.ip));
      },
    }),
    defineRoute({
      path: 'auth/token',
      isPublic: true,
      body: Type.Object({ Token: Type.String({ minLength: 1, maxLength: 4096 }) }),
      async handle(body) {
        return authBean(await accounts.refresh(body.Token));
      },
    }),
    defineRoute({
      path: 'auth/logout',
      body: Type.Object({}),
      async handle(_body, ctx) {
        await accounts.logout(ctx.identity.uid, ctx.identity.device);
        signins.detachDevice(ctx.identity.uid, ctx.identity.device, ctx.connection);
        return '';
      },
    }),
  ];
}
