import { randomUUID } from 'node:crypto';
import { Type } from 'typebox';
import { GlideError, KeyRate, type Clock } from '../../core/index.js';
import type { GroupEvents } from '../../group/index.js';
import type { ChatEvents, EventBody, EventResult, Pin, ReactionCounts } from '../../messaging/index.js';
import { defineRoute, type ApiRoute } from '../route-table.js';
import { OptionalId, readOptionalId, readOptionalMid } from './schemas.js';

export interface EventRouteDeps {
  chat: ChatEvents;
  groups: GroupEvents;
  clock: Clock;
  /** Per user, the three event routes together. */
  maxEventsPerSecond: number;
  maxContentBytes: number;
}

/** Longest reaction key: an emoji sequence (flags, skin tones, ZWJ families) or a short name. */
export const MAX_REACTION_KEY_CHARS = 32;

const Mid = Type.Union([Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }), Type.String({ pattern: '^[0-9]{1,16}$' })]);
/** The client's key for the event: a retry with the same one is the same event. Absent: never deduplicated. */
const CliMid = Type.Optional(Type.String({ minLength: 1, maxLength: 60 }));

function eventResponse(result: EventResult) {
  return { Mid: result.mid, Seq: result.seq, At: result.at };
}

function pinResponse(pin: Pin) {
  return { Mid: pin.mid, By: pin.by, At: pin.at };
}

/** Reactions and the edit mark as read paths add them to a message response. */
export function eventFields(message: { mid: number; editedAt?: number }, counts: Map<number, ReactionCounts>) {
  const reactions = counts.get(message.mid);
  return { ...(message.editedAt ? { Edited: true, EditedAt: message.editedAt } : {}), ...(reactions ? { Reactions: reactions } : {}) };
}

/**
 * `msg/edit`, `msg/react`, `msg/pin` (with `Gid` for a group message, else the 1:1 message's conversation),
 * `msg/pins` and `msg/revisions`. Each event is stored in the conversation's sequence before the reply.
 */
export function eventRoutes(deps: EventRouteDeps): ApiRoute[] {
  const rate = new KeyRate(deps.clock, deps.maxEventsPerSecond);
  const apply = (uid: number, gidValue: string | number | undefined, cliMid: string | undefined, body: EventBody): Promise<EventResult> => {
    if (!rate.take(uid)) throw new GlideError('API_RATE_LIMITED', `at most ${deps.maxEventsPerSecond} edits, reactions and pins per second`);
    const request = { actor: uid, cliMid: cliMid ?? randomUUID(), body };
    const gid = readOptionalId(gidValue, 'Gid');
    return gid === undefined ? deps.chat.apply(request) : deps.groups.apply(gid, request);
  };
  const target = (value: string | number) => readOptionalMid(value, 'Mid') ?? 0;
  return [
    defineRoute({
      path: 'msg/edit',
      body: Type.Object({ Mid, Content: Type.String({ minLength: 1 }), Gid: OptionalId, CliMid }),
      async handle(body, ctx) {
        if (Buffer.byteLength(body.Content) > deps.maxContentBytes) throw new GlideError('API_BAD_REQUEST', `Content over ${deps.maxContentBytes} bytes`);
        return eventResponse(await apply(ctx.identity.uid, body.Gid, body.CliMid, { kind: 'edit', target: target(body.Mid), content: body.Content }));
      },
    }),
    defineRoute({
      path: 'msg/react',
      body: Type.Object({ Mid, Key: Type.String({ minLength: 1, maxLength: MAX_REACTION_KEY_CHARS }), Add: Type.Boolean(), Gid: OptionalId, CliMid }),
      handle: async (body, ctx) => eventResponse(await apply(ctx.identity.uid, body.Gid, body.CliMid, { kind: 'reaction', target: target(body.Mid), key: body.Key, isOn: body.Add })),
    }),
    defineRoute({
      path: 'msg/pin',
      body: Type.Object({ Mid, Pin: Type.Boolean(), Gid: OptionalId, CliMid }),
      handle: async (body, ctx) => eventResponse(await apply(ctx.identity.uid, body.Gid, body.CliMid, { kind: 'pin', target: target(body.Mid), isOn: body.Pin })),
    }),
    defineRoute({
      path: 'msg/pins',
      body: Type.Object({ Uid: OptionalId, Gid: OptionalId }),
      async handle(body, ctx) {
        const gid = readOptionalId(body.Gid, 'Gid');
        const peer = readOptionalId(body.Uid, 'Uid');
        if ((gid === undefined) === (peer === undefined)) throw new GlideError('API_BAD_REQUEST', 'give Uid (1:1) or Gid (group)');
        const pins = gid === undefined ? await deps.chat.pins(ctx.identity.uid, peer!) : await deps.groups.pins(gid, ctx.identity.uid);
        return pins.map(pinResponse);
      },
    }),
    defineRoute({
      path: 'msg/revisions',
      body: Type.Object({ Mid, Gid: OptionalId }),
      async handle(body, ctx) {
        const gid = readOptionalId(body.Gid, 'Gid');
        const uid = ctx.identity.uid;
        const revisions = gid === undefined ? await deps.chat.revisions(uid, target(body.Mid)) : await deps.groups.revisions(gid, uid, target(body.Mid));
        return revisions.map((r) => ({ EventMid: r.eventMid, Content: r.content, At: r.at }));
      },
    }),
  ];
}
