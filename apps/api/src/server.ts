import Fastify, { LogController, type FastifyInstance, type FastifyRequest, type FastifyReply } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import type { FastifyTRPCPluginOptions } from '@trpc/server/adapters/fastify';
import { TRPCError } from '@trpc/server';
import type { Db } from '@omniloyal/ledger';
import { sql } from 'kysely';
import { randomUUID } from 'node:crypto';
import { appRouter, type AppRouter } from './root.ts';
import type { Context } from './context.ts';
import type { Credential } from './auth/credential.ts';
import { SESSION_COOKIE, credentialFromSession } from './auth/sessions.ts';
import { credentialFromKey } from './auth/api-keys.ts';
import { createRateLimiters, defaultRateLimits, type RateLimitSettings } from './rate-limits.ts';
import { createMetrics } from './metrics.ts';
import { serveStaticApps } from './static-apps.ts';
import { registerOpenApi } from './openapi/routes.ts';
import { registerPosDemoConfig } from './pos-demo-config.ts';
import { registerTrpc } from './trpc-http.ts';
import { publicDestinationsOnly, type WebhookDestinationPolicy } from './webhooks/destination-guard.ts';

export interface ServerOptions {
  db: Db;
  /** Where read-only procedures read: streaming replicas when configured (DATABASE_REPLICA_URLS), else `db`. */
  readDb?: Db;
  /** Pino options; `stream` is where lines go (stdout by default). */
  logger?: boolean | { level: string; stream?: { write(line: string): void } };
  rateLimits?: Partial<RateLimitSettings>;
  /** Send cookies with `Secure` (behind HTTPS). */
  secureCookies?: boolean;
  /** The program shoppers sign up to when a request names none; defaults to the oldest program. */
  defaultProgramId?: string;
  /** Serve the built web portal and cashier screen (default true). */
  serveApps?: boolean;
  /** The clock procedures use; tests move it. */
  now?: () => Date;
  /** Which webhook URLs managers may register; public https only by default (WEBHOOK_ALLOW_PRIVATE_NETWORKS). */
  webhookDestinations?: WebhookDestinationPolicy;
}

/** One process serves the tRPC API, health, metrics and (once built) the web portal and cashier screen. */
export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const { db } = options;
  const app = Fastify({
    logger: options.logger ?? false,
    // One log line per request (written when it completes, below) instead of fastify's two. Lines go to
    // pino's default destination, stdout written asynchronously (sonic-boom: lines logged while a write is
    // in flight go out together in the next; what is pending is flushed at exit, a kill -9 loses it).
    // Measured no faster, in bench:api runs alternated three rounds each: a buffered asynchronous
    // destination (4 KiB) or no logger (15-s runs, 0.93/0.73/0.81x pgbench as now, 0.83/0.76/0.97x
    // buffered, 0.82/0.75/0.83x without); synchronous writes of 4 KiB, flushed every 10 ms (20-s runs,
    // 3,259 checkouts/s as now, 3,158 so); no request line at all (20-s runs, 3,433 as now, 3,273 without).
    logController: new LogController({ disableRequestLogging: true }),
    requestIdHeader: false,
    // Accept a caller's id only if it looks like one; otherwise make our own.
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{8,64}$/.test(given) ? given : randomUUID();
    },
    routerOptions: { maxParamLength: 5_000 },
    // Finish requests in flight on close; drop idle keep-alive sockets at once.
    forceCloseConnections: 'idle',
  });
  const metrics = createMetrics(db);
  const rateLimits = createRateLimiters({ ...defaultRateLimits, ...options.rateLimits });
  const now = options.now ?? (() => new Date());
  const webhookDestinations = options.webhookDestinations ?? publicDestinationsOnly;
  const defaultProgramId = memoizeDefaultProgram(db, options.defaultProgramId);

  await app.register(fastifyCookie);

  // On shutdown, requests in flight finish, and their keep-alive connections close with them instead of
  // holding the server open until the keep-alive timeout (72 s by default).
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (_request, reply) => {
    if (closing) reply.header('connection', 'close');
  });

  // The request id is in every log line of the request; echoing it lets a till or a user quote it to support.
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  app.addHook('onResponse', async (request, reply) => {
    // the path only: a query's input (a phone number, an email) stays out of the logs
    request.log.info({ method: request.method, path: request.url.split('?')[0], statusCode: reply.statusCode, ms: Math.round(reply.elapsedTime * 10) / 10 }, 'request completed');
    metrics.duration.observe(
      { route: request.routeOptions.url ?? 'unknown', status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });

  const readDb = options.readDb ?? db;
  const createContext = async ({ req, res }: { req: FastifyRequest; res: FastifyReply }): Promise<Context> => ({
    db,
    readDb,
    credential: await resolveCredential(db, req, now()),
    requestId: req.id,
    clientAddress: req.ip,
    log: req.log,
    rateLimits,
    defaultProgramId,
    now,
    webhookDestinations,
    setSessionCookie(token, expiresAt) {
      res.setCookie(SESSION_COOKIE, token, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: options.secureCookies ?? false,
        expires: expiresAt,
      });
    },
    clearSessionCookie() {
      res.clearCookie(SESSION_COOKIE, { path: '/' });
    },
  });

  await registerTrpc(app, {
    router: appRouter,
    createContext,
    onError({ path, error }) {
      metrics.requests.inc({ procedure: path ?? 'unknown', code: error.code });
    },
  } satisfies FastifyTRPCPluginOptions<AppRouter>['trpcOptions']);

  app.get('/health', async (_request, reply) => {
    try {
      await sql`select 1`.execute(db);
      return { status: 'ok', database: 'ok' };
    } catch {
      return reply.code(503).send({ status: 'degraded', database: 'unreachable' });
    }
  });

  app.get('/metrics', async (_request, reply) => {
    reply.header('content-type', metrics.registry.contentType);
    return metrics.registry.metrics();
  });

  registerOpenApi(app);
  registerPosDemoConfig(app);
  if (options.serveApps !== false) await serveStaticApps(app);

  return app;
}

async function resolveCredential(db: Db, req: FastifyRequest, now: Date): Promise<Credential> {
  const authorization = req.headers.authorization;
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    const credential = match ? await credentialFromKey(db, match[1]!) : undefined;
    if (!credential) {
      throw new TRPCError({ code: 'UNAUTHORIZED', message: 'The key is not valid or has been revoked' });
    }
    return credential;
  }
  const token = req.cookies[SESSION_COOKIE];
  if (token) return (await credentialFromSession(db, token, now)) ?? { kind: 'anonymous' };
  return { kind: 'anonymous' };
}

function memoizeDefaultProgram(db: Db, configured: string | undefined): () => Promise<string | undefined> {
  let found: string | undefined = configured;
  return async () => {
    if (found) return found;
    const row = await db.selectFrom('programs').select('id').orderBy('created_at').limit(1).executeTakeFirst();
    found = row?.id;
    return found;
  };
}
