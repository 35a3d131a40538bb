import { sql, type Kysely } from 'kysely';

/**
 * `webhook_wanted` (does an endpoint of the program want this event?) becomes PL/pgSQL, same body.
 *
 * As a SQL function with a sub-select it cannot be inlined, so Postgres parsed and planned its body again
 * in every statement that called it: once per `checkout_record_batch` call, for the earned events of the
 * batch — about a sixth of a call's fixed cost (perf of the replaying backend: fmgr_sql 5.7% of a call of
 * one sale, its planner 3.6%). PL/pgSQL plans it once per connection and keeps the plan.
 * bench:checkout-batch, runs alternated on one VM (Postgres CPU, fit per call + per sale): 855/880/872 µs
 * + 149/136/148 µs before, 742/771/760 µs + 139/129/138 µs after; the same figures as with the check
 * written into the batch's statement instead (729-746 µs + 139-144 µs).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create or replace function webhook_wanted(p_program uuid, p_public_type text) returns boolean language plpgsql stable as $$
    begin
      return exists (select 1 from webhook_endpoints w where w.program_id = p_program and w.deleted_at is null
        and webhook_subscribed(w.event_types, p_public_type));
    end $$`.execute(db);
}
