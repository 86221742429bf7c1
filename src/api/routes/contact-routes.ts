import { Type } from 'typebox';
import type { ContactNotifier, ContactService } from '../../contact/index.js';
import { ACTIONS, type OutboundEnvelope } from '../../protocol/index.js';
import { defineRoute, type ApiRoute } from '../route-table.js';
import { Id, IdList, readId, readIds } from './schemas.js';

const Remark = Type.String({ maxLength: 128 });

/** Pushes contact notices to every connection of the user (`pushToUser` reaches other nodes in a cluster). */
export function contactNotifier(pushToUser: (uid: number, envelope: OutboundEnvelope) => void): ContactNotifier {
  return {
    notifyContact(uid, notice) {
      pushToUser(uid, { action: ACTIONS.NOTIFY_CONTACT, data: notice });
    },
  };
}

export function contactRoutes(deps: { contacts: ContactService; isOnline: (uid: number) => boolean }): ApiRoute[] {
  const { contacts } = deps;
  return [
    defineRoute({
      path: 'contacts/list',
      body: Type.Object({}),
      // Online is shown for mutual contacts only (contacts/add alone gives no presence).
      handle: async (_body, ctx) => (await contacts.listWithPresence(ctx.identity.uid, deps.isOnline)).map(({ contact: c, isOnline }) => ({ Id: c.id, Type: c.type, Remark: c.remark, Online: isOnline })),
    }),
    defineRoute({
      path: 'contacts/add',
      body: Type.Object({ Uid: Id, Remark: Type.Optional(Remark) }),
      async handle(body, ctx) {
        await contacts.add(ctx.identity.uid, readId(body.Uid, 'Uid'), body.Remark ?? '');
        return '';
      },
    }),
    defineRoute({
      path: 'contacts/del',
      body: Type.Object({ Uid: IdList }),
      async handle(body, ctx) {
        await contacts.remove(ctx.identity.uid, readIds(body.Uid, 'Uid'));
        return '';
      },
    }),
    defineRoute({
      path: 'contacts/update',
      body: Type.Object({ Uid: Id, Remark }),
      async handle(body, ctx) {
        await contacts.updateRemark(ctx.identity.uid, readId(body.Uid, 'Uid'), body.Remark);
        return '';
      },
    }),
    defineRoute({
      path: 'contacts/approval',
      body: Type.Object({ Uid: Id, Agree: Type.Boolean(), Comment: Type.Optional(Type.String({ maxLength: 256 })) }),
      async handle(body, ctx) {
        await contacts.approve(ctx.identity.uid, readId(body.Uid, 'Uid'), body.Agree);
        return '';
      },
    }),
  ];
}
