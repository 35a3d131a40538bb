import { sql, type Kysely } from 'kysely';

/**
 * Earn, faster: a set-based batch and a leaner single earn (replaces the functions of 20261122T210100).
 *
 * `ledger_earn_batch` posts the common items of a batch with a handful of set-based statements instead
 * of one function call (and half a dozen statements) per item:
 * 1. lock every member the batch names, in member id order (one global order, so batches never deadlock);
 * 2. one statement classifies the items and, for the plain ones, inserts every lot, entry, transaction
 *    and outbox row and updates each member's running totals once (UPDATE … FROM), computing each
 *    receipt's balance as the member's balance after that item (items of one member in request order);
 * 3. every other item goes through `ledger_earn_item` one by one, after the set-based part: an unknown
 *    member (NOT_FOUND), a key already in the ledger (replay or CONFLICT), the second use of a key within
 *    the batch (it then sees the first one's transaction: replay or CONFLICT), a merged member (follows the
 *    merge) and a member with a debt lot (the earn pays the debt first).
 * Anything unexpected fails the whole call; the TS wrapper then re-runs the batch with `p_safe`, one
 * subtransaction per item, so only the bad item reports an error.
 *
 * `ledger_earn_item` runs three statements where it ran eight: the member's lock (joined to the program's
 * issued account: a `language sql` helper with a FROM clause is planned on every call), the key check,
 * and one statement with data-modifying CTEs for lots, entries, totals, transaction and outbox event.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
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
        update member_accounts m set available = m.available + sums.av, pending = m.pending + sums.pe
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
    // The safe path: one subtransaction per item, items in member id order (as before the set-based batch).
    `create or replace function ledger_earn_batch_safe(items jsonb) returns jsonb language plpgsql as $$
    declare
      v_results jsonb[] := array_fill(null::jsonb, array[jsonb_array_length(items)]);
      it record;
      v jsonb;
      v_state text;
      v_message text;
    begin
      for it in select x as req, ord from jsonb_array_elements(items) with ordinality as t(x, ord) order by x->>'memberId', ord loop
        begin
          v := ledger_earn_item(it.req);
        exception
          when deadlock_detected or serialization_failure then raise;
          when unique_violation then
            v := coalesce(ledger_replay((it.req->>'programId')::uuid, it.req->>'key', it.req->>'hash'),
              jsonb_build_object('error', jsonb_build_object('code', 'CONFLICT', 'message', 'a concurrent request used this idempotency key')));
          when others then
            get stacked diagnostics v_state = returned_sqlstate, v_message = message_text;
            v := jsonb_build_object('error', jsonb_build_object('code', case v_state
              when 'OL409' then 'CONFLICT' when 'OL402' then 'INSUFFICIENT_POINTS' when 'OL404' then 'NOT_FOUND'
              when 'OL423' then 'HOLD_NOT_ACTIVE' else 'INVALID_REQUEST' end, 'message', v_message));
        end;
        v_results[it.ord] := case when v ? 'error' then jsonb_build_object('ok', false) || (v->'error')
          else jsonb_build_object('ok', true, 'receipt', v) end;
      end loop;
      return to_jsonb(v_results);
    end $$`,
    `create or replace function ledger_earn_batch(items jsonb, p_safe boolean default false) returns jsonb language plpgsql as $$
    declare
      v_results jsonb;
      v_rest int[];
      v_ord int;
      v jsonb;
    begin
      if p_safe then return ledger_earn_batch_safe(items); end if;
      -- 1. Lock every member named, in id order.
      perform 1 from member_accounts
      where member_id = any (array(select (x->>'memberId')::uuid from jsonb_array_elements(items) as x))
      order by member_id for update;
      -- 2. The plain items, set-based. Data-modifying CTEs all run, each exactly once.
      with req as materialized (
        select t.ord::int as ord, t.x as r, (t.x->>'programId')::uuid as program_id, (t.x->>'memberId')::uuid as member_id,
          t.x->>'key' as key, coalesce((t.x->>'id')::uuid, ledger_uuid7()) as tx,
          coalesce((t.x->>'now')::timestamptz, now()) as now
        from jsonb_array_elements(items) with ordinality as t(x, ord)
      ), plain as materialized (
        select req.*, ma.available as a0, ma.pending as p0, ma.held as h0, ma.available_account, ma.pending_account,
          pa.issued_account
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
        select p.*, s.av, s.pe,
          p.a0 + sum(s.av) over w as available, p.p0 + sum(s.pe) over w as pending
        from plain p
        join (select ord, coalesce(sum(amount) filter (where not pending), 0) as av,
            coalesce(sum(amount) filter (where pending), 0) as pe
          from lot_rows group by ord) s on s.ord = p.ord
        window w as (partition by p.member_id order by p.ord)
      ), entries as (
        insert into ledger_entries (transaction_id, account_id, lot_id, amount)
        select l.transaction_id, case when l.pending then s.pending_account else s.available_account end, l.id, l.amount
        from lots l join sums s on s.tx = l.transaction_id
        union all
        select tx, issued_account, null, -(av + pe) from sums
      ), totals as (
        update member_accounts m set available = m.available + t.av, pending = m.pending + t.pe
        from (select member_id, sum(av) as av, sum(pe) as pe from sums group by member_id) t
        where m.member_id = t.member_id
      ), res as materialized (
        select s.ord, s.tx, s.program_id, s.member_id, s.r, s.now, s.av + s.pe as points,
          jsonb_build_object('transactionId', s.tx, 'kind', 'earn', 'memberId', s.member_id,
            'points', s.av + s.pe, 'pendingPoints', s.pe,
            'balance', jsonb_build_object('available', s.available, 'pending', s.pending, 'held', s.h0),
            'replayed', false) as result
        from sums s
      ), txs as (
        insert into ledger_transactions (id, program_id, idempotency_key, request_hash, kind, member_id, channel,
          store_id, terminal_id, order_id, rule_version, rules, reason, points, occurred_at, result)
        select tx, program_id, r->>'key', r->>'hash', 'earn', member_id, r->>'channel', r->>'storeId', r->>'terminalId',
          r->>'orderId', (r->>'ruleVersion')::int, r->'rules', r->>'reason', points,
          coalesce((r->>'occurredAt')::timestamptz, now), result
        from res order by ord
      ), events as (
        insert into outbox (program_id, type, payload) select program_id, 'earned', result from res order by ord
      )
      select jsonb_agg(case when res.result is null then null else jsonb_build_object('ok', true, 'receipt', res.result) end
          order by req.ord),
        array_agg(req.ord order by req.ord) filter (where res.result is null)
      into v_results, v_rest
      from req left join res on res.ord = req.ord;
      -- 3. The rest, one by one, in request order.
      if v_rest is not null then
        foreach v_ord in array v_rest loop
          v := ledger_earn_item(items->(v_ord - 1));
          v_results := jsonb_set(v_results, array[(v_ord - 1)::text], case when v ? 'error'
            then jsonb_build_object('ok', false) || (v->'error') else jsonb_build_object('ok', true, 'receipt', v) end);
        end loop;
      end if;
      return v_results;
    end $$`,
  ];
  for (const statement of statements) await sql.raw(statement).execute(db);
}
