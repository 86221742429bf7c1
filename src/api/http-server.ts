import cors from '@fastify/cors';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyReply } from 'fastify';
import type { Logger } from '../core/index.js';
import { isGlideError } from '../core/index.js';
import type { MetricsRegistry } from '../metrics/index.js';
import { API_CODES, failure, ok } from './envelope.js';
import { toApiError } from './error-mapping.js';

export interface HttpServerDeps {
  log: Logger;
  metrics: MetricsRegistry;
  /** Largest request body in bytes. */
  bodyLimitBytes: number;
  /** Readiness as /api/health reports it. */
  health: () => { isReady: boolean; details: Record<string, unknown> };
}

/**
 * The fastify server the API, /metrics, /health and the WebSocket upgrade share. Errors leave in
 * GlideIM's `{Code, Msg}` envelope: 400 {Code:300} for bad input, the GlideError's status otherwise.
 */
export async function createHttpServer(deps: HttpServerDeps): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.log.child({ area: 'api' }) as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: deps.bodyLimitBytes,
    forceCloseConnections: true,
  });
  await app.register(cors, {
    origin: '*',
    allowedHeaders: ['Authorization', 'Content-Type'],
    methods: ['GET', 'POST', 'OPTIONS'],
    optionsSuccessStatus: 204,
  });

  app.setErrorHandler((err, request, reply) => {
    if (isGlideError(err)) {
      if (err.status >= 500) request.log.error({ err }, 'request failed');
      const { httpStatus, body } = toApiError(err);
      return reply.status(httpStatus).send(body);
    }
    const status = (err as { statusCode?: number }).statusCode ?? 500;
    if (status < 500) {
      const message = (err as { validation?: unknown }).validation ? `bad parameters: ${(err as Error).message}` : (err as Error).message;
      return reply.status(status).send(failure(status === 400 ? API_CODES.BAD_PARAMS : API_CODES.NOT_FOUND_OR_INTERNAL, message));
    }
    request.log.error({ err }, 'request failed');
    return reply.status(500).send(failure(API_CODES.NOT_FOUND_OR_INTERNAL, 'internal error'));
  });
  app.setNotFoundHandler((request, reply) => reply.status(404).send(failure(API_CODES.NOT_FOUND_OR_INTERNAL, `no route ${request.method} ${request.url.split('?', 1)[0]}`)));

  const health = async (_request: unknown, reply: FastifyReply) => {
    const state = deps.health();
    return reply.status(state.isReady ? 200 : 503).send(ok({ status: state.isReady ? 'ok' : 'not ready', ...state.details }));
  };
  app.get('/api/health', health);
  app.get('/health', health);
  app.get('/metrics', async (_request, reply) => reply.type(deps.metrics.contentType).send(await deps.metrics.metrics()));
  return app;
}
