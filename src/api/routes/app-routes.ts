import { Type } from 'typebox';
import { defineRoute, type ApiRoute } from '../route-table.js';

export interface AppFigures {
  online(): number;
  maxOnline(): number;
  messagesSent(): number;
  startedAt: number;
}

export function appRoutes(figures: AppFigures): ApiRoute[] {
  return [
    defineRoute({
      path: 'app/info',
      method: 'GET',
      isPublic: true,
      body: Type.Object({}),
      // Per-client detail (OnlineCli) is for operators: it stays empty on this public route.
      handle: async () => ({ Online: figures.online(), MaxOnline: figures.maxOnline(), MessageSent: figures.messagesSent(), StartAt: Math.floor(figures.startedAt / 1000), OnlineCli: [] }),
    }),
  ];
}
