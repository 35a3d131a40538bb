import { sql, type Kysely } from 'kysely';
import { patchFunction } from './patch-function.ts';

/**
 * An earn goes into the outbox as a `points.earned` event only when an endpoint of its program wants it.
 *
 * Every earn — every sale — wrote an outbox row, and the webhook job later marked each one fanned out: a
 * row, an index entry and an update per sale, kept for good, in most programs for no endpoint at all (the
 * fan-out simply marked them). Without them a checkout writes less WAL (bench:api, 20-s runs alternated
 * three rounds on one VM: 4.45-4.52 -> 4.00 KB and 23.3-23.6 -> 21.3 records per checkout), which a
 * replica receives and a backup keeps, and the outbox stops growing by a row per sale. Checkouts per
 * second did not change beyond the spread between runs (4,694/4,770/4,896 with the rows, 4,826/4,625/4,682
 * without): the writes' call is not bound by its WAL.
 *
 * What integrators receive does not change: the fan-out sends an event to the endpoints that exist and
 * want it when it runs, so an event no endpoint wanted went nowhere. The one difference is an endpoint
 * registered in the seconds between an earn and the next fan-out: it no longer receives that earn, made
 * before it existed. The other events (refunds, redemptions, adjustments, tiers, expiry) are far rarer than
 * sales and are stored as before.
 *
 * `webhook_wanted` takes the event's public name (webhooks/event-types.ts in the API; the webhooks tests
 * hold the two together). The earn functions change by one clause each, patched in place from their
 * current definitions rather than restated in full; a patch that no longer finds its clause fails the
 * migration instead of doing nothing.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // What an endpoint's subscription means (none listed: every event), in one place: the webhook fan-out
  // (webhooks/fan-out.ts) asks it too.
  await sql`create function webhook_subscribed(p_event_types text[], p_public_type text) returns boolean language sql immutable as $$
    select cardinality(p_event_types) = 0 or p_public_type = any(p_event_types)
  $$`.execute(db);
  await sql`create function webhook_wanted(p_program uuid, p_public_type text) returns boolean language sql stable as $$
    select exists (select 1 from webhook_endpoints w where w.program_id = p_program and w.deleted_at is null
      and webhook_subscribed(w.event_types, p_public_type))
  $$`.execute(db);
  await patchFunction(db, 'ledger_earn_batch(jsonb, boolean)', {
    from: `select (r->>'programId')::uuid, 'earned', result from res order by ord`,
    to: `select (r->>'programId')::uuid, 'earned', result from res where webhook_wanted((r->>'programId')::uuid, 'points.earned') order by ord`,
  });
  await patchFunction(db, 'ledger_earn_item(jsonb)', {
    from: `select v_program, 'earned', res.result from res`,
    to: `select v_program, 'earned', res.result from res where webhook_wanted(v_program, 'points.earned')`,
  });
}
