import { Type } from 'typebox';
import { defineRoute, type ApiRoute } from '../route-table.js';

/** Figures for app/info: this node's, or the sum over a cluster's live nodes. */
export interface AppFigures {
  online: number;
  maxOnline: number;
  messagesSent: number;
  startedAt: number;
}

/** What a caller outside `server.adminAddresses` reads: the same shape, no figures. */
const UNDISCLOSED = { Online: 0, MaxOnline: 0, MessageSent: 0, StartAt: 0, OnlineCli: [] };

export function appRoutes(figures: () => Promise<AppFigures>, isAdmin: (ip: string) => boolean): ApiRoute[] {
  return [
    defineRoute({
      path: 'app/info',
      method: 'GET',
      isPublic: true,
      body: Type.Object({}),
      // The figures are for operators (load, uptime, restarts); per-client detail (OnlineCli) is never listed.
      handle: async (_body, ctx) => {
        if (!isAdmin(ctx.ip)) return UNDISCLOSED;
        const { online, maxOnline, messagesSent, startedAt } = await figures();
        return { Online: online, MaxOnline: maxOnline, MessageSent: messagesSent, StartAt: Math.floor(startedAt / 1000), OnlineCli: [] };
      },
    }),
  ];
}
