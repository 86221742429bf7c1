import cors from '@fastify/cors';
import type { Socket } from 'node:net';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyReply } from 'fastify';
import type { Logger } from '../core/index.js';
import { GlideError, isGlideError } from '../core/index.js';
import { Counter, type MetricsRegistry } from '../metrics/index.js';
import { registerApiDocs } from './api-docs.js';
import { API_CODES, failure, ok } from './envelope.js';
import { toApiError } from './error-mapping.js';

export interface HttpServerDeps {
  log: Logger;
  metrics: MetricsRegistry;
  /** Largest request body in bytes. */
  bodyLimitBytes: number;
  /** Slow-loris guard: all headers (an upgrade's too) must arrive within this; also the TLS handshake's limit. */
  headersTimeoutMs: number;
  /** The whole request, body included, must arrive within this. */
  requestTimeoutMs: number;
  /** PEM certificate and key: serve HTTPS (and so WSS). */
  tls?: { cert: Buffer; key: Buffer } | undefined;
  /** Readiness as /api/health reports it. */
  health: () => Promise<{ isReady: boolean; details: Record<string, unknown> }>;
  /** Whether a client address may read /metrics (`server.adminAddresses`). */
  isAdmin: (ip: string) => boolean;
}

/**
 * Sent with every response. The page loads only its own scripts and styles, talks only to this server
 * (HTTP and WebSocket), shows avatars from anywhere over https, and may not be framed (clickjacking).
 */
export const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: https:; connect-src 'self' ws: wss:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
} as const;

/**
 * The fastify server the API, /metrics, /health and the WebSocket upgrade share. Errors leave in
 * GlideIM's `{Code, Msg}` envelope: 400 {Code:300} for bad input, the GlideError's status otherwise.
 */
export async function createHttpServer(deps: HttpServerDeps): Promise<FastifyInstance> {
  // Node never lets headersTimeout exceed requestTimeout; it checks both only every
  // connectionsCheckingInterval (30 s by default), so that follows the configured timeout.
  const headersTimeout = Math.min(deps.headersTimeoutMs, deps.requestTimeoutMs);
  const timeouts = {
    headersTimeout,
    requestTimeout: deps.requestTimeoutMs,
    connectionsCheckingInterval: Math.max(10, Math.min(1_000, Math.floor(headersTimeout / 4))),
  };
  const options = {
    loggerInstance: deps.log.child({ area: 'api' }) as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: deps.bodyLimitBytes,
    requestTimeout: deps.requestTimeoutMs,
    forceCloseConnections: true,
    clientErrorHandler: answerClientError,
  };
  // An HTTPS server is an http.Server to every route and to the WebSocket upgrade; the cast only joins the two overloads.
  const app = (
    deps.tls ? Fastify({ ...options, https: { ...timeouts, cert: deps.tls.cert, key: deps.tls.key, handshakeTimeout: deps.headersTimeoutMs } }) : Fastify({ ...options, http: timeouts })
  ) as FastifyInstance;
  const refused = new Counter({ name: 'glide_http_refused_total', help: 'HTTP requests refused by a limit', labelNames: ['reason'] as const, registers: [deps.metrics] });
  // HTTPS reports a TLS handshake that timed out as a clientError too.
  app.server.on('clientError', (err: NodeJS.ErrnoException) => {
    if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT' || err.code === 'ERR_TLS_HANDSHAKE_TIMEOUT') refused.inc({ reason: 'timeout' });
  });
  if (deps.tls) dropHandshakesOnClose(app);
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.headers(SECURITY_HEADERS);
    return payload;
  });
  await app.register(cors, {
    origin: '*',
    allowedHeaders: ['Authorization', 'Content-Type'],
    methods: ['GET', 'POST', 'OPTIONS'],
    optionsSuccessStatus: 204,
  });

  await registerApiDocs(app);

  app.setErrorHandler((thrown, request, reply) => {
    let err = thrown;
    if ((thrown as { code?: string }).code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      refused.inc({ reason: 'body_too_large' });
      err = new GlideError('API_BODY_TOO_LARGE', `limit ${deps.bodyLimitBytes} bytes`);
    }
    if (isGlideError(err)) {
      // A full hashing queue is load shedding, not a fault: logged quietly so a burst cannot flood the log.
      if (err.status >= 500) request.log[err.code === 'AUTH_BUSY' ? 'debug' : 'error']({ err }, 'request failed');
      // Throttles and a full hashing queue: tell clients when to come back.
      if (err.retryable && (err.status === 429 || err.status === 503)) void reply.header('retry-after', String(retryAfterOf(err)));
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
    const state = await deps.health();
    return reply.status(state.isReady ? 200 : 503).send(ok({ status: state.isReady ? 'ok' : 'not ready', ...state.details }));
  };
  app.get('/api/health', health);
  app.get('/health', { schema: { hide: true } }, health);
  app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
    if (!deps.isAdmin(request.ip)) throw new GlideError('AUTH_FORBIDDEN', '/metrics is served to server.adminAddresses only');
    return reply.type(deps.metrics.contentType).send(await deps.metrics.metrics());
  });
  return app;
}

/**
 * Closing waits for every socket, and a socket still in its TLS handshake is in no list that
 * fastify's forced close reaches: without this, shutdown would wait for the handshake timeout.
 */
function dropHandshakesOnClose(app: FastifyInstance): void {
  const handshaking = new Map<string, Socket>();
  const peerKey = (socket: Socket): string => `${socket.remoteAddress ?? ''}|${socket.remotePort ?? ''}`;
  app.server.on('connection', (raw: Socket) => {
    const key = peerKey(raw);
    handshaking.set(key, raw);
    raw.once('close', () => {
      if (handshaking.get(key) === raw) handshaking.delete(key);
    });
  });
  app.server.on('secureConnection', (socket: Socket) => handshaking.delete(peerKey(socket)));
  app.addHook('preClose', (done) => {
    for (const raw of handshaking.values()) raw.destroy();
    done();
  });
}

/** Seconds a refusal names (`retryAfterSec` of AUTH_THROTTLED and AUTH_RATE_LIMITED), else 1. */
function retryAfterOf(err: Error): number {
  const named = (err as { retryAfterSec?: unknown }).retryAfterSec;
  return typeof named === 'number' ? named : 1;
}

const CLIENT_ERRORS: Record<string, { status: number; text: string; message: string }> = {
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, text: 'Request Timeout', message: 'request took too long' },
  HPE_HEADER_OVERFLOW: { status: 431, text: 'Request Header Fields Too Large', message: 'request headers exceed the maximum size' },
};

/** Requests Node refuses before any route (timeouts, oversized headers) still get the `{Code, Msg}` envelope. */
function answerClientError(err: NodeJS.ErrnoException, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const known = CLIENT_ERRORS[err.code ?? ''] ?? { status: 400, text: 'Bad Request', message: 'malformed request' };
  const body = JSON.stringify(failure(known.status === 400 ? API_CODES.BAD_PARAMS : API_CODES.NOT_FOUND_OR_INTERNAL, known.message));
  if (socket.writable) socket.write(`HTTP/1.1 ${known.status} ${known.text}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n${body}`);
  socket.destroy();
}
