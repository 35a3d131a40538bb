import { sql, type Kysely } from 'kysely';

/**
 * Hot statements whose shape never changes, planned once per connection instead of on most calls.
 *
 * Left to choose, Postgres re-plans a cached statement whenever the parameters' custom plan looks
 * cheaper than the generic one — and for statements over a batch's arrays each batch size gives another
 * estimate, so it kept planning: `ledger_earn_batch`'s totals-and-receipts statement (five CTEs) on about
 * half the calls, and the API's read of concurrent sales' contexts on two calls in three, where planning
 * took as long as running (bench:api, pg_stat_statements). Every statement in them looks rows up by
 * key, so one generic plan serves every batch.
 *
 * `sale_contexts` is that read — for each sale asked about, in the order asked: its member (by id, in
 * the program) and the order already recorded under its id — as a function, so it can carry the setting.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    `alter function ledger_earn_batch(jsonb, boolean) set plan_cache_mode = force_generic_plan`,
    `create or replace function sale_contexts(p_members uuid[], p_programs uuid[], p_orders text[])
    returns table (id uuid, name text, tier_id text, tier_since timestamptz, tags text[], birthday date, status text,
      merged_into uuid, created_at timestamptz, request_hash text, receipt jsonb)
    language plpgsql stable set plan_cache_mode = force_generic_plan as $$
    begin
      return query
      select m.id, m.name, m.tier_id, m.tier_since, m.tags, m.birthday, m.status, m.merged_into, m.created_at, o.request_hash, o.receipt
      from unnest(p_members, p_programs, p_orders) with ordinality as r(member_id, program_id, order_id, ord)
      -- one primary-key lookup per sale (limit 1 keeps each lookup a nested loop: a generic plan, not
      -- knowing the batch is a handful, would otherwise hash-join whole tables)
      left join lateral (select * from members m where m.id = r.member_id and m.program_id = r.program_id limit 1) m on true
      left join lateral (select * from orders o where o.program_id = r.program_id and o.id = r.order_id limit 1) o on true
      order by r.ord;
    end $$`,
  ];
  for (const statement of statements) await sql.raw(statement).execute(db);
}
