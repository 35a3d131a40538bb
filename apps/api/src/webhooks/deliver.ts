import { sql } from 'kysely';
import type { Dispatcher, RequestInit } from 'undici';
import type { Db } from '@omniloyal/ledger';
import { MAX_ATTEMPTS, retryDelayMs } from './backoff.ts';
import { eventMessageId } from './endpoints.ts';
import { signedHeaders } from './signing.ts';
import { checkDeliveryDestination, publicDestinationsOnly, type ResolveHost, type WebhookDestinationPolicy } from './destination-guard.ts';
import { pinnedDispatcher } from './pinned-dispatcher.ts';

/** A claimed delivery is not claimed again for this long: enough for one attempt to finish or time out. */
const LEASE_MS = 5 * 60 * 1000;
const REQUEST_TIMEOUT_MS = 10_000;

export interface DeliverOptions {
  now: Date;
  limit?: number;
  /** How many requests are in flight at once. */
  concurrency?: number;
  random?: () => number;
  fetch?: WebhookFetch;
  /** Where deliveries may go; public addresses over https only unless the deployment allows more. */
  destinations?: WebhookDestinationPolicy;
  /** How the destination's host name is resolved for that check (DNS by default). */
  resolveHost?: ResolveHost;
}

/** What deliveries send with: undici's fetch by default; tests pass their own. */
export type WebhookFetch = (url: string, init: RequestInit) => Promise<{ status: number; arrayBuffer(): Promise<unknown> }>;

type Outcome = { ok: true; status: number } | { ok: false; status?: number; error: string; final?: boolean };

interface Claimed {
  id: number;
  attempts: number;
  outbox_id: number;
  event_type: string;
  url: string;
  secret: string;
  payload: Record<string, unknown>;
  event_created_at: Date;
  program_id: string;
}

/**
 * Sends due deliveries, at least once each. A delivery is first claimed (attempts + 1, next attempt pushed
 * out by a lease) with SKIP LOCKED and committed, then sent outside any transaction: two servers never send
 * the same attempt, and one that dies mid-send leaves the delivery to be retried when the lease runs out.
 * 2xx → delivered; anything else → retried with exponential backoff and jitter, failed after MAX_ATTEMPTS.
 * A destination the policy refuses gets no request (see destination-guard.ts): a URL refused in itself
 * fails at once, as no retry can change it; a name resolving to a private address is a failed attempt
 * like any other, retried until MAX_ATTEMPTS, since its owner may correct the DNS record.
 */
export async function deliverDueWebhooks(db: Db, options: DeliverOptions): Promise<{ attempted: number; delivered: number; failed: number }> {
  const { now } = options;
  const { rows: claimed } = await sql<Claimed>`
    with due as (
      select id from webhook_deliveries
      where status = 'pending' and next_attempt_at <= ${now}::timestamptz
      order by next_attempt_at, id limit ${options.limit ?? 100} for update skip locked
    ), claimed as (
      update webhook_deliveries d
      set attempts = d.attempts + 1, last_attempt_at = ${now}::timestamptz,
          next_attempt_at = ${now}::timestamptz + ${`${LEASE_MS} milliseconds`}::interval
      from due where d.id = due.id
      returning d.id, d.attempts, d.outbox_id, d.event_type, d.endpoint_id, d.program_id
    )
    select c.id, c.attempts, c.outbox_id, c.event_type, c.program_id, w.url, w.secret, o.payload, o.created_at as event_created_at
    from claimed c join webhook_endpoints w on w.id = c.endpoint_id join outbox o on o.id = c.outbox_id
    order by c.id`.execute(db);

  let delivered = 0;
  let failed = 0;
  const queue = [...claimed];
  const worker = async () => {
    for (let item = queue.shift(); item; item = queue.shift()) {
      const outcome = await attempt(item, options);
      if (outcome.ok) {
        delivered += 1;
        await db.updateTable('webhook_deliveries')
          .set({ status: 'delivered', delivered_at: now, response_status: outcome.status, last_error: null })
          .where('id', '=', item.id).execute();
        continue;
      }
      const giveUp = outcome.final === true || item.attempts >= MAX_ATTEMPTS;
      if (giveUp) failed += 1;
      await db.updateTable('webhook_deliveries')
        .set({
          status: giveUp ? 'failed' : 'pending',
          next_attempt_at: new Date(now.getTime() + retryDelayMs(item.attempts, options.random)),
          response_status: outcome.status ?? null,
          last_error: outcome.error.slice(0, 500),
        })
        .where('id', '=', item.id).execute();
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 8, claimed.length) }, worker));
  return { attempted: claimed.length, delivered, failed };
}

/** The Standard Webhooks envelope: `type`, `timestamp` (when the event happened), `data`. */
export function webhookBody(item: Pick<Claimed, 'event_type' | 'event_created_at' | 'payload' | 'program_id'>): string {
  return JSON.stringify({
    type: item.event_type,
    timestamp: item.event_created_at.toISOString(),
    data: { programId: item.program_id, ...item.payload },
  });
}

async function attempt(item: Claimed, options: DeliverOptions): Promise<Outcome> {
  const policy = options.destinations ?? publicDestinationsOnly;
  const destination = await checkDeliveryDestination(item.url, policy, options.resolveHost);
  if (!destination.allowed) return { ok: false, error: `destination refused: ${destination.reason}`, final: destination.permanent };
  // Public only: the connection dials only addresses its own lookup found public (see pinned-dispatcher.ts).
  const dispatcher = policy.allowPrivateNetworks ? undefined : await pinnedDispatcher(options.resolveHost);
  return send(item, options.fetch ?? (await import('undici')).fetch, dispatcher);
}

async function send(item: Claimed, fetchImpl: WebhookFetch, dispatcher: Dispatcher | undefined): Promise<Outcome> {
  const body = webhookBody(item);
  try {
    const response = await fetchImpl(item.url, {
      ...(dispatcher ? { dispatcher } : {}),
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'Omniloyal-Webhooks/1', ...signedHeaders(item.secret, eventMessageId(item.outbox_id), body) },
      body,
      // Never followed: a public endpoint answering 307 to http://169.254.169.254/ must not lead us there.
      redirect: 'manual',
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    // Drain the body so the socket can be reused; its content does not matter.
    await response.arrayBuffer().catch(() => undefined);
    if (response.status >= 200 && response.status < 300) return { ok: true, status: response.status };
    return { ok: false, status: response.status, error: `HTTP ${response.status}` };
  } catch (error) {
    return { ok: false, error: failureWords(error) };
  }
}

/** "TypeError: fetch failed (destination refused: …)": fetch's own message hides the reason in its cause. */
function failureWords(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
  return `${error.name}: ${error.message}${cause}`;
}
