import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Static, TObject } from 'typebox';
import { Compile } from 'typebox/compile';
import { GlideError, isGlideError, type Logger } from '../core/index.js';
import type { ActionRouter, Connection } from '../gateway/index.js';
import { API_ACTION_PREFIX } from '../protocol/index.js';
import { API_ENVELOPE } from './api-docs.js';
import { ok } from './envelope.js';
import { toApiError } from './error-mapping.js';

export interface Identity {
  uid: number;
  device: number;
}

/** Who is calling and from where, the same for HTTP and the long connection. */
export interface RouteContext {
  identity: Identity | undefined;
  ip: string;
  /** Set when the call came over a long connection. */
  connection: Connection | undefined;
}

/** A signed-in caller: what non-public routes receive. */
export interface AuthedContext extends RouteContext {
  identity: Identity;
}

interface RouteBase<S extends TObject> {
  /** Path under /api, with slashes: `auth/signin`. Over the long connection: `api.auth.signin`. */
  readonly path: string;
  readonly method?: 'POST' | 'GET';
  readonly body: S;
}

export interface PublicRoute<S extends TObject = TObject> extends RouteBase<S> {
  readonly isPublic: true;
  handle(body: Static<S>, ctx: RouteContext): Promise<unknown>;
}

export interface PrivateRoute<S extends TObject = TObject> extends RouteBase<S> {
  readonly isPublic?: false;
  handle(body: Static<S>, ctx: AuthedContext): Promise<unknown>;
}

export type ApiRoute<S extends TObject = TObject> = PublicRoute<S> | PrivateRoute<S>;

/** Identity typing helper so each route's handler sees its own body type. */
export function defineRoute<S extends TObject>(route: ApiRoute<S>): ApiRoute<S> {
  return route;
}

interface CompiledRoute {
  route: ApiRoute;
  validator: { Check(value: unknown): boolean; Errors(value: unknown): { instancePath: string; message: string }[] };
  /** lower-case key → the schema's key, for GlideIM's case-insensitive JSON. */
  keys: Map<string, string>;
}

export interface RouteTableDeps {
  log: Logger;
  /** Resolves a bearer token to its identity; throws AUTH_TOKEN_* GlideErrors. */
  verifyToken(token: string): Promise<Identity>;
}

/**
 * One table of API routes served twice: as `POST /api/<path>` and as the action `api.<path with dots>`
 * on the long connection, with the same validation and authorisation. No handler is written twice.
 */
export class RouteTable {
  private readonly routes = new Map<string, CompiledRoute>();

  constructor(private readonly deps: RouteTableDeps) {}

  add(...routes: ApiRoute[]): void {
    for (const route of routes) {
      if (this.routes.has(route.path)) throw new Error(`route ${route.path} registered twice`);
      const keys = new Map(Object.keys(route.body.properties).map((key) => [key.toLowerCase(), key]));
      this.routes.set(route.path, { route, validator: Compile(route.body), keys });
    }
  }

  paths(): string[] {
    return [...this.routes.keys()];
  }

  /** Every route with what a caller must send: for docs and for tests that cover all routes. */
  describe(): { path: string; method: 'POST' | 'GET'; isPublic: boolean; requiredFields: string[] }[] {
    return [...this.routes.values()].map(({ route }) => ({
      path: route.path,
      method: route.method ?? 'POST',
      isPublic: route.isPublic === true,
      requiredFields: [...(route.body.required ?? [])],
    }));
  }

  /** Validates the body and runs the handler; throws GlideError for refusals. */
  async run(path: string, rawBody: unknown, ctx: RouteContext): Promise<unknown> {
    const compiled = this.routes.get(path);
    if (!compiled) throw new GlideError('API_NOT_FOUND', path);
    const body = validateBody(compiled, rawBody);
    if (compiled.route.isPublic) return compiled.route.handle(body, ctx);
    if (!ctx.identity) throw new GlideError('GW_NOT_AUTHENTICATED');
    return compiled.route.handle(body, ctx as AuthedContext);
  }

