import { TRPCError } from '@trpc/server';
import { inTransaction, type Db } from '@omniloyal/ledger';
import { uuidv7 } from 'uuidv7';
import { newWebhookSecret } from './signing.ts';
import { destinationProblem, type WebhookDestinationPolicy } from './destination-guard.ts';

export interface WebhookEndpointView {
  id: string;
  url: string;
  eventTypes: string[];
  description: string | null;
  createdAt: string;
}

/**
 * Registers an endpoint; the secret is returned here only (it is stored to sign, never shown again).
 * The destination is checked here rather than in the router, so no caller can register one the policy
 * refuses; every caller says which policy applies.
 */
export async function createWebhookEndpoint(
  db: Db,
  input: { programId: string; url: string; eventTypes?: string[]; description?: string; createdBy?: string; destinations: WebhookDestinationPolicy },
): Promise<WebhookEndpointView & { secret: string }> {
  const problem = destinationProblem(input.url, input.destinations);
  if (problem) throw new TRPCError({ code: 'BAD_REQUEST', message: `url: ${problem}` });
  const id = uuidv7();
  const secret = newWebhookSecret();
  const row = await db
    .insertInto('webhook_endpoints')
    .values({
      id,
      program_id: input.programId,
      url: input.url,
      secret,
      event_types: input.eventTypes ?? [],
      description: input.description ?? null,
      created_by: input.createdBy ?? null,
    })
    .returning(['created_at'])
    .executeTakeFirstOrThrow();
  return { id, url: input.url, eventTypes: input.eventTypes ?? [], description: input.description ?? null, createdAt: row.created_at.toISOString(), secret };
}

export async function listWebhookEndpoints(db: Db, programId: string): Promise<WebhookEndpointView[]> {
  const rows = await db
    .selectFrom('webhook_endpoints')
    .select(['id', 'url', 'event_types', 'description', 'created_at'])
    .where('program_id', '=', programId)
    .where('deleted_at', 'is', null)
    .orderBy('created_at')
    .execute();
  return rows.map(endpointView);
}

function endpointView(row: { id: string; url: string; event_types: string[]; description: string | null; created_at: Date }): WebhookEndpointView {
  return { id: row.id, url: row.url, eventTypes: row.event_types, description: row.description, createdAt: row.created_at.toISOString() };
}

/**
 * Soft delete: the delivery log stays readable; pending deliveries to it stop (marked failed) so no
 * event goes to a URL the manager removed. Returns the endpoint as it was, or undefined.
 */
export async function deleteWebhookEndpoint(db: Db, programId: string, id: string, now = new Date()): Promise<WebhookEndpointView | undefined> {
  return inTransaction(db, async (trx) => {
    const row = await trx
      .updateTable('webhook_endpoints')
      .set({ deleted_at: now })
      .where('id', '=', id)
      .where('program_id', '=', programId)
      .where('deleted_at', 'is', null)
      .returning(['id', 'url', 'event_types', 'description', 'created_at'])
      .executeTakeFirst();
    if (!row) return undefined;
    await trx
      .updateTable('webhook_deliveries')
      .set({ status: 'failed', last_error: 'endpoint deleted' })
      .where('endpoint_id', '=', id)
      .where('status', '=', 'pending')
      .execute();
    return endpointView(row);
  });
}

export interface WebhookDeliveryView {
  id: number;
  endpointId: string;
  eventId: string;
  type: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  nextAttemptAt: string | null;
  lastAttemptAt: string | null;
  responseStatus: number | null;
  lastError: string | null;
  deliveredAt: string | null;
  createdAt: string;
}

/** The delivery log of a program, newest first, optionally for one endpoint or one status. */
export async function listWebhookDeliveries(
  db: Db,
  input: { programId: string; endpointId?: string; status?: 'pending' | 'delivered' | 'failed'; cursor?: number; limit: number },
): Promise<{ items: WebhookDeliveryView[]; nextCursor?: number }> {
  let query = db
    .selectFrom('webhook_deliveries')
    .select(['id', 'endpoint_id', 'outbox_id', 'event_type', 'status', 'attempts', 'next_attempt_at', 'last_attempt_at', 'response_status', 'last_error', 'delivered_at', 'created_at'])
    .where('program_id', '=', input.programId);
  if (input.endpointId) query = query.where('endpoint_id', '=', input.endpointId);
  if (input.status) query = query.where('status', '=', input.status);
  if (input.cursor !== undefined) query = query.where('id', '<', input.cursor);
  const rows = await query.orderBy('id', 'desc').limit(input.limit + 1).execute();
  const items = rows.slice(0, input.limit).map((row) => ({
    id: row.id,
    endpointId: row.endpoint_id,
    eventId: eventMessageId(row.outbox_id),
    type: row.event_type,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.status === 'pending' ? row.next_attempt_at.toISOString() : null,
    lastAttemptAt: row.last_attempt_at?.toISOString() ?? null,
    responseStatus: row.response_status,
    lastError: row.last_error,
    deliveredAt: row.delivered_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
  }));
  return rows.length > input.limit ? { items, nextCursor: items[items.length - 1]!.id } : { items };
}

/** The webhook-id of an outbox event: the same for every endpoint and every retry. */
export function eventMessageId(outboxId: number): string {
  return `evt_${outboxId}`;
}
