import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const webDist = fileURLToPath(new URL('../../web/dist/', import.meta.url));
const posDist = fileURLToPath(new URL('../../pos-plugin/dist/', import.meta.url));

/**
 * Serves the built web portal (with the manager console) at `/` and the cashier screen at `/pos/`, when
 * they have been built (`npm start` builds them first). Unknown paths that ask for HTML get the app's
 * index.html, so client-side routes survive a reload.
 */
export async function serveStaticApps(app: FastifyInstance, options: { webDir?: string; posDir?: string } = {}): Promise<void> {
  const web = options.webDir ?? webDist;
  const pos = options.posDir ?? posDist;
  const hasWeb = existsSync(`${web}index.html`);
  const hasPos = existsSync(`${pos}index.html`);
  if (hasWeb) await app.register(fastifyStatic, { root: web, prefix: '/', wildcard: false, index: ['index.html'] });
  if (hasPos) await app.register(fastifyStatic, { root: pos, prefix: '/pos/', decorateReply: !hasWeb, wildcard: false, index: ['index.html'] });
  app.setNotFoundHandler((request, reply) => {
    const wantsPage = request.method === 'GET' && (request.headers.accept ?? '').includes('text/html');
    if (wantsPage && hasPos && (request.url === '/pos' || request.url.startsWith('/pos/'))) {
      return reply.sendFile('index.html', pos);
    }
    if (wantsPage && hasWeb && !request.url.startsWith('/trpc')) return reply.sendFile('index.html', web);
    return reply.code(404).send({ error: 'Not Found', message: `${request.method} ${request.url.split('?')[0]} is not here` });
  });
}
