import { readFileSync } from 'node:fs';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { API_CODES } from './envelope.js';

/** Where the OpenAPI document and its browsable page are served. */
export const OPENAPI_PATH = '/api/openapi.json';
export const API_DOCS_PATH = '/api/docs';

/** The `{Code, Msg, Data}` envelope every /api route answers with (business errors too, on HTTP 200). */
export const API_ENVELOPE = Type.Object(
  {
    Code: Type.Integer({ description: `${API_CODES.SUCCESS} success, ${API_CODES.BAD_PARAMS} bad parameters, ${API_CODES.NOT_FOUND_OR_INTERNAL} not found or internal, ${API_CODES.BAD_ACCOUNT_OR_PASSWORD} bad account or password, others per docs/errors.md` }),
    Msg: Type.String(),
    Data: Type.Optional(Type.Unknown({ description: 'The result; absent on failure' })),
  },
  { description: "GlideIM's response envelope" },
);

/**
 * The page's own Content-Security-Policy: Swagger UI loads only its scripts and styles from this server
 * (its initializer is a file, not inline), but sets inline styles and shows data: images.
 */
export const API_DOCS_CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";

function packageVersion(): string {
  // ../../package.json from both src/api (tsx) and dist/api.
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
  return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
}

/**
 * OpenAPI 3 from the routes' own TypeBox schemas (collected as routes are added, so this runs before
 * any route), at OPENAPI_PATH, and Swagger UI at API_DOCS_PATH, served from the package.
 */
export async function registerApiDocs(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Glide HTTP API',
        version: packageVersion(),
        description: 'Every route is also callable over the long connection as the action `api.<path with dots>`. Field names are case-insensitive.',
      },
      components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    },
  });
  await app.register(swaggerUi, { routePrefix: API_DOCS_PATH, staticCSP: API_DOCS_CSP, uiConfig: { validatorUrl: null, deepLinking: false } });
  app.get(OPENAPI_PATH, { schema: { hide: true } }, async () => app.swagger());
}
