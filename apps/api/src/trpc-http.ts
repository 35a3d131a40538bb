import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { fastifyRequestHandler, type FastifyTRPCPluginOptions } from '@trpc/server/adapters/fastify';
import { TRPCError, type AnyTRPCProcedure } from '@trpc/server';
import {
  getErrorShape,
  getHTTPStatusCode,
  getTRPCErrorFromUnknown,
  transformTRPCResponse,
} from '@trpc/server/unstable-core-do-not-import';
import type { AppRouter } from './root.ts';
import { callProcedure } from './call-procedure.ts';
import type { Context } from './context.ts';

type TrpcOptions = FastifyTRPCPluginOptions<AppRouter>['trpcOptions'];

/**
 * tRPC over HTTP at /trpc/<path>, like tRPC's fastify plugin, with one difference: a request that makes
 * one call (not a batch) — a till's checkout, an integration's order, any httpLink client — is answered
 * here, calling the procedure directly. tRPC's adapter first rebuilds every Node request as a Fetch
 * `Request` (headers, a body stream, abort signals) and its answer as a `Response`; on a small machine
 * that was about a fifth of the API's CPU per checkout (bench:api profile). Batches (the web portal's
 * httpBatchLink), HEAD, other content types, unknown paths and a method that does not suit the procedure
 * still go through tRPC's adapter, so every error tRPC itself words stays tRPC's.
 *
 * The answer is built with tRPC's own pieces (error shape with our formatter, HTTP status, transformer),
 * and trpc-http.http.test.ts holds it equal to what the adapter answers for the same call sent as a
 * batch of one; @trpc/server is pinned, as these helpers are not its stable API.
 */
export async function registerTrpc(app: FastifyInstance, trpcOptions: TrpcOptions): Promise<void> {
  const { router, createContext, onError } = trpcOptions;
  // the flat map of every procedure by its dotted path (the typed record is nested)
  const procedures = router._def.procedures as unknown as Record<string, AnyTRPCProcedure | undefined>;
  const config = router._def._config;

  async function callOnce(req: FastifyRequest, res: FastifyReply, path: string, procedure: AnyTRPCProcedure, rawInput: () => string | undefined) {
    const type = procedure._def.type;
    let input: unknown;
    let ctx: Context | undefined;
    let error: TRPCError | undefined;
    let data: unknown;
    let parsed: Promise<unknown> | undefined;
    // parsed once, when the procedure first asks, as tRPC does; text that is not JSON is BAD_REQUEST
    const parseInput = async () => {
      const text = rawInput();
      try {
        input = text === undefined ? undefined : config.transformer.input.deserialize(JSON.parse(text));
      } catch (cause) {
        throw new TRPCError({ code: 'BAD_REQUEST', message: cause instanceof Error ? cause.message : 'Invalid input', cause });
      }
      return input;
    };
    try {
      // server.ts's createContext reads req and res only, never tRPC's request info
      ctx = await createContext({ req, res, info: undefined as never });
    } catch (cause) {
      error = getTRPCErrorFromUnknown(cause);
    }
    if (!error) {
      try {
        data = await callProcedure(procedure, {
          path,
          ctx,
          type,
          batchIndex: 0,
          signal: undefined,
          getRawInput: () => (parsed ??= parseInput()),
        });
      } catch (cause) {
        error = getTRPCErrorFromUnknown(cause);
      }
    }
    if (error) onError?.({ error, path, input, ctx, type, req });
    const body = error ? { error: getErrorShape({ config, ctx, error, input, path, type }) } : { result: { data } };
    return res
      .code(getHTTPStatusCode(body))
      .header('vary', 'trpc-accept, accept')
      .header('content-type', 'application/json')
      .send(JSON.stringify(transformTRPCResponse(config, body)));
  }

  await app.register(async (scope) => {
    // As tRPC's plugin: bodies reach the handler as text, parsed only by the call that reads its input.
    scope.removeContentTypeParser(['application/json', 'multipart/form-data']);
    scope.addContentTypeParser(['application/json', 'multipart/form-data'], { parseAs: 'string' }, (_request, body, done) => done(null, body));

    scope.all<{ Params: { path: string }; Querystring: Record<string, string | undefined> }>('/trpc/:path', async (req, res) => {
      const path = req.params.path;
      const procedure = Object.hasOwn(procedures, path) ? procedures[path] : undefined;
      if (procedure && req.query.batch === undefined) {
        const type = procedure._def.type;
        if (req.method === 'POST' && type === 'mutation' && isJson(req)) {
          return callOnce(req, res, path, procedure, () => req.body as string);
        }
        if (req.method === 'GET' && type === 'query') {
          return callOnce(req, res, path, procedure, () => req.query.input);
        }
      }
      await fastifyRequestHandler({ ...trpcOptions, req, res, path });
    });
  });
}

function isJson(req: FastifyRequest): boolean {
  return req.headers['content-type']?.split(';', 1)[0]!.trim().toLowerCase() === 'application/json';
}
