import type { Db } from '@omniloyal/ledger';
import type { FastifyBaseLogger } from 'fastify';
import type { Credential } from './auth/credential.ts';
import type { RateLimiters } from './rate-limits.ts';
import type { WebhookDestinationPolicy } from './webhooks/destination-guard.ts';

/** What a procedure sees: the database, who is calling, and how to answer with a cookie. */
export interface Context {
  db: Db;
  /**
   * For procedures that only read and may be a few milliseconds behind (history, reports): a streaming
   * replica when the deployment has one, else `db`. Anything that writes, or reads what it just wrote, uses `db`.
   */
  readDb: Db;
  credential: Credential;
  requestId: string;
  clientAddress: string;
  log: FastifyBaseLogger;
  rateLimits: RateLimiters;
  /** The program a shopper signs up to when the request names none (the one this deployment serves). */
  defaultProgramId: () => Promise<string | undefined>;
  now: () => Date;
  /** Which webhook URLs may be registered (public https only, unless the deployment allows private networks). */
  webhookDestinations: WebhookDestinationPolicy;
  setSessionCookie: (token: string, expiresAt: Date) => void;
  clearSessionCookie: () => void;
}
