import { describe, expect, it } from 'vitest';
import { initTRPC, TRPCError, type AnyTRPCProcedure } from '@trpc/server';
import { z } from 'zod';
import { callProcedure } from './call-procedure.ts';

const t = initTRPC.context<{ caller: string; seen: string[] }>().create();
// two levels that add to the context, one that swaps the raw input, then the input parser and the resolver
const procedure = t.procedure
  .use(({ ctx, next }) => next({ ctx: { role: ctx.caller === 'till' ? 'cashier' : 'nobody' } }))
  .use(({ ctx, next, path, type }) => {
    if (ctx.role === 'nobody') throw new TRPCError({ code: 'FORBIDDEN', message: `${path} (${type}) is for tills` });
    return next({ ctx: { store: 'pike-place' } });
  })
  .use(async ({ next, getRawInput }) => {
    const raw = (await getRawInput()) as { points?: unknown };
    return next({ getRawInput: async () => ({ ...raw, points: raw.points === 'ten' ? 10 : raw.points }) });
  })
  .input(z.object({ points: z.number().int() }))
  .mutation(({ ctx, input }) => ({ caller: ctx.caller, role: ctx.role, store: ctx.store, points: input.points, seen: ctx.seen.length }));

const call = (caller: string, raw: unknown) => ({
  path: 'pos.checkout', ctx: { caller, seen: [] }, type: 'mutation' as const, batchIndex: 0, signal: undefined, getRawInput: async () => raw,
});

/** What tRPC's own call gives, or the error it throws. */
const outcome = (run: () => Promise<unknown>) => run().then((data) => ({ data }), (error: TRPCError) => ({ code: error.code, message: error.message }));

describe('callProcedure', () => {
  it('answers as tRPC calling the procedure does: contexts merged level by level, raw input replaced, input parsed', async () => {
    const own = await outcome(() => (procedure as AnyTRPCProcedure)(call('till', { points: 'ten' })));
    expect(own).toEqual({ data: { caller: 'till', role: 'cashier', store: 'pike-place', points: 10, seen: 0 } });
    await expect(outcome(() => callProcedure(procedure, call('till', { points: 'ten' })))).resolves.toEqual(own);
  });

  it('fails as tRPC does: a middleware refusing, and input the parser rejects', async () => {
    for (const [caller, raw, code] of [['web', { points: 1 }, 'FORBIDDEN'], ['till', { points: 1.5 }, 'BAD_REQUEST']] as const) {
      const own = await outcome(() => (procedure as AnyTRPCProcedure)(call(caller, raw)));
      expect(own).toMatchObject({ code });
      await expect(outcome(() => callProcedure(procedure, call(caller, raw)))).resolves.toEqual(own);
    }
  });
});
