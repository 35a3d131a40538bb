import { describe, expect, it } from 'vitest';
import { TRPCError } from '@trpc/server';
import type { Db } from '@omniloyal/ledger';
import type { Context } from './context.ts';
import type { Credential } from './auth/credential.ts';
import { callerFor } from './testing/test-context.ts';

/**
 * A procedure's one middleware (trpc.ts): a caller it refuses gets its code and nothing is logged; an
 * unexpected failure while admitting the caller (the rate limiter, say) is logged and answered as an
 * internal error. No database is reached: both happen before the handler.
 */
const till: Credential = { kind: 'terminal', keyId: 'k1', programId: '00000000-0000-7000-8000-000000000001', storeId: 's1', channel: 'pos' };

function callerWith(credential: Credential, rateLimit: () => Promise<void>) {
  const logged: string[] = [];
  const log = { error: (_fields: unknown, message: string) => logged.push(message) } as unknown as Context['log'];
  const rateLimits = { key: rateLimit } as unknown as Context['rateLimits'];
  return { caller: callerFor(undefined as unknown as Db, credential, { log, rateLimits }), logged };
}

describe('a procedure admitting its caller', () => {
  it('refuses another kind of caller with its code, and logs nothing', async () => {
    const { caller, logged } = callerWith({ kind: 'anonymous' }, async () => {});
    await expect(caller.pos.identify({ by: 'phone', value: '555 0100' })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    expect(logged).toEqual([]);
  });

  it('logs an unexpected failure while admitting, and answers INTERNAL_SERVER_ERROR', async () => {
    const { caller, logged } = callerWith(till, async () => {
      throw new Error('rate limiter unreachable');
    });
    await expect(caller.pos.identify({ by: 'phone', value: '555 0100' })).rejects.toMatchObject({ code: 'INTERNAL_SERVER_ERROR' });
    expect(logged).toEqual(['procedure failed']);
  });

  it('answers a rate limit refusal with its own code, unlogged', async () => {
    const { caller, logged } = callerWith(till, async () => {
      throw new TRPCError({ code: 'TOO_MANY_REQUESTS', message: 'slow down' });
    });
    await expect(caller.pos.identify({ by: 'phone', value: '555 0100' })).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS' });
    expect(logged).toEqual([]);
  });
});
