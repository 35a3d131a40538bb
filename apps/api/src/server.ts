import Fastify, { type FastifyInstance } from 'fastify';
import type { Db } from '@omniloyal/ledger';
import { sql } from 'kysely';

export interface ServerOptions {
  db: Db;
  logger?: boolean;
}

/** One process serves the API, health and metrics; later the built web portal and cashier screen. */
export async function buildServer({ db, logger = false }: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger });
  app.get('/health', async (_request, reply) => {
    try {
      await sql`select 1`.execute(db);
      return { status: 'ok', database: 'ok' };
    } catch {
      return reply.code(503).send({ status: 'degraded', database: 'unreachable' });
    }
  });
  return app;
}
