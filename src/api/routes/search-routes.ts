import { Type } from 'typebox';
import { GlideError, KeyRate, type Clock } from '../../core/index.js';
import type { GroupReader } from '../../group/index.js';
import { MAX_SEARCH_CHARS, type MessageSearch, type SearchHit } from '../../messaging/index.js';
import { defineRoute, type ApiRoute } from '../route-table.js';
import { OptionalId, OptionalMid, readOptionalId, readOptionalMid } from './schemas.js';

export interface SearchRouteDeps {
  search: MessageSearch;
  reader: GroupReader;
  clock: Clock;
  /** Per user, HTTP and long connection together. */
  maxPerSecond: number;
  pageMax: number;
}

/** One result: a 1:1 message has `To`, a group message `Gid` and `Seq`. */
function hitResponse(hit: SearchHit) {
  const m = hit.message;
  const common = { Mid: m.mid, From: m.sender, Type: m.type, Content: m.content, SendAt: m.sendAt, CreateAt: m.createdAt, ...(m.editedAt ? { Edited: true, EditedAt: m.editedAt } : {}) };
  return hit.kind === 'chat' ? { ...common, To: hit.message.receiver } : { ...common, Gid: hit.message.gid, Seq: hit.message.seq };
}

const Time = Type.Optional(Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }));

export function searchRoutes(deps: SearchRouteDeps): ApiRoute[] {
  const rate = new KeyRate(deps.clock, deps.maxPerSecond);
  return [
    defineRoute({
      path: 'msg/search',
      body: Type.Object({
        Query: Type.String({ minLength: 1, maxLength: MAX_SEARCH_CHARS }),
        Peer: OptionalId,
        Gid: OptionalId,
        From: OptionalId,
        After: Time,
        Before: Time,
        Cursor: OptionalMid,
        Limit: Type.Optional(Type.Integer({ minimum: 1, maximum: deps.pageMax })),
      }),
      async handle(body, ctx) {
        const uid = ctx.identity.uid;
        const terms = deps.search.termsOf(body.Query);
        if (!rate.take(uid)) throw new GlideError('API_RATE_LIMITED', `msg/search: at most ${deps.maxPerSecond} per second`);
        const gid = readOptionalId(body.Gid, 'Gid');
        // A named group the caller is not in is refused, not answered with silence.
        if (gid !== undefined) await deps.reader.memberState(gid, uid);
        const page = await deps.search.search(uid, terms, {
          peer: readOptionalId(body.Peer, 'Peer'),
          gid,
          from: readOptionalId(body.From, 'From'),
          after: body.After || undefined,
          before: body.Before || undefined,
          beforeMid: readOptionalMid(body.Cursor, 'Cursor'),
          limit: body.Limit ?? deps.pageMax,
        });
        return { Messages: page.hits.map(hitResponse), ...(page.nextBeforeMid === undefined ? {} : { Cursor: page.nextBeforeMid }) };
      },
    }),
  ];
}
