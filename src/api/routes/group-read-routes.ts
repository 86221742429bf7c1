import { Type } from 'typebox';
import { GlideError, KeyRate, type Clock } from '../../core/index.js';
import type { GroupReads } from '../../group/index.js';
import { defineRoute, type ApiRoute } from '../route-table.js';
import { Id, readId } from './schemas.js';

export interface GroupReadRouteDeps {
  reads: GroupReads;
  clock: Clock;
  /** Per user, HTTP and long connection together. */
  readersPerSecond: number;
}

/** `msg/group/readers {Gid, Seq}` → `[{Uid, ReadSeq}]`: the members who read that message (members only). */
export function groupReadRoutes(deps: GroupReadRouteDeps): ApiRoute[] {
  const rate = new KeyRate(deps.clock, deps.readersPerSecond);
  return [
    defineRoute({
      path: 'msg/group/readers',
      body: Type.Object({ Gid: Id, Seq: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }) }),
      async handle(body, ctx) {
        if (!rate.take(ctx.identity.uid)) throw new GlideError('API_RATE_LIMITED', `msg/group/readers: at most ${deps.readersPerSecond} per second`);
        const readers = await deps.reads.readers(readId(body.Gid, 'Gid'), body.Seq, ctx.identity.uid);
        return readers.map((r) => ({ Uid: r.uid, ReadSeq: r.readSeq }));
      },
    }),
  ];
}
