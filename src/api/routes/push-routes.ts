import { Type } from 'typebox';
import { GlideError } from '../../core/index.js';
import type { PushService } from '../../push/index.js';
import { SESSION_TYPE } from '../../contact/index.js';
import { defineRoute, type ApiRoute } from '../route-table.js';
import { Id, readId } from './schemas.js';

const Kind = Type.String({ minLength: 1, maxLength: 16 });
const Address = Type.String({ minLength: 1, maxLength: 700 });
const Keys = Type.Object({ p256dh: Type.String({ minLength: 1, maxLength: 256 }), auth: Type.String({ minLength: 1, maxLength: 64 }) });

/** Web Push names the URL `Endpoint`; token-based kinds (fcm, webhook) name it `Token`. Exactly one. */
function addressOf(body: { Endpoint?: string; Token?: string }): string {
  const address = body.Endpoint ?? body.Token;
  if (address === undefined || (body.Endpoint !== undefined && body.Token !== undefined)) throw new GlideError('API_BAD_REQUEST', 'give Endpoint (webpush) or Token (fcm, webhook)');
  return address;
}

/**
 * Push endpoints and preferences of the caller (always the signed-in user: a device registers only for
 * its own account). Each call is limited per user (PushService).
 */
export function pushRoutes(deps: { push: PushService; vapidPublicKey: string }): ApiRoute[] {
  const { push } = deps;
  return [
    defineRoute({
      path: 'push/config',
      body: Type.Object({}),
      handle: async () => ({ Kinds: push.kinds, VapidPublicKey: deps.vapidPublicKey }),
    }),
    defineRoute({
      path: 'push/register',
      body: Type.Object({ Kind, Endpoint: Type.Optional(Address), Token: Type.Optional(Address), Keys: Type.Optional(Keys) }),
      async handle(body, ctx) {
        const { uid, device } = ctx.identity;
        const endpoint = await push.register(uid, device, body.Kind, addressOf(body), body.Keys ? JSON.stringify({ p256dh: body.Keys.p256dh, auth: body.Keys.auth }) : '');
        return { Id: endpoint.id };
      },
    }),
    defineRoute({
      path: 'push/unregister',
      body: Type.Object({ Kind, Endpoint: Type.Optional(Address), Token: Type.Optional(Address) }),
      handle: async (body, ctx) => ({ Removed: await push.unregister(ctx.identity.uid, body.Kind, addressOf(body)) }),
    }),
    defineRoute({
      path: 'push/mute',
      body: Type.Object({ Type: Type.Union([Type.Literal(SESSION_TYPE.chat), Type.Literal(SESSION_TYPE.group)]), Id, Mute: Type.Boolean() }),
      async handle(body, ctx) {
        await push.setMuted(ctx.identity.uid, body.Type, readId(body.Id, 'Id'), body.Mute);
        return '';
      },
    }),
    defineRoute({
      path: 'push/dnd',
      body: Type.Object({ On: Type.Boolean() }),
      async handle(body, ctx) {
        await push.setDoNotDisturb(ctx.identity.uid, body.On);
        return '';
      },
    }),
    defineRoute({
      path: 'push/test',
      body: Type.Object({}),
      handle: async (_body, ctx) => (await push.test(ctx.identity.uid)).map((r) => ({ Id: r.id, Kind: r.kind, Outcome: r.outcome, Status: r.status, Detail: r.detail })),
    }),
  ];
}
