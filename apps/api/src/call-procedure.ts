import { TRPCError, type AnyTRPCProcedure } from '@trpc/server';
import { getTRPCErrorFromUnknown, middlewareMarker, type AnyMiddlewareFunction, type MiddlewareResult } from '@trpc/server/unstable-core-do-not-import';

type CallOptions = Parameters<AnyTRPCProcedure>[0];
type NextOptions = { ctx?: object; input?: unknown; getRawInput?: CallOptions['getRawInput'] };
type Def = { middlewares: AnyMiddlewareFunction[]; meta: unknown };

/**
 * Calls a procedure as `procedure(opts)` does — its middlewares in turn, the input parser, the resolver
 * last — by the same steps as tRPC's own `callRecursive` (initTRPC), with one difference: the options and
 * context each level hands on are copied with object spread, not with tRPC's bundled `_objectSpread2`
 * helper, which defines every key with `Object.defineProperty` and leaves objects that are slow to read.
 * In a till's checkout that helper was 4.9% of the API's busy time (bench:api profile, 20 s).
 * call-procedure.test.ts holds its answers and failures equal to tRPC's own call, trpc-http.http.test.ts
 * the HTTP answers to tRPC's adapter's; @trpc/server is pinned.
 */
export async function callProcedure(procedure: AnyTRPCProcedure, opts: CallOptions): Promise<unknown> {
  const def = procedure._def as unknown as Def;
  const result = await callFrom(0, def, opts);
  if (!result) throw new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: 'No result from middlewares - did you forget to `return next()`?' });
  if (!result.ok) throw result.error;
  return result.data;
}

async function callFrom(index: number, def: Def, opts: CallOptions): Promise<MiddlewareResult<object>> {
  try {
    const middleware = def.middlewares[index]!;
    return await middleware({
      ...opts,
      meta: def.meta,
      input: opts.input,
      next: (nextOpts?: NextOptions) => callFrom(index + 1, def, {
        ...opts,
        ctx: nextOpts?.ctx ? { ...(opts.ctx as object), ...nextOpts.ctx } : opts.ctx,
        input: nextOpts && 'input' in nextOpts ? nextOpts.input : opts.input,
        getRawInput: nextOpts?.getRawInput ?? opts.getRawInput,
      }),
    } as never);
  } catch (cause) {
    return { ok: false, error: getTRPCErrorFromUnknown(cause), marker: middlewareMarker } as MiddlewareResult<object>;
  }
}
