import { Type } from 'typebox';
import { defineRoute, type ApiRoute } from '../route-table.js';

/** Figures for app/info: this node's, or the sum over a cluster's live nodes. */
export interface AppFigures {
  online: number;
  maxOnline: number;
  messagesSent: number;
  startedAt: number;
}

export function appRoutes(figures: () => Promise<AppFigures>): ApiRoute[] {
  return [
    defineRoute({
      path: 'app/info',
      method: 'GET',
      isPublic: true,
      body: Type.Object({}),
      // Per-client detail (OnlineCli) is for operators: it stays empty on this public route.
      handle: async () => {
        const { online, maxOnline, messagesSent, startedAt } = await figures();
        return { Online: online, MaxOnline: maxOnline, MessageSent: messagesSent, StartAt: Math.floor(startedAt / 1000), OnlineCli: [] };
      },
    }),
  ];
}
