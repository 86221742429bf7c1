import { Type } from 'typebox';
import { responseLinks, type ChatEvents, type ChatMessage, type ChatService, type InboxReader } from '../../messaging/index.js';
import { defineRoute, type ApiRoute } from '../route-table.js';
import { eventFields } from './event-routes.js';
import { Id, readId } from './schemas.js';

/** GlideIM's MessageResponse; `Seq` (the caller's inbox seq) is added where one is known. */
function messageResponse(message: ChatMessage, seq?: number) {
  return {
    Mid: message.mid,
    CliSeq: message.cliSeq,
    From: message.sender,
    To: message.receiver,
    Type: message.type,
    SendAt: message.sendAt,
    CreateAt: message.createdAt,
    Content: message.content,
    Status: message.status,
    RecallBy: message.recallBy,
    ...(seq === undefined ? {} : { Seq: seq }),
    ...responseLinks(message.links),
  };
}

export interface MessageRouteDeps {
  chat: ChatService;
  /** Reaction counts on the messages a read returns. */
  reactions: Pick<ChatEvents, 'reactionCounts'>;
  inbox: InboxReader;
  historyPageMax: number;
}

export function messageRoutes(deps: MessageRouteDeps): ApiRoute[] {
  const { chat, inbox, historyPageMax, reactions } = deps;
  const withEvents = async <T extends { mid: number; editedAt?: number }, R>(messages: T[], response: (m: T) => R) => {
    const counts = await reactions.reactionCounts(messages.map((m) => m.mid));
    return messages.map((m) => ({ ...response(m), ...eventFields(m, counts) }));
  };
  const Limit = Type.Optional(Type.Integer({ minimum: 1, maximum: historyPageMax }));
  return [
    defineRoute({
      path: 'msg/id',
      body: Type.Object({ Count: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })) }),
      async handle(body, ctx) {
        const mids = chat.issueMids(ctx.identity.uid, body.Count ?? 1);
        return body.Count === undefined ? { Mid: mids[0] } : { Mids: mids };
      },
    }),
    defineRoute({
      path: 'msg/chat/history',
      body: Type.Object({ Uid: Id, BeforeMid: Type.Optional(Type.Integer({ minimum: 0 })), Limit }),
      async handle(body, ctx) {
        const page = await inbox.history(ctx.identity.uid, readId(body.Uid, 'Uid'), body.Limit ?? historyPageMax, body.BeforeMid || undefined);
        return withEvents(page, (m) => messageResponse(m));
      },
    }),
    defineRoute({
      path: 'msg/chat/offline',
      body: Type.Object({}),
      async handle(_body, ctx) {
        const unacked = await inbox.unacked(ctx.identity.uid, ctx.identity.device, historyPageMax);
        const messages = await withEvents(unacked.map((entry) => ({ ...entry.message, seq: entry.seq })), (m) => messageResponse(m, m.seq));
        return messages;
      },
    }),
    defineRoute({
      path: 'msg/chat/offline/ack',
      body: Type.Object({ Mid: Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 1000 }) }),
      async handle(body, ctx) {
        // Stored before the reply, so the next msg/chat/offline no longer lists what was acked.
        await inbox.ack(ctx.identity.uid, ctx.identity.device, body.Mid);
        return '';
      },
    }),
    defineRoute({
      path: 'msg/sync',
      body: Type.Object({ After: Type.Integer({ minimum: 0 }), Limit }),
      async handle(body, ctx) {
        chat.countSync();
        const page = await inbox.after(ctx.identity.uid, body.After, body.Limit ?? historyPageMax);
        const messages = await withEvents(page.entries.map((entry) => ({ ...entry.message, seq: entry.seq })), (m) => messageResponse(m, m.seq));
        return { Messages: messages, LastSeq: page.entries.at(-1)?.seq ?? body.After, HasMore: page.hasMore };
      },
    }),
  ];
}


