import { sql, type Kysely } from 'kysely';

/**
 * A batch of sales is recorded in a few set-based statements instead of a PL/pgSQL loop over its sales.
 *
 * bench:api (pg_stat_user_functions, pg_stat_statements with track = all) found Postgres spending per sale
 * 0.078 ms in `member_tier_after_earn` — almost all of it the function's own overhead, five statements
 * that each cost a few microseconds to run and more to enter — and 0.06 ms in `checkout_record_batch`'s
 * loop (answers, receipts and the order array built one sale at a time), beside 0.2 ms for the earns
 * themselves.
 *
 * - `members_tier_may_rise` is the cheap test `member_tier_after_earn` made first (see 20261123T020000:
 *   a member in the top tier, or whose qualifying bound is below the next threshold, cannot move up), for
 *   many members in one statement. It answers the positions that need the full check. That check still
 *   runs one sale at a time, in order, under the member locks the earns took; it makes the same test
 *   first, so it stays right when an earlier sale of the batch already moved the same member up.
 * - `checkout_record_batch`: the earns (unchanged), then the tier test for the whole batch, then every
 *   receipt and order in one statement. An earn without tier rules (a program without tiers) runs no
 *   tier check; before, it counted the member's window to find nothing to move to.
 *
 * Both carry `plan_cache_mode = force_generic_plan`, as the earn batch does (20261123T030000): their
 * statements look rows up by key, and a batch's size should not make Postgres plan them again.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    // p_members, p_window_starts and p_levels are parallel arrays; answers the 1-based positions (of the
    // arrays) whose member may reach a higher tier. A member with no bound yet, with earns before the
    // bound's window (a backdated order), or that others were merged into (their earns are on other rows)
    // may always.
    `create or replace function members_tier_may_rise(p_members uuid[], p_window_starts timestamptz[], p_levels jsonb[])
    returns setof int language sql stable as $$
      select u.n::int
      from unnest(p_members, p_window_starts, p_levels) with ordinality as u(member_id, window_start, levels, n)
      cross join lateral (
        select m.tier_id, a.earned_total, b.counted, b.since, b.earned_total as earned_then
        from members m join member_accounts a on a.member_id = m.id
        left join member_qualifying_bounds b on b.member_id = m.id
        where m.id = u.member_id limit 1) s
      -- the least threshold above the member's tier (a tier this version no longer has is the first)
      cross join lateral (
        select min((l.level->>'threshold')::bigint) as threshold
        from jsonb_array_elements(u.levels) with ordinality as l(level, ord)
        where l.ord > coalesce((select max(c.ord) from jsonb_array_elements(u.levels) with ordinality as c(level, ord)
          where c.level->>'id' = s.tier_id), 1)) next
      where next.threshold is not null
        and not coalesce(s.counted + (s.earned_total - s.earned_then) < next.threshold and s.since <= u.window_start
          and not exists (select 1 from members merged where merged.merged_into = u.member_id), false)
    $$`,
    `create or replace function member_tier_after_earn(p_program uuid, p_member uuid, p_at text, p_window_start timestamptz, p_levels jsonb)
    returns void language plpgsql as $$
    declare
      v_points bigint;
      v_current text;
      v_current_rank int;
      v_rank int;
      v_tier text;
      v_earned bigint;
    begin
      if not exists (select 1 from members_tier_may_rise(array[p_member], array[p_window_start], array[p_levels])) then
        return;
      end if;
      -- earned_total is read before any counting: an earn landing in between is then counted twice, never missed
      select m.tier_id, a.earned_total into v_current, v_earned
      from members m join member_accounts a on a.member_id = m.id where m.id = p_member;
      -- a member without a tier, or with one this version no longer has, is in the first tier
      select coalesce(max(l.ord) - 1, 0) into v_current_rank
      from jsonb_array_elements(p_levels) with ordinality as l(level, ord) where l.level->>'id' = v_current;
      v_points := greatest(member_qualifying_points(p_member, p_window_start, p_at::timestamptz), 0);
      insert into member_qualifying_bounds (member_id, counted, since, earned_total)
      values (p_member, member_qualifying_points(p_member, p_window_start, 'infinity'), p_window_start, v_earned)
      on conflict (member_id) do update set counted = excluded.counted, since = excluded.since, earned_total = excluded.earned_total;
      -- the last level whose threshold the points reach (the first level when none does)
      select coalesce(max(l.ord) - 1, 0) into v_rank
      from jsonb_array_elements(p_levels) with ordinality as l(level, ord)
      where (l.level->>'threshold')::bigint <= v_points;
      if v_rank <= v_current_rank then return; end if;
      v_tier := p_levels->v_rank->>'id';
      update members set tier_id = v_tier, tier_since = p_at::timestamptz where id = p_member;
      insert into outbox (program_id, type, payload)
      values (p_program, 'tier_changed', jsonb_build_object('memberId', p_member, 'from', v_current, 'to', v_tier, 'at', p_at));
    end $$`,
    `create or replace function checkout_record_batch(items jsonb, p_safe boolean default false) returns jsonb
    language plpgsql set plan_cache_mode = force_generic_plan as $$
    declare
      v_earns jsonb;
      v_answers jsonb[];
      v_results jsonb;
      it record;
    begin
      if p_safe then return checkout_record_batch_safe(items); end if;
      -- 1. every earn of the batch in one set-based ledger_earn_batch (each item succeeds or fails on its
      --    own), and each sale's answer at the sale's place (null for a sale without an earn)
      select jsonb_agg(x->'earn' order by ord) into v_earns from jsonb_array_elements(items) with ordinality as t(x, ord) where x ? 'earn';
      if v_earns is not null then
        v_earns := ledger_earn_batch(v_earns, false);
        select array_agg(case when x ? 'earn' then v_earns->(n - 1)::int end order by ord) into v_answers
        from (select x, ord, count(*) filter (where x ? 'earn') over (order by ord) as n
          from jsonb_array_elements(items) with ordinality as t(x, ord)) s;
      end if;
      -- 2. the tier of the members an upgrade is possible for, sale by sale in order
      for it in
        with earned as (
          select t.x as req, t.ord, row_number() over (order by t.ord) as n
          from jsonb_array_elements(items) with ordinality as t(x, ord)
          where t.x ? 'tier' and coalesce((v_answers[t.ord]->>'ok')::boolean, false)
        ), batch as (
          select array_agg((req->>'memberId')::uuid order by n) as members,
            array_agg((req->'tier'->>'windowStart')::timestamptz order by n) as starts, array_agg(req->'tier'->'levels' order by n) as levels
          from earned
        )
        select e.req from batch cross join lateral members_tier_may_rise(batch.members, batch.starts, batch.levels) as r(n)
        join earned e on e.n = r.n
        order by e.ord
      loop
        perform member_tier_after_earn((it.req->>'programId')::uuid, (it.req->>'memberId')::uuid, it.req->'tier'->>'at',
          (it.req->'tier'->>'windowStart')::timestamptz, it.req->'tier'->'levels');
      end loop;
      -- 3. each sale's answer — its earn's error, or its receipt with the balance after it — and the orders
      --    in one insert; an order id recorded concurrently fails the call, and the caller runs it again
      --    the safe way, where that sale alone reports it
      with sale as materialized (
        select t.ord, t.x as req, v_answers[t.ord] as answer,
          case when v_answers[t.ord] is not null and not (v_answers[t.ord]->>'ok')::boolean
            then jsonb_build_object('error', jsonb_build_object('code', v_answers[t.ord]->>'code', 'message', v_answers[t.ord]->>'message')) end as error
        from jsonb_array_elements(items) with ordinality as t(x, ord)
      ), done as materialized (
        select s.ord, s.req, s.error, (s.answer->'receipt'->>'transactionId')::uuid as tx,
          s.req->'receipt' || jsonb_build_object('balance', case
            when s.answer is not null then s.answer->'receipt'->'balance'
            when s.req->>'memberId' is not null then (
              select jsonb_build_object('available', coalesce(v.available, a.available), 'pending', coalesce(v.pending, a.pending),
                'held', coalesce(v.held, a.held))
              from member_accounts a left join member_accounts v on v.member_id = a.merged_into
              where a.member_id = (s.req->>'memberId')::uuid)
          end) as receipt
        from sale s
      ), recorded as (
        insert into orders (program_id, id, member_id, channel, store_id, terminal_id, occurred_at, currency, subtotal, lines,
          payments, earn_transaction_id, earned, line_points, redeemed, discount_total, discounts, request_hash, receipt)
        select (d.req->>'programId')::uuid, o->>'id', (d.req->>'memberId')::uuid, o->>'channel', o->>'storeId', (o->>'terminalId')::uuid,
          (o->>'occurredAt')::timestamptz, o->>'currency', (o->>'subtotal')::bigint, o->'lines', o->'payments',
          d.tx, coalesce((o->>'earned')::bigint, 0), o->'linePoints', 0, 0, '[]', o->>'requestHash', d.receipt
        from done d cross join lateral (select d.req->'order' as o) x
        where d.error is null
        order by d.ord
      )
      select coalesce(jsonb_agg(coalesce(d.error, jsonb_build_object('receipt', d.receipt)) order by d.ord), '[]') into v_results from done d;
      return v_results;
    end $$`,
  ];
  for (const statement of statements) await sql.raw(statement).execute(db);
}