  isPublic(path: string): boolean {
    return this.routes.get(path)?.route.isPublic === true;
  }

  mountHttp(http: FastifyInstance): void {
    for (const { route } of this.routes.values()) {
      const url = `/api/${route.path}`;
      const handler = async (request: FastifyRequest) => {
        const identity = route.isPublic ? await this.optionalIdentity(request) : await this.requiredIdentity(request);
        const body = route.method === 'GET' ? (request.query ?? {}) : (request.body ?? {});
        return ok((await this.run(route.path, body, { identity, ip: request.ip, connection: undefined })) ?? '');
      };
      const method = route.method ?? 'POST';
      // The schema documents the route (OpenAPI); run() validates, with GlideIM's case-insensitive keys, so fastify neither validates nor serialises.
      const schema = {
        [method === 'GET' ? 'querystring' : 'body']: route.body,
        response: { 200: API_ENVELOPE },
        tags: [route.path.split('/', 1)[0] ?? route.path],
        ...(route.isPublic ? {} : { security: [{ bearerAuth: [] }] }),
      };
      http.route({ method, url, schema, handler, validatorCompiler: () => (value: unknown) => ({ value }), serializerCompiler: () => (data: unknown) => JSON.stringify(data) });
    }
  }

  /** Serves `api.*` actions on the long connection, answered with `api.success`/`api.failed` and the request seq. */
  mountSocket(router: ActionRouter): void {
    router.onPrefix(API_ACTION_PREFIX, async (conn, envelope) => {
      const path = envelope.action.slice(API_ACTION_PREFIX.length).replaceAll('.', '/');
      if (!this.isPublic(path) && !conn.identity && this.routes.has(path)) {
        conn.reply(envelope.seq, { action: 'notify.auth', msg: 'not authenticated' });
        return;
      }
      try {
        const data = await this.run(path, envelope.data ?? {}, { identity: conn.identity, ip: conn.remoteAddress, connection: conn });
        conn.reply(envelope.seq, { action: 'api.success', data: data ?? '' });
      } catch (err) {
        if (!isGlideError(err)) {
          this.deps.log.error({ err, path }, 'api call failed');
          conn.reply(envelope.seq, { action: 'api.failed', data: { Code: 1001, Msg: 'internal error' } });
          return;
        }
        const { body } = toApiError(err);
        conn.reply(envelope.seq, { action: 'api.failed', data: body });
      }
    }, {
      // An API call over the budget is answered like any failed call: api.failed with the request's seq.
      onRefused: (conn, envelope, reason) => conn.reply(envelope.seq, { action: 'api.failed', data: toApiError(new GlideError('GW_RATE_LIMITED', reason)).body }),
    });
  }

  /** Public routes run anonymously when the bearer is bad or stale: a revoked token must never block a new sign-in. */
  private async optionalIdentity(request: FastifyRequest): Promise<Identity | undefined> {
    try {
      const token = bearer(request);
      return token ? await this.deps.verifyToken(token) : undefined;
    } catch (err) {
      if (isGlideError(err) && err.status === 401) return undefined;
      throw err;
    }
  }

  private async requiredIdentity(request: FastifyRequest): Promise<Identity> {
    const token = bearer(request);
    if (!token) throw new GlideError('AUTH_TOKEN_INVALID', 'missing Authorization: Bearer <token>');
    return this.deps.verifyToken(token);
  }
}

function bearer(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw new GlideError('AUTH_TOKEN_INVALID', 'malformed Authorization header');
  return match[1];
}

function validateBody(compiled: CompiledRoute, raw: unknown): Static<TObject> {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new GlideError('API_BAD_REQUEST', 'body must be a JSON object');
  const body: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    const known = compiled.keys.get(key.toLowerCase());
    if (known !== undefined) body[known] = value;
  }
  if (compiled.validator.Check(body)) return body;
  const errors = compiled.validator.Errors(body).slice(0, 3);
  const detail = errors.map((e) => (e.instancePath ? `${e.instancePath.slice(1)} ${e.message}` : e.message)).join('; ');
  throw new GlideError('API_BAD_REQUEST', detail);
}
