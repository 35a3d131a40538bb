import type { FastifyInstance } from 'fastify';
import { posOpenApiDocument } from './pos-document.ts';

/** GET /openapi.json: the pos.* procedures for tills written in other languages. */
export function registerOpenApi(app: FastifyInstance): void {
  let document: Record<string, unknown> | undefined;
  app.get('/openapi.json', async (_request, reply) => {
    document ??= posOpenApiDocument();
    reply.header('access-control-allow-origin', '*');
    return document;
  });
}
