import { initTRPC, TRPCError } from '@trpc/server';
import { ZodError } from 'zod';
import type { Context } from './context.ts';
import type { Credential, ManagerRole } from './auth/credential.ts';
import { describeZodError, zodFieldErrors } from './errors.ts';
import { ledgerErrorToTRPC } from './ledger-errors.ts';
import { pathOfNul } from './input-guards.ts';

const t = initTRPC.context<Context>().create({
  isDev: false,
  errorFormatter({ shape, error }) {
    const zodError = error.code === 'BAD_REQUEST' && error.cause instanceof ZodError ? error.cause : undefined;
    const internal = error.code === 'INTERNAL_SERVER_ERROR';
    // A body that is not JSON at all (or missing) never reaches zod: say so about the input as a whole.
    const unreadable = !zodError && error.cause instanceof SyntaxError;
    return {
      ...shape,
      // Never a stack trace or a driver message: people read these.
      message: zodError
        ? describeZodError(zodError)
        : unreadable
          ? 'input: is missing or is not valid JSON'
          : internal
          ? 'Something went wrong on our side; nothing was changed. Please try again.'
          : shape.message,
      data: {
        code: shape.data.code,
        httpStatus: shape.data.httpStatus,
        path: shape.data.path,
        fields: zodError ? zodFieldErrors(zodError) : undefined,
      },
    };
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const mergeRouters = t.mergeRouters;

/**
 * Every procedure has one middleware, for two jobs around what its kind of caller adds to the context:
 * text Postgres cannot store is refused as bad input, naming the field, before any handler runs; then
 * ledger errors become the tRPC codes API.md names, and anything unexpected is logged and hidden.
 * One level, not a guard and then a caller check: each level costs tRPC copies of the call's options and
 * context (babel's _objectSpread2). bench:api profiles (20 s, one each): tRPC 9.0% of the API's busy time
 * in a till's checkout with two levels, 7.5% with one.
 */
async function refuseNul(getRawInput: () => Promise<unknown>): Promise<void> {
  // An unreadable body is not this guard's business: input validation reports it, after authorization.
  const field = pathOfNul(await getRawInput().catch(() => undefined));
  if (field) throw new TRPCError({ code: 'BAD_REQUEST', message: `${field}: must not contain the NUL character` });
}

function logFailure(ctx: Context, path: string, err: unknown): void {
  ctx.log.error({ err, path, requestId: ctx.requestId }, 'procedure failed');
}

function mapFailure<R extends { ok: true } | { ok: false; error: TRPCError }>(result: R, ctx: Context, path: string): R {
  if (!result.ok) {
    const mapped = ledgerErrorToTRPC(result.error.cause);
    if (mapped) throw mapped;
    if (result.error.code === 'INTERNAL_SERVER_ERROR') logFailure(ctx, path, result.error.cause ?? result.error);
  }
  return result;
}

export const publicProcedure = t.procedure.use(async ({ ctx, next, path, getRawInput }) => {
  await refuseNul(getRawInput);
  return mapFailure(await next(), ctx, path);
});

/** A procedure for one kind of caller: `admit` refuses anyone else and names what the context gains, in the one middleware. */
function admittedProcedure<Extra extends object>(admit: (ctx: Context) => Extra | Promise<Extra>) {
  return t.procedure.use(async ({ ctx, next, path, getRawInput }) => {
    await refuseNul(getRawInput);
    let extra: Extra;
    try {
      extra = await admit(ctx);
    } catch (error) {
      // a refusal is a TRPCError; anything else (the rate limiter failing, say) is logged as mapFailure would
      if (!(error instanceof TRPCError)) logFailure(ctx, path, error);
      throw error;
    }
    return mapFailure(await next({ ctx: extra }), ctx, path);
  });
}

function refuse(credential: Credential, needed: string): never {
  if (credential.kind === 'anonymous') {
    throw new TRPCError({ code: 'UNAUTHORIZED', message: `Sign in as a ${needed} first` });
  }
  throw new TRPCError({ code: 'FORBIDDEN', message: `This needs a ${needed} credential` });
}

export const shopperProcedure = admittedProcedure((ctx) => {
  const credential = ctx.credential;
  if (credential.kind !== 'shopper') refuse(credential, 'shopper');
  return { shopper: credential };
});

/** Managers by role: owner and manager do everything, analyst reads, support works on members. */
export function managerProcedure(roles: readonly ManagerRole[]) {
  return admittedProcedure((ctx) => {
    const credential = ctx.credential;
    if (credential.kind !== 'manager') refuse(credential, 'manager');
    if (!roles.includes(credential.role)) {
      throw new TRPCError({ code: 'FORBIDDEN', message: `The ${credential.role} role may not do this` });
    }
    return { manager: credential };
  });
}
export const managerRead = managerProcedure(['owner', 'manager', 'analyst']);
export const managerWrite = managerProcedure(['owner', 'manager']);
export const memberSupport = managerProcedure(['owner', 'manager', 'support']);
export const memberSupportRead = managerProcedure(['owner', 'manager', 'support', 'analyst']);

/** A till: a terminal key of one store, channel `pos`. Rate-limited per key. (The narrowed field is merged into the context.) */
export const cashierProcedure = admittedProcedure(async (ctx) => {
  const credential = ctx.credential;
  if (credential.kind !== 'terminal') refuse(credential, 'terminal key');
  await ctx.rateLimits.key(credential.keyId);
  return { terminal: credential };
});

/** An online channel: an integration key, channel web, app or partner. Rate-limited per key. */
export const integrationProcedure = admittedProcedure(async (ctx) => {
  const credential = ctx.credential;
  if (credential.kind !== 'integration') refuse(credential, 'integration key');
  await ctx.rateLimits.key(credential.keyId);
  return { integration: credential };
});
