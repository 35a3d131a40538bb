import { sql, type Kysely } from 'kysely';

/**
 * Earn, faster: a set-based batch and a leaner single earn (replaces the functions of 20261122T210100).
 *
 * `ledger_earn_batch` posts the common items of a batch with a handful of set-based statements instead
 * of one function call (and half a dozen statements) per item:
 * 1. the plain items' lots and entries, before any lock (account ids never change): concurrent batches
 *    that share members queue on those members' locks, so the locks are taken as late as possible;
 * 2. lock every member the batch names, in member id order (one global order, so batches never deadlock);
 * 3. if a plain item's member was merged or fell into debt in between (rare), fail with 40001: the TS
 *    wrapper retries the call, which then sees the change;
 * 4. one statement updates each member's running totals once (UPDATE … FROM), computes each receipt's
 *    balance as the member's balance after that item (a member's items in request order), and inserts
 *    the transactions and outbox rows;
 * 5. every other item goes through `ledger_earn_item` one by one: an unknown member (NOT_FOUND), a key
 *    already in the ledger (replay or CONFLICT), the second use of a key within the batch (it then sees
 *    the first one's transaction: replay or CONFLICT), a merged member (follows the merge) and a member
 *    with a debt lot (the earn pays the debt first).
 * A key posted concurrently by another call makes the transaction insert fail on the unique index; the
 * wrapper retries and the key then replays.
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
          update member_accounts m set available = m.available + t.av, pending = m.pending + t.pe
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
  ];
  for (const statement of statements) await sql.raw(statement).execute(db);
}
