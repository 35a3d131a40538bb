import { sql, type Kysely } from 'kysely';

/**
 * The tier check after an earn counts the member's window only when an upgrade is possible.
 *
 * Counting qualifying points reads every earn of the member in the tier window, and a frequent member's
 * window holds hundreds or thousands: bench:api spent 0.21 ms of Postgres per sale there, more than on
 * the earn itself. Most earns cannot move anyone up, so a cheap upper bound decides first.
 *
 * - `member_accounts.earned_total`: every point the member was ever credited by an earn (pending
 *   included). The earn functions add to it in the update of the member's totals they already make, so it
 *   costs no extra write; only differences of it are used, so existing members start at 0.
 * - `member_qualifying_bounds`: when the member was last counted, the qualifying points from `since` to
 *   the end of time (`counted`) and `earned_total` at that moment. A table of its own, without foreign
 *   keys: rewriting member_accounts a second time in the earn's transaction would re-check all five of
 *   that row's foreign keys, one a KEY SHARE lock on the program's one row that every sale would share.
 *
 * bound = counted + (earned_total now − earned_total then). Tier windows only move forward and reversals
 * only lower the points, so for any window that starts at or after `since` the bound is at least the
 * window's qualifying points. `member_tier_after_earn` returns at once when the bound is below the least
 * threshold above the member's tier, and counts exactly (keeping a new bound) when it reaches it, when
 * there is no bound yet, when the earn's window starts before the bound's (a backdated order), and for a
 * member others were merged into (their earns count too, on other rows).
 *
 * `ledger_earn_item` and `ledger_earn_batch` are those of 20261122T231000 with `earned_total` added to
 * their totals update; nothing else in them changes.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    `alter table member_accounts add column earned_total bigint not null default 0`,
    `create table member_qualifying_bounds (member_id uuid primary key, counted bigint not null, since timestamptz not null,
      earned_total bigint not null)`,
    `create or replace function ledger_earn_item(req jsonb) returns jsonb language plpgsql as $$
    declare
      v_program uuid := (req->>'programId')::uuid;
      v_now timestamptz := coalesce((req->>'now')::timestamptz, now());
      v_tx uuid := coalesce((req->>'id')::uuid, ledger_uuid7());
      v_member uuid;
      v_merged uuid;
      v_before bigint;
      v_available_account bigint;
      v_pending_account bigint;
      v_issued bigint;
      v_available bigint;
      v_result jsonb;
      ma member_accounts;
    begin
      -- 1. Lock the member (and learn the program's issued account in the same statement).
      select m.member_id, m.merged_into, m.available, m.available_account, m.pending_account, pa.issued_account
      into v_member, v_merged, v_before, v_available_account, v_pending_account, v_issued
      from member_accounts m join program_accounts pa on pa.program_id = m.program_id
      where m.member_id = (req->>'memberId')::uuid and m.program_id = v_program
      for update of m;
      if v_merged is not null then
        -- merged members take the long way, to the surviving member
        ma := ledger_lock_member(v_program, v_merged, false);
        v_member := ma.member_id;
        v_before := ma.available;
        v_available_account := ma.available_account;
        v_pending_account := ma.pending_account;
      end if;
      if v_member is null then
        return jsonb_build_object('error', jsonb_build_object('code', 'NOT_FOUND',
          'message', format('member %s not found in this program', req->>'memberId')));
      end if;
      -- 2. The key, checked under the member's lock, so a retry of the same request sees the first.
      if exists (select 1 from ledger_transactions where program_id = v_program and idempotency_key = req->>'key') then
        return ledger_replay(v_program, req->>'key', req->>'hash');
      end if;
      -- 3. Everything else in one statement: lots, entries, totals, the receipt, the transaction, the event.
      with lots as (
        insert into point_lots (program_id, member_id, transaction_id, amount, remaining, pending, available_at, expires_at)
        select v_program, v_member, v_tx, (x->>'points')::bigint, (x->>'points')::bigint,
          coalesce((x->>'availableAt')::timestamptz, v_now) > v_now,
          coalesce((x->>'availableAt')::timestamptz, v_now), (x->>'expiresAt')::timestamptz
        from jsonb_array_elements(req->'lots') as x
        returning id, amount, pending
      ), sums as (
        select coalesce(sum(amount) filter (where not pending), 0)::bigint as av,
          coalesce(sum(amount) filter (where pending), 0)::bigint as pe
        from lots
      ), entries as (
        insert into ledger_entries (transaction_id, account_id, lot_id, amount)
        select v_tx, case when pending then v_pending_account else v_available_account end, id, amount from lots
        union all
        select v_tx, v_issued, null, -(av + pe) from sums
      ), totals as (
        update member_accounts m set available = m.available + sums.av, pending = m.pending + sums.pe, earned_total = m.earned_total + sums.av + sums.pe
        from sums where m.member_id = v_member
        returning m.available, m.pending, m.held
      ), res as (
        select sums.av, jsonb_build_object('transactionId', v_tx, 'kind', 'earn', 'memberId', v_member,
          'points', sums.av + sums.pe, 'pendingPoints', sums.pe,
          'balance', jsonb_build_object('available', t.available, 'pending', t.pending, 'held', t.held),
          'replayed', false) as result, sums.av + sums.pe as points
        from sums, totals t
      ), tx as (
        insert into ledger_transactions (id, program_id, idempotency_key, request_hash, kind, member_id, channel,
          store_id, terminal_id, order_id, rule_version, rules, reason, points, occurred_at, result)
        select v_tx, v_program, req->>'key', req->>'hash', 'earn', v_member, req->>'channel',
          req->>'storeId', req->>'terminalId', req->>'orderId', (req->>'ruleVersion')::int, req->'rules',
          req->>'reason', res.points, coalesce((req->>'occurredAt')::timestamptz, v_now), res.result
        from res
      ), event as (
        insert into outbox (program_id, type, payload) select v_program, 'earned', res.result from res
      )
      select res.av, res.result into v_available, v_result from res;
      -- A member in debt (negative available) pays it first from the new points; totals do not change.
      if v_available > 0 and v_before < 0 then
        perform ledger_settle_debt(v_member, v_available_account, v_tx);
      end if;
      return v_result;
    end $$`,
    `create or replace function ledger_earn_batch(items jsonb, p_safe boolean default false) returns jsonb language plpgsql as $$
    declare
      v_results jsonb;
      v_rest int[];
      v_ord int[];
      v_tx uuid[];
      v_member uuid[];
      v_av bigint[];
      v_pe bigint[];
      v_i int;
      v jsonb;
    begin
      if p_safe then return ledger_earn_batch_safe(items); end if;
      -- 1. The plain items' lots and entries, before any member is locked (account ids never change): the
      --    member locks, which concurrent batches queue on, are then held only for steps 2 to 4 and the commit.
      with req as materialized (
        select t.ord::int as ord, t.x as r, (t.x->>'programId')::uuid as program_id, (t.x->>'memberId')::uuid as member_id,
          t.x->>'key' as key, coalesce((t.x->>'id')::uuid, ledger_uuid7()) as tx,
          coalesce((t.x->>'now')::timestamptz, now()) as now
        from jsonb_array_elements(items) with ordinality as t(x, ord)
      ), plain as materialized (
        select req.*, ma.available_account, ma.pending_account, pa.issued_account
        from (select req.*, row_number() over (partition by program_id, key order by ord) as nth from req) req
        join member_accounts ma on ma.member_id = req.member_id and ma.program_id = req.program_id
        join program_accounts pa on pa.program_id = req.program_id
        where req.nth = 1 and ma.merged_into is null and ma.available >= 0
          and not exists (select 1 from ledger_transactions t where t.program_id = req.program_id and t.idempotency_key = req.key)
      ), lot_rows as materialized (
        select p.ord, l.n, p.tx, p.program_id, p.member_id, (l.x->>'points')::bigint as amount,
          coalesce((l.x->>'availableAt')::timestamptz, p.now) as available_at,
          coalesce((l.x->>'availableAt')::timestamptz, p.now) > p.now as pending,
          (l.x->>'expiresAt')::timestamptz as expires_at
        from plain p cross join jsonb_array_elements(p.r->'lots') with ordinality as l(x, n)
      ), lots as (
        insert into point_lots (program_id, member_id, transaction_id, amount, remaining, pending, available_at, expires_at)
        select program_id, member_id, tx, amount, amount, pending, available_at, expires_at from lot_rows order by ord, n
        returning id, transaction_id, amount, pending
      ), sums as materialized (
        select p.ord, p.tx, p.member_id, p.available_account, p.pending_account, p.issued_account,
          coalesce(sum(l.amount) filter (where not l.pending), 0)::bigint as av,
          coalesce(sum(l.amount) filter (where l.pending), 0)::bigint as pe
        from plain p join lot_rows l on l.ord = p.ord
        group by p.ord, p.tx, p.member_id, p.available_account, p.pending_account, p.issued_account
      ), entries as (
        insert into ledger_entries (transaction_id, account_id, lot_id, amount)
        select l.transaction_id, case when l.pending then s.pending_account else s.available_account end, l.id, l.amount
        from lots l join sums s on s.tx = l.transaction_id
        union all
        select tx, issued_account, null, -(av + pe) from sums
      )
      select array_agg(ord order by ord), array_agg(tx order by ord), array_agg(member_id order by ord),
        array_agg(av order by ord), array_agg(pe order by ord)
      into v_ord, v_tx, v_member, v_av, v_pe
      from sums;
      -- 2. Lock every member named, in id order (one global order: batches never deadlock).
      perform 1 from member_accounts
      where member_id = any (array(select (x->>'memberId')::uuid from jsonb_array_elements(items) as x))
      order by member_id for update;
      if v_ord is not null then
        -- 3. A plain item's member was merged or fell into debt before the lock: rare; the wrapper retries the call.
        if exists (select 1 from member_accounts m where m.member_id = any (v_member) and (m.merged_into is not null or m.available < 0)) then
          raise exception using errcode = '40001', message = 'a member of the batch changed before it was locked; retry';
        end if;
        -- 4. Totals, receipts (each the member's balance after that item), transactions, events.
        with s as (
          select u.ord, u.tx, u.member_id, u.av, u.pe, items->(u.ord - 1) as r
          from unnest(v_ord, v_tx, v_member, v_av, v_pe) as u(ord, tx, member_id, av, pe)
        ), bal as materialized (
          select s.*, m.available + sum(s.av) over w as available, m.pending + sum(s.pe) over w as pending, m.held
          from s join member_accounts m on m.member_id = s.member_id
          window w as (partition by s.member_id order by s.ord)
        ), totals as (
          update member_accounts m set available = m.available + t.av, pending = m.pending + t.pe,
            earned_total = m.earned_total + t.av + t.pe
          from (select member_id, sum(av) as av, sum(pe) as pe from s group by member_id) t
          where m.member_id = t.member_id
        ), res as materialized (
          select b.ord, b.tx, b.member_id, b.r, b.av + b.pe as points,
            jsonb_build_object('transactionId', b.tx, 'kind', 'earn', 'memberId', b.member_id,
              'points', b.av + b.pe, 'pendingPoints', b.pe,
              'balance', jsonb_build_object('available', b.available, 'pending', b.pending, 'held', b.held),
              'replayed', false) as result
          from bal b
        ), txs as (
          insert into ledger_transactions (id, program_id, idempotency_key, request_hash, kind, member_id, channel,
            store_id, terminal_id, order_id, rule_version, rules, reason, points, occurred_at, result)
          select tx, (r->>'programId')::uuid, r->>'key', r->>'hash', 'earn', member_id, r->>'channel', r->>'storeId',
            r->>'terminalId', r->>'orderId', (r->>'ruleVersion')::int, r->'rules', r->>'reason', points,
            coalesce((r->>'occurredAt')::timestamptz, (r->>'now')::timestamptz, now()), result
          from res order by ord
        ), events as (
          insert into outbox (program_id, type, payload) select (r->>'programId')::uuid, 'earned', result from res order by ord
        )
        select jsonb_agg(case when res.result is null then null else jsonb_build_object('ok', true, 'receipt', res.result) end
            order by t.ord),
          array_agg(t.ord order by t.ord) filter (where res.result is null)
        into v_results, v_rest
        from generate_series(1, jsonb_array_length(items)) as t(ord) left join res on res.ord = t.ord;
      else
        select jsonb_agg(null::jsonb), array_agg(t.ord order by t.ord)
        into v_results, v_rest
        from generate_series(1, jsonb_array_length(items)) as t(ord);
      end if;
      -- 5. The rest, one by one, in request order.
      if v_rest is not null then
        foreach v_i in array v_rest loop
          v := ledger_earn_item(items->(v_i - 1));
          v_results := jsonb_set(v_results, array[(v_i - 1)::text], case when v ? 'error'
            then jsonb_build_object('ok', false) || (v->'error') else jsonb_build_object('ok', true, 'receipt', v) end);
        end loop;
      end if;
      return v_results;
    end $$`,
    `create or replace function member_tier_after_earn(p_program uuid, p_member uuid, p_at text, p_window_start timestamptz, p_levels jsonb)
    returns void language plpgsql as $$
    declare
      v_points bigint;
      v_current text;
      v_current_rank int;
      v_rank int;
      v_tier text;
      v_next bigint;
      v_bound bigint;
      v_bound_since timestamptz;
      v_earned bigint;
    begin
      select tier_id into v_current from members where id = p_member;
      -- a member without a tier, or with one this version no longer has, is in the first tier
      select coalesce(max(l.ord) - 1, 0) into v_current_rank
      from jsonb_array_elements(p_levels) with ordinality as l(level, ord) where l.level->>'id' = v_current;
      -- already in the top tier: nothing to count
      if v_current_rank >= jsonb_array_length(p_levels) - 1 then return; end if;
      -- fewer qualifying points than the least threshold above the member's tier move nobody up
      select min((l.level->>'threshold')::bigint) into v_next
      from jsonb_array_elements(p_levels) with ordinality as l(level, ord) where l.ord - 1 > v_current_rank;
      -- earned_total is read before any counting: an earn landing in between is then counted twice, never missed
      select b.counted + (a.earned_total - b.earned_total), b.since, a.earned_total into v_bound, v_bound_since, v_earned
      from member_accounts a left join member_qualifying_bounds b on b.member_id = a.member_id
      where a.member_id = p_member;
      if v_bound < v_next and v_bound_since <= p_window_start
        and not exists (select 1 from members where merged_into = p_member) then
        return;
      end if;
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
  ];
  for (const statement of statements) await sql.raw(statement).execute(db);
}
