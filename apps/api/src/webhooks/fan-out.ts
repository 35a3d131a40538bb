import { sql } from 'kysely';
import type { Db } from '@omniloyal/ledger';
import { webhookEventTypes } from './event-types.ts';

const typeMapping = sql.raw(
  Object.entries(webhookEventTypes).map(([outbox, name]) => `('${outbox}', '${name}')`).join(', '),
);

/**
 * Turns up to `limit` new outbox events into one pending delivery per endpoint that wants them, and marks
 * the events fanned out (`outbox.delivered_at`), in one statement. SKIP LOCKED lets two servers share the
 * work; the unique (endpoint, event) pair makes a repeat harmless. Events of programs without endpoints
 * are simply marked. Call until it returns events: 0.
 */
export async function fanOutWebhookEvents(db: Db, input: { now: Date; limit?: number }): Promise<{ events: number; deliveries: number }> {
  const { rows } = await sql<{ events: number; deliveries: number }>`
    with events as (
      select o.id, o.program_id, o.type from outbox o
      where o.delivered_at is null order by o.id limit ${input.limit ?? 1000} for update skip locked
    ), names(outbox_type, public_type) as (values ${typeMapping}),
    inserted as (
      insert into webhook_deliveries (program_id, endpoint_id, outbox_id, event_type, next_attempt_at)
      select e.program_id, w.id, e.id, coalesce(n.public_type, e.type), ${input.now}::timestamptz
      from events e
      left join names n on n.outbox_type = e.type
      join webhook_endpoints w on w.program_id = e.program_id and w.deleted_at is null
        and webhook_subscribed(w.event_types, coalesce(n.public_type, e.type))
      on conflict (endpoint_id, outbox_id) do nothing
      returning 1
    ), marked as (
      update outbox set delivered_at = ${input.now}::timestamptz where id in (select id from events) returning 1
    )
    select (select count(*) from marked)::int as events, (select count(*) from inserted)::int as deliveries`.execute(db);
  return rows[0]!;
}
