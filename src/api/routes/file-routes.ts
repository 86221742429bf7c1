import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { GlideError } from '../../core/index.js';
import type { FileService, FileVariant } from '../../files/index.js';
import { ok } from '../envelope.js';
import { defineRoute, type ApiRoute, type Identity } from '../route-table.js';

export interface FileHttpDeps {
  files: FileService;
  verifyToken(token: string): Promise<Identity>;
}

/** `file/url {Id}`: the file's metadata with fresh signed links (for `<img src>` and download links). */
export function fileRoutes(files: FileService): ApiRoute[] {
  return [
    defineRoute({
      path: 'file/url',
      body: Type.Object({ Id: Type.String({ minLength: 1, maxLength: 64 }) }),
      handle: async ({ Id }) => files.info(Id),
    }),
  ];
}

/**
 * The binary routes, outside the JSON route table: `POST /api/file/upload` (multipart, one file part,
 * bearer token) and `GET /api/file/<id>[/thumb]` (bearer token, or the `exp` and `sig` of a signed link).
 */
export async function mountFileHttp(http: FastifyInstance, deps: FileHttpDeps): Promise<void> {
  await http.register(multipart, { limits: { files: 1, fields: 4, fieldSize: 1024, parts: 6, fileSize: deps.files.maxFileBytes } });
  http.post('/api/file/upload', { schema: { tags: ['file'], consumes: ['multipart/form-data'], security: [{ bearerAuth: [] }] } }, async (request) => {
    const { uid } = await requireIdentity(request, deps);
    const info = await deps.files.upload(uid, async () => {
      if (!request.isMultipart()) throw new GlideError('FILE_BAD_UPLOAD', 'send multipart/form-data with one file part');
      const part = await request.file().catch(toUploadError);
      if (!part) throw new GlideError('FILE_BAD_UPLOAD', 'no file part');
      const bytes = await part.toBuffer().catch(toUploadError);
      return { name: part.filename, bytes };
    });
    return ok(info);
  });
  const download = (variant: FileVariant) => async (request: FastifyRequest<{ Params: { id: string }; Querystring: { exp?: string; sig?: string } }>, reply: FastifyReply) => {
    const { exp, sig } = request.query;
    if (exp !== undefined && sig !== undefined && request.headers.authorization === undefined) {
      deps.files.checkLink(request.url.split('?', 1)[0] ?? '', Number(exp), sig);
    } else {
      await requireIdentity(request, deps);
    }
    const file = await deps.files.open(request.params.id, variant);
    const isInline = /^(image|audio|video)\//.test(file.type) && file.type !== 'image/svg+xml';
    return reply
      .type(file.type)
      .header('etag', file.etag)
      .header('cache-control', 'private, max-age=86400')
      .header('content-disposition', `${isInline ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(file.name)}`)
      .send(file.stream);
  };
  const fileRoute = { schema: { tags: ['file'], params: Type.Object({ id: Type.String() }), querystring: Type.Object({ exp: Type.Optional(Type.String()), sig: Type.Optional(Type.String()) }) } };
  http.get('/api/file/:id', fileRoute, download('original'));
  http.get('/api/file/:id/thumb', fileRoute, download('thumbnail'));
}

async function requireIdentity(request: FastifyRequest, deps: FileHttpDeps): Promise<Identity> {
  const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
  if (!match?.[1]) throw new GlideError('AUTH_TOKEN_INVALID', 'missing Authorization: Bearer <token>');
  return deps.verifyToken(match[1]);
}

/** @fastify/multipart's limit and format errors, as our codes. */
function toUploadError(err: unknown): never {
  const code = (err as { code?: string }).code;
  if (code === 'FST_REQ_FILE_TOO_LARGE') throw new GlideError('FILE_TOO_LARGE', (err as Error).message, { cause: err });
  if (typeof code === 'string' && code.startsWith('FST_')) throw new GlideError('FILE_BAD_UPLOAD', (err as Error).message, { cause: err });
  throw err;
}
