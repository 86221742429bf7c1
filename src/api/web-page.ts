import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** Where `npm run build` puts the chat page: dist/web of the package, reached the same way from src/api and dist/api. */
export const WEB_PAGE_DIR = fileURLToPath(new URL('../../dist/web/', import.meta.url));

const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * Serves the built chat page at `/`. Asset names carry a content hash, so they are cached for good;
 * index.html is revalidated so a rebuilt page shows at once. Without a build, `/` says how to make one.
 */
export async function serveWebPage(http: FastifyInstance, dir = WEB_PAGE_DIR): Promise<void> {
  if (!existsSync(join(dir, 'index.html'))) {
    http.get('/', async (_request, reply) => reply.type('text/plain').send('The chat page is not built yet: run `npm run build`, then restart glide.\n'));
    return;
  }
  await http.register(fastifyStatic, {
    root: dir,
    prefix: '/',
    index: 'index.html',
    cacheControl: false,
    setHeaders: (reply, path) => void reply.header('cache-control', path.includes('/assets/') ? IMMUTABLE : 'no-cache'),
  });
}
