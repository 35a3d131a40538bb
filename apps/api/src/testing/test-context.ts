import pino from 'pino';
import type { Db } from '@omniloyal/ledger';
import { createCallerFactory } from '../trpc.ts';
import { appRouter } from '../root.ts';
import type { Context } from '../context.ts';
import type { Credential } from '../auth/credential.ts';
import { createRateLimiters, defaultRateLimits } from '../rate-limits.ts';
import { publicDestinationsOnly, type WebhookDestinationPolicy } from '../webhooks/destination-guard.ts';

const createCaller = createCallerFactory(appRouter);
const silent = pino({ level: 'silent' });

export interface CallerOptions {
  now?: () => Date;
  defaultProgramId?: string;
  /** Receives the session token a login or signup sets as a cookie. */
  onSessionCookie?: (token: string | undefined) => void;
  /** As in production unless a test registers webhooks to its own receiver on 127.0.0.1. */
  webhookDestinations?: WebhookDestinationPolicy;
  /** Silent unless a test reads what is logged. */
  log?: Context['log'];
  /** Generous limits unless a test stands in its own. */
  rateLimits?: Context['rateLimits'];
}

/** A caller acting with `credential` on a real database, for router tests (no HTTP). */
export function callerFor(db: Db, credential: Credential, options: CallerOptions = {}) {
  const context: Context = {
    db,
    readDb: db,
    credential,
    requestId: 'test',
    clientAddress: '127.0.0.1',
    log: options.log ?? silent,
    rateLimits: options.rateLimits ?? createRateLimiters({ ...defaultRateLimits, loginPerAddress: 1_000, loginPerEmail: 1_000 }),
    defaultProgramId: async () => options.defaultProgramId,
    now: options.now ?? (() => new Date()),
    webhookDestinations: options.webhookDestinations ?? publicDestinationsOnly,
    setSessionCookie: (token) => options.onSessionCookie?.(token),
    clearSessionCookie: () => options.onSessionCookie?.(undefined),
  };
  return createCaller(context);
}
