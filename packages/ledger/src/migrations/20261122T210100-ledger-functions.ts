import { sql, type Kysely, type Migration } from 'kysely';

/**
 * The posting functions: each posting is ONE call (`select ledger_x($1::jsonb)`), so one round trip.
 *
 * Every posting: locks the member's `member_accounts` row first (following merges), then checks the
 * idempotency key (after the lock, so two retries of one request serialise and the second sees the
 * first), then writes lots, entries, the transaction (its `result` is the receipt a replay returns)
 * and an outbox row, and updates the running totals. READ COMMITTED is enough: every change to a
 * member's lots, holds or totals happens under that member's row lock; batch jobs lock members in id
 * order with SKIP LOCKED, so nothing waits in a cycle.
 *
 * Sign convention: member accounts (available, pending, held) are positive when the member owns
 * points; program accounts (issued, redeemed, expired, adjusted, reversed) are their mirror, so each
 * transaction's entries sum to zero.
 *
 * Debt (allow-negative reversals): the shortfall becomes a debt lot with a negative `remaining`, so
 * `available` always equals the sum of the member's non-pending lots. Whenever points become available
 * (earn, release, pending→available, positive adjust, returned redeem, merge) they pay debt lots first,
 * with entries inside the available account carrying both lot ids. So positive available lots and debt
 * never coexist, and spending (which takes only positive lots) is safe once `available >= points`.
 *
 * Errors are raised with SQLSTATE OL4xx and the LedgerError code in DETAIL; the TS wrapper maps them.
 */
export const migration: Migration = {
  async up(db: Kysely<any>) {
    const statements = [
      // uuid v7 for transactions the database itself creates (jobs); postings pass ids made in TS.
      `create function ledger_uuid7() returns uuid language sql volatile as $$
        select encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid()) placing
          substring(int8send(floor(extract(epoch from clock_timestamp()) * 1000)::bigint) from 3) from 1 for 6),
          52, 1), 53, 1), 'hex')::uuid
      $$`,
      `create function ledger_fail(p_code text, p_message text) returns void language plpgsql as $$
      begin
        raise exception using message = p_message, detail = p_code, errcode = case p_code
          when 'CONFLICT' then 'OL409' when 'INSUFFICIENT_POINTS' then 'OL402' when 'NOT_FOUND' then 'OL404'
          when 'HOLD_NOT_ACTIVE' then 'OL423' else 'OL400' end;
      end $$`,
      `create function ledger_balance(ma member_accounts) returns jsonb language sql immutable as $$
        select jsonb_build_object('available', ma.available, 'pending', ma.pending, 'held', ma.held)
      $$`,
      `create function ledger_program_account(p_program uuid, p_kind text) returns bigint language sql stable as $$
        select case p_kind when 'issued' then issued_account when 'redeemed' then redeemed_account
          when 'expired' then expired_account when 'adjusted' then adjusted_account else reversed_account end
        from program_accounts where program_id = p_program
      $$`,
      // Locks the member's row, following merges to the surviving member. The lock on a merged row is
      // harmless: merged rows never change again.
      `create function ledger_lock_member(p_program uuid, p_member uuid, p_required boolean default true)
      returns member_accounts language plpgsql as $$
      declare
        ma member_accounts;
        v_member uuid := p_member;
      begin
        for i in 1..16 loop
          select * into ma from member_accounts where member_id = v_member and program_id = p_program for update;
          if not found then
            if p_required then perform ledger_fail('NOT_FOUND', format('member %s not found in this program', p_member)); end if;
            return null;
          end if;
          if ma.merged_into is null then return ma; end if;
          v_member := ma.merged_into;
        end loop;
        perform ledger_fail('INVALID_REQUEST', format('member %s: merge chain too long', p_member));
      end $$`,
      // The first result for this key (replayed), an error object if the key was used for another request, or null.
      `create function ledger_replay(p_program uuid, p_key text, p_hash text) returns jsonb language plpgsql as $$
      declare
        v_hash text;
        v_result jsonb;
      begin
        select request_hash, result into v_hash, v_result
        from ledger_transactions where program_id = p_program and idempotency_key = p_key;
        if not found then return null; end if;
        if v_hash <> p_hash then
          return jsonb_build_object('error', jsonb_build_object('code', 'CONFLICT', 'message',
            format('idempotency key "%s" was already used for a different request', p_key)));
        end if;
        return v_result || '{"replayed": true}';
      end $$`,
      `create function ledger_check_replay(req jsonb) returns jsonb language plpgsql as $$
      declare
        v jsonb := ledger_replay((req->>'programId')::uuid, req->>'key', req->>'hash');
      begin
        if v ? 'error' then perform ledger_fail(v->'error'->>'code', v->'error'->>'message'); end if;
        return v;
      end $$`,
      `create function ledger_require_available(ma member_accounts, p_points bigint) returns void language plpgsql as $$
      begin
        if ma.available < p_points then
          perform ledger_fail('INSUFFICIENT_POINTS',
            format('member %s has %s points available, %s needed', ma.member_id, ma.available, p_points));
        end if;
      end $$`,
      // points: the signed change of the member's total balance (available + pending + held), for history.
      // Helpers are PL/pgSQL, not SQL: a SQL function that cannot be inlined is planned on every call,
      // PL/pgSQL caches its plans per session (measured: a large share of an earn's server time).
      `create function ledger_insert_tx(p_id uuid, p_kind text, p_member uuid, p_points bigint, req jsonb,
        p_now timestamptz, p_result jsonb, p_reverses uuid default null) returns void language plpgsql as $$
      begin
        insert into ledger_transactions (id, program_id, idempotency_key, request_hash, kind, member_id, channel,
          store_id, terminal_id, order_id, rule_version, rules, reason, actor, reverses, points, occurred_at, result)
        values (p_id, (req->>'programId')::uuid, req->>'key', req->>'hash', p_kind, p_member, req->>'channel',
          req->>'storeId', req->>'terminalId', req->>'orderId', (req->>'ruleVersion')::int, req->'rules',
          req->>'reason', req->>'actor', p_reverses, p_points, coalesce((req->>'occurredAt')::timestamptz, p_now), p_result);
      end $$`,
      // Takes up to p_points from the member's positive lots (available or pending) in spending order:
      // first to expire first, never-expiring last, then oldest. The caller holds the member's lock.
      `create function ledger_take_lots(p_member uuid, p_points bigint, p_pending boolean)
      returns table (lot_id bigint, taken bigint, lot_expires_at timestamptz) language plpgsql as $$
      begin
        return query with open_lots as (
          select l.id, l.remaining, l.expires_at,
            sum(l.remaining) over (order by l.expires_at nulls last, l.id) - l.remaining as before
          from point_lots l
          where l.member_id = p_member and l.remaining > 0 and l.pending = p_pending
        ), take as (
          select id, expires_at, least(remaining, p_points - before) as pts from open_lots where before < p_points
        ), spend as (
          update point_lots l set remaining = l.remaining - take.pts from take where l.id = take.id
        )
        select take.id, take.pts::bigint, take.expires_at from take order by take.expires_at nulls last, take.id;
      end $$`,
      // Takes lots and writes the member side (and, when given, a per-lot counter entry); returns points taken.
      `create function ledger_spend(ma member_accounts, p_tx uuid, p_points bigint, p_pending boolean, p_counter bigint)
      returns bigint language plpgsql as $$
      declare
        v bigint;
      begin
        if p_points <= 0 then return 0; end if;
        with t as (select * from ledger_take_lots(ma.member_id, p_points, p_pending)),
        e as (
          insert into ledger_entries (transaction_id, account_id, lot_id, amount)
          select p_tx, case when p_pending then ma.pending_account else ma.available_account end, lot_id, -taken from t
          union all
          select p_tx, p_counter, lot_id, taken from t where p_counter is not null
        )
        select coalesce(sum(taken), 0) into v from t;
        return v;
      end $$`,
      // Pays debt lots from positive available lots; the total available does not change.
      `create function ledger_settle_debt(p_member uuid, p_account bigint, p_tx uuid) returns void language plpgsql as $$
      declare
        v_debt bigint;
        v_paid bigint;
        v_pay bigint;
        d record;
      begin
        select coalesce(-sum(remaining), 0) into v_debt from point_lots where member_id = p_member and remaining < 0;
        if v_debt = 0 then return; end if;
        with t as (select * from ledger_take_lots(p_member, v_debt, false)),
        e as (insert into ledger_entries (transaction_id, account_id, lot_id, amount) select p_tx, p_account, lot_id, -taken from t)
        select coalesce(sum(taken), 0) into v_paid from t;
        for d in select id, -remaining as owed from point_lots where member_id = p_member and remaining < 0 order by id loop
          exit when v_paid = 0;
          v_pay := least(d.owed, v_paid);
          update point_lots set remaining = remaining + v_pay where id = d.id;
          insert into ledger_entries (transaction_id, account_id, lot_id, amount) values (p_tx, p_account, d.id, v_pay);
          v_paid := v_paid - v_pay;
        end loop;
      end $$`,
      // Moves the member's due pending lots to available (entries in p_tx). Spending postings call it first
      // so a member never waits for the job to spend points whose pending period is over.
      `create function ledger_promote_due(ma member_accounts, p_tx uuid, p_now timestamptz) returns member_accounts
      language plpgsql as $$
      declare
        v bigint;
      begin
        with due as (
          update point_lots set pending = false
          where member_id = ma.member_id and remaining <> 0 and pending and available_at <= p_now
          returning id, remaining
        ), e as (
          insert into ledger_entries (transaction_id, account_id, lot_id, amount)
          select p_tx, ma.pending_account, id, -remaining from due
          union all
          select p_tx, ma.available_account, id, remaining from due
        )
        select coalesce(sum(remaining), 0) into v from due;
        if v = 0 then return ma; end if;
        update member_accounts set pending = pending - v, available = available + v
        where member_id = ma.member_id returning * into ma;
        if ma.available - v < 0 then perform ledger_settle_debt(ma.member_id, ma.available_account, p_tx); end if;
        return ma;
      end $$`,
      // Earn without raising for expected failures (unknown member, key conflict), so a batch needs no
      // subtransaction per item: subtransactions past 64 per transaction overflow Postgres' cache.
      `create function ledger_earn_item(req jsonb) returns jsonb language plpgsql as $$
      declare
        v_program uuid := (req->>'programId')::uuid;
        v_now timestamptz := coalesce((req->>'now')::timestamptz, now());
        v_tx uuid := coalesce((req->>'id')::uuid, ledger_uuid7());
        ma member_accounts;
        v_issued bigint;
        v_available bigint;
        v_pending bigint;
        v_result jsonb;
      begin
        -- The hot path, inlined (each PL/pgSQL call costs): lock the member; merged members take the long way.
        select * into ma from member_accounts where member_id = (req->>'memberId')::uuid and program_id = v_program for update;
        if ma.merged_into is not null then
          ma := ledger_lock_member(v_program, ma.merged_into, false);
        end if;
        if ma.member_id is null then
          return jsonb_build_object('error', jsonb_build_object('code', 'NOT_FOUND',
            'message', format('member %s not found in this program', req->>'memberId')));
        end if;
        if exists (select 1 from ledger_transactions where program_id = v_program and idempotency_key = req->>'key') then
          return ledger_replay(v_program, req->>'key', req->>'hash');
        end if;
        v_issued := ledger_program_account(v_program, 'issued');
        with lots as (
          insert into point_lots (program_id, member_id, transaction_id, amount, remaining, pending, available_at, expires_at)
          select v_program, ma.member_id, v_tx, (x->>'points')::bigint, (x->>'points')::bigint,
            coalesce((x->>'availableAt')::timestamptz, v_now) > v_now,
            coalesce((x->>'availableAt')::timestamptz, v_now), (x->>'expiresAt')::timestamptz
          from jsonb_array_elements(req->'lots') as x
          returning id, amount, pending
        ), e as (
          insert into ledger_entries (transaction_id, account_id, lot_id, amount)
          select v_tx, case when pending then ma.pending_account else ma.available_account end, id, amount from lots
          union all
          select v_tx, v_issued, null, -sum(amount) from lots
        )
        select coalesce(sum(amount) filter (where not pending), 0), coalesce(sum(amount) filter (where pending), 0)
        into v_available, v_pending from lots;
        update member_accounts set available = available + v_available, pending = pending + v_pending
        where member_id = ma.member_id returning * into ma;
        if v_available > 0 and ma.available - v_available < 0 then
          perform ledger_settle_debt(ma.member_id, ma.available_account, v_tx);
        end if;
        v_result := jsonb_build_object('transactionId', v_tx, 'kind', 'earn', 'memberId', ma.member_id,
          'points', v_available + v_pending, 'pendingPoints', v_pending, 'balance', ledger_balance(ma), 'replayed', false);
        perform ledger_insert_tx(v_tx, 'earn', ma.member_id, v_available + v_pending, req, v_now, v_result);
        insert into outbox (program_id, type, payload) values (v_program, 'earned', v_result);
        return v_result;
      end $$`,
      `create function ledger_earn(req jsonb) returns jsonb language plpgsql as $$
      declare
        v jsonb := ledger_earn_item(req);
      begin
        if v ? 'error' then perform ledger_fail(v->'error'->>'code', v->'error'->>'message'); end if;
        return v;
      end $$`,
      // Per-item results in request order. Items run in member id order so concurrent batches lock members
      // in one global order. p_safe wraps each item in a subtransaction: the TS wrapper uses it only to
      // retry a batch that failed as a whole on an unexpected error, so one bad item cannot fail the rest.
      `create function ledger_earn_batch(items jsonb, p_safe boolean default false) returns jsonb language plpgsql as $$
      declare
        v_results jsonb[] := array_fill(null::jsonb, array[jsonb_array_length(items)]);
        it record;
        v jsonb;
        v_state text;
        v_message text;
      begin
        for it in select x as req, ord from jsonb_array_elements(items) with ordinality as t(x, ord) order by x->>'memberId', ord loop
          if p_safe then
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
          else
            v := ledger_earn_item(it.req);
          end if;
          v_results[it.ord] := case when v ? 'error' then jsonb_build_object('ok', false) || (v->'error')
            else jsonb_build_object('ok', true, 'receipt', v) end;
        end loop;
        return to_jsonb(v_results);
      end $$`,
      `create function ledger_redeem(req jsonb) returns jsonb language plpgsql as $$
      declare
        v_program uuid := (req->>'programId')::uuid;
        v_now timestamptz := coalesce((req->>'now')::timestamptz, now());
        v_tx uuid := coalesce((req->>'id')::uuid, ledger_uuid7());
        v_points bigint := (req->>'points')::bigint;
        ma member_accounts;
        v_result jsonb;
      begin
        ma := ledger_lock_member(v_program, (req->>'memberId')::uuid);
        v_result := ledger_check_replay(req);
        if v_result is not null then return v_result; end if;
        ma := ledger_promote_due(ma, v_tx, v_now);
        perform ledger_require_available(ma, v_points);
        -- Redeemed entries carry the lot ids, so a reversal can give the points back with their expiries.
        perform ledger_spend(ma, v_tx, v_points, false, ledger_program_account(v_program, 'redeemed'));
        update member_accounts set available = available - v_points where member_id = ma.member_id returning * into ma;
        v_result := jsonb_build_object('transactionId', v_tx, 'kind', 'redeem', 'memberId', ma.member_id,
          'points', v_points, 'rewardId', req->>'rewardId', 'balance', ledger_balance(ma), 'replayed', false);
        perform ledger_insert_tx(v_tx, 'redeem', ma.member_id, -v_points, req, v_now, v_result);
        insert into outbox (program_id, type, payload) values (v_program, 'redeemed', v_result);
        return v_result;
      end $$`,
      `create function ledger_hold(req jsonb) returns jsonb language plpgsql as $$
      declare
        v_program uuid := (req->>'programId')::uuid;
        v_now timestamptz := coalesce((req->>'now')::timestamptz, now());
        v_tx uuid := coalesce((req->>'id')::uuid, ledger_uuid7());
        v_hold uuid := (req->>'holdId')::uuid;
        v_points bigint := (req->>'points')::bigint;
        v_expires timestamptz := v_now + make_interval(secs => coalesce((req->>'ttlSeconds')::int, 900));
        ma member_accounts;
        v_result jsonb;
      begin
        ma := ledger_lock_member(v_program, (req->>'memberId')::uuid);
        v_result := ledger_check_replay(req);
        if v_result is not null then return v_result; end if;
        if exists (select 1 from holds where id = v_hold) then
          perform ledger_fail('CONFLICT', format('holdId: hold %s already exists', v_hold));
        end if;
        if req->>'code' is not null and exists (select 1 from holds where program_id = v_program and code = req->>'code') then
          perform ledger_fail('CONFLICT', format('code: reservation code %s is already in use', req->>'code'));
        end if;
        ma := ledger_promote_due(ma, v_tx, v_now);
        perform ledger_require_available(ma, v_points);
        insert into holds (id, program_id, member_id, transaction_id, points, expires_at, reward_id, code)
        values (v_hold, v_program, ma.member_id, v_tx, v_points, v_expires, req->>'rewardId', req->>'code');
        -- The hold borrows from lots: hold_lots remembers which, so release gives the points back to them.
        with t as (select * from ledger_take_lots(ma.member_id, v_points, false)),
        hl as (insert into hold_lots (hold_id, lot_id, points) select v_hold, lot_id, taken from t)
        insert into ledger_entries (transaction_id, account_id, lot_id, amount)
        select v_tx, ma.available_account, lot_id, -taken from t
        union all
        select v_tx, ma.held_account, lot_id, taken from t;
        update member_accounts set available = available - v_points, held = held + v_points
        where member_id = ma.member_id returning * into ma;
        v_result := jsonb_build_object('transactionId', v_tx, 'kind', 'hold', 'memberId', ma.member_id,
          'points', v_points, 'holdId', v_hold, 'code', req->>'code', 'rewardId', req->>'rewardId',
          'expiresAt', v_expires, 'balance', ledger_balance(ma), 'replayed', false);
        perform ledger_insert_tx(v_tx, 'hold', ma.member_id, 0, req, v_now, v_result);
        return v_result;
      end $$`,
      // Ends a hold: the first p_capture points (in spending order of its lots) are redeemed, the rest go
      // back to the lots they came from.
      `create function ledger_settle_hold(ma member_accounts, p_hold holds, p_tx uuid, p_capture bigint, p_status text)
      returns member_accounts language plpgsql as $$
      declare
        v_redeemed bigint := ledger_program_account(p_hold.program_id, 'redeemed');
        v_returned bigint := p_hold.points - p_capture;
      begin
        with parts as (
          select hl.lot_id, hl.points,
            sum(hl.points) over (order by l.expires_at nulls last, l.id) - hl.points as before
          from hold_lots hl join point_lots l on l.id = hl.lot_id
          where hl.hold_id = p_hold.id
        ), split as (
          select lot_id, points, least(points, greatest(p_capture - before, 0)) as captured from parts
        ), back as (
          update point_lots l set remaining = l.remaining + (s.points - s.captured)
          from split s where l.id = s.lot_id and s.points > s.captured
        )
        insert into ledger_entries (transaction_id, account_id, lot_id, amount)
        select p_tx, ma.held_account, lot_id, -points from split
        union all
        select p_tx, v_redeemed, lot_id, captured from split where captured > 0
        union all
        select p_tx, ma.available_account, lot_id, points - captured from split where points > captured;
        update holds set status = p_status, captured = p_capture where id = p_hold.id;
        update member_accounts set held = held - p_hold.points, available = available + v_returned
        where member_id = ma.member_id returning * into ma;
        if v_returned > 0 and ma.available - v_returned < 0 then
          perform ledger_settle_debt(ma.member_id, ma.available_account, p_tx);
        end if;
        return ma;
      end $$`,
      // capture (req.op = 'capture', optional req.points for a partial capture) or release (req.op = 'release').
      `create function ledger_end_hold(req jsonb) returns jsonb language plpgsql as $$
      declare
        v_program uuid := (req->>'programId')::uuid;
        v_now timestamptz := coalesce((req->>'now')::timestamptz, now());
        v_tx uuid := coalesce((req->>'id')::uuid, ledger_uuid7());
        v_op text := req->>'op';
        h holds;
        ma member_accounts;
        v_capture bigint;
        v_result jsonb;
      begin
        if req ? 'holdId' then
          select * into h from holds where id = (req->>'holdId')::uuid and program_id = v_program;
        else
          select * into h from holds where program_id = v_program and code = req->>'code';
        end if;
        if h.id is null then
          perform ledger_fail('NOT_FOUND', format('hold %s not found in this program', coalesce(req->>'holdId', req->>'code')));
        end if;
        ma := ledger_lock_member(v_program, h.member_id);
        v_result := ledger_check_replay(req);
        if v_result is not null then return v_result; end if;
        -- Re-read under the member's lock: every change to a hold happens under its member's lock.
        select * into h from holds where id = h.id;
        if h.status <> 'active' then
          perform ledger_fail('HOLD_NOT_ACTIVE', format('hold %s is already %s', h.id, h.status));
        end if;
        if v_op = 'capture' and h.expires_at <= v_now then
          perform ledger_fail('HOLD_NOT_ACTIVE', format('hold %s expired at %s', h.id, h.expires_at));
        end if;
        v_capture := case when v_op = 'capture' then coalesce((req->>'points')::bigint, h.points) else 0 end;
        if v_capture > h.points then
          perform ledger_fail('INVALID_REQUEST', format('points: cannot capture %s points from a hold of %s', v_capture, h.points));
        end if;
        ma := ledger_settle_hold(ma, h, v_tx, v_capture, case when v_op = 'capture' then 'captured' else 'released' end);
        v_result := jsonb_build_object('transactionId', v_tx, 'kind', v_op, 'memberId', ma.member_id,
          'points', case when v_op = 'capture' then v_capture else h.points end, 'holdId', h.id, 'code', h.code,
          'rewardId', h.reward_id, 'captured', v_capture, 'returned', h.points - v_capture,
          'balance', ledger_balance(ma), 'replayed', false);
        perform ledger_insert_tx(v_tx, v_op, ma.member_id, -v_capture, req, v_now, v_result);
        if v_op = 'capture' then
          insert into outbox (program_id, type, payload) values (v_program, 'redeemed', v_result);
        end if;
        return v_result;
      end $$`,
      `create function ledger_reverse(req jsonb) returns jsonb language plpgsql as $$
      declare
        v_program uuid := (req->>'programId')::uuid;
        v_now timestamptz := coalesce((req->>'now')::timestamptz, now());
        v_tx uuid := coalesce((req->>'id')::uuid, ledger_uuid7());
        v_points bigint := (req->>'points')::bigint;
        v_policy text := req->>'policy';
        v_reversed bigint := ledger_program_account(v_program, 'reversed');
        o ledger_transactions;
        ma member_accounts;
        v_done bigint;
        v_left bigint;
        v_taken bigint;
        v_from_available bigint := 0;
        v_from_pending bigint := 0;
        v_debt bigint := 0;
        v_moved bigint;
        v_lot bigint;
        v_result jsonb;
      begin
        select * into o from ledger_transactions where id = (req->>'transactionId')::uuid and program_id = v_program;
        if not found then
          perform ledger_fail('NOT_FOUND', format('transactionId: transaction %s not found in this program', req->>'transactionId'));
        end if;
        if o.kind not in ('earn', 'redeem', 'capture') then
          perform ledger_fail('INVALID_REQUEST', format('transactionId: a %s transaction cannot be reversed; only earn, redeem and capture can', o.kind));
        end if;
        ma := ledger_lock_member(v_program, o.member_id);
        v_result := ledger_check_replay(req);
        if v_result is not null then return v_result; end if;
        -- What was asked before counts, shortfalls included: a refund is never reversed twice.
        select coalesce(sum((result->>'requested')::bigint), 0) into v_done from ledger_transactions where reverses = o.id;
        if v_points > abs(o.points) - v_done then
          perform ledger_fail('INVALID_REQUEST', format('points: %s points of transaction %s are left to reverse (of %s, %s already reversed); %s asked',
            abs(o.points) - v_done, o.id, abs(o.points), v_done, v_points));
        end if;
        ma := ledger_promote_due(ma, v_tx, v_now);
        if o.kind = 'earn' then
          -- 1. whatever remains of the earn's own lots, pending first
          with own as (
            select l.id, l.remaining, l.pending,
              sum(l.remaining) over (order by l.pending desc, l.expires_at nulls last, l.id) - l.remaining as before
            from point_lots l
            where l.id in (select lot_id from ledger_entries where transaction_id = o.id and lot_id is not null) and l.remaining > 0
          ), take as (
            select id, pending, least(remaining, v_points - before) as pts from own where before < v_points
          ), spend as (
            update point_lots l set remaining = l.remaining - take.pts from take where l.id = take.id
          ), e as (
            insert into ledger_entries (transaction_id, account_id, lot_id, amount)
            select v_tx, case when pending then ma.pending_account else ma.available_account end, id, -pts from take
          )
          select coalesce(sum(pts) filter (where not pending), 0), coalesce(sum(pts) filter (where pending), 0)
          into v_from_available, v_from_pending from take;
          v_left := v_points - v_from_available - v_from_pending;
          -- 2. points already spent: from other lots, per policy
          if v_left > 0 and v_policy = 'claw-back-pending-first' then
            v_taken := ledger_spend(ma, v_tx, v_left, true, null);
            v_from_pending := v_from_pending + v_taken;
            v_left := v_left - v_taken;
          end if;
          if v_left > 0 then
            v_taken := ledger_spend(ma, v_tx, v_left, false, null);
            v_from_available := v_from_available + v_taken;
            v_left := v_left - v_taken;
          end if;
          -- 3. allow-negative: the rest becomes a debt lot that later points pay first
          if v_left > 0 and v_policy = 'allow-negative' then
            insert into point_lots (program_id, member_id, transaction_id, amount, remaining, pending, available_at, expires_at)
            values (v_program, ma.member_id, v_tx, -v_left, -v_left, false, v_now, null) returning id into v_lot;
            insert into ledger_entries (transaction_id, account_id, lot_id, amount) values (v_tx, ma.available_account, v_lot, -v_left);
            v_debt := v_left;
            v_from_available := v_from_available + v_left;
            v_left := 0;
          end if;
          v_moved := v_points - v_left;
          if v_moved > 0 then
            insert into ledger_entries (transaction_id, account_id, lot_id, amount) values (v_tx, v_reversed, null, v_moved);
          end if;
          update member_accounts set available = available - v_from_available, pending = pending - v_from_pending
          where member_id = ma.member_id returning * into ma;
        else
          -- A returned redeem gives the points back as new lots keeping the expiries of the lots it spent
          -- (so a refund cannot extend points' life), walking them in the order they were spent.
          with spent as (
            select e.lot_id, e.amount, l.expires_at, sum(e.amount) over (order by e.id) - e.amount as before
            from ledger_entries e join point_lots l on l.id = e.lot_id
            where e.transaction_id = o.id and e.account_id = ledger_program_account(v_program, 'redeemed')
          ), back as (
            select expires_at, least(before + amount, v_done + v_points) - greatest(before, v_done) as pts
            from spent where before + amount > v_done and before < v_done + v_points
          ), lots as (
            insert into point_lots (program_id, member_id, transaction_id, amount, remaining, pending, available_at, expires_at)
            select v_program, ma.member_id, v_tx, pts, pts, false, v_now, expires_at from back
            returning id, amount
          )
          insert into ledger_entries (transaction_id, account_id, lot_id, amount)
          select v_tx, ma.available_account, id, amount from lots
          union all
          select v_tx, v_reversed, null, -v_points;
          v_moved := v_points;
          update member_accounts set available = available + v_points where member_id = ma.member_id returning * into ma;
          if ma.available - v_points < 0 then perform ledger_settle_debt(ma.member_id, ma.available_account, v_tx); end if;
        end if;
        v_result := jsonb_build_object('transactionId', v_tx, 'kind', 'reverse', 'memberId', ma.member_id,
          'points', v_moved, 'requested', v_points, 'shortfall', v_points - v_moved, 'debt', v_debt,
          'reverses', o.id, 'reversedKind', o.kind, 'balance', ledger_balance(ma), 'replayed', false);
        perform ledger_insert_tx(v_tx, 'reverse', ma.member_id, case when o.kind = 'earn' then -v_moved else v_moved end,
          req, v_now, v_result, o.id);
        insert into outbox (program_id, type, payload) values (v_program, 'reversed', v_result);
        return v_result;
      end $$`,
      `create function ledger_adjust(req jsonb) returns jsonb language plpgsql as $$
      declare
        v_program uuid := (req->>'programId')::uuid;
        v_now timestamptz := coalesce((req->>'now')::timestamptz, now());
        v_tx uuid := coalesce((req->>'id')::uuid, ledger_uuid7());
        v_points bigint := (req->>'points')::bigint;
        v_adjusted bigint := ledger_program_account(v_program, 'adjusted');
        ma member_accounts;
        v_lot bigint;
        v_result jsonb;
      begin
        ma := ledger_lock_member(v_program, (req->>'memberId')::uuid);
        v_result := ledger_check_replay(req);
        if v_result is not null then return v_result; end if;
        if v_points > 0 then
          insert into point_lots (program_id, member_id, transaction_id, amount, remaining, pending, available_at, expires_at)
          values (v_program, ma.member_id, v_tx, v_points, v_points, false, v_now, (req->>'expiresAt')::timestamptz)
          returning id into v_lot;
          insert into ledger_entries (transaction_id, account_id, lot_id, amount)
          values (v_tx, ma.available_account, v_lot, v_points), (v_tx, v_adjusted, null, -v_points);
          update member_accounts set available = available + v_points where member_id = ma.member_id returning * into ma;
          if ma.available - v_points < 0 then perform ledger_settle_debt(ma.member_id, ma.available_account, v_tx); end if;
        else
          ma := ledger_promote_due(ma, v_tx, v_now);
          perform ledger_require_available(ma, -v_points);
          perform ledger_spend(ma, v_tx, -v_points, false, null);
          insert into ledger_entries (transaction_id, account_id, lot_id, amount) values (v_tx, v_adjusted, null, -v_points);
          update member_accounts set available = available + v_points where member_id = ma.member_id returning * into ma;
        end if;
        v_result := jsonb_build_object('transactionId', v_tx, 'kind', 'adjust', 'memberId', ma.member_id,
          'points', v_points, 'reason', req->>'reason', 'actor', req->>'actor', 'balance', ledger_balance(ma), 'replayed', false);
        perform ledger_insert_tx(v_tx, 'adjust', ma.member_id, v_points, req, v_now, v_result);
        insert into outbox (program_id, type, payload) values (v_program, 'adjusted', v_result);
        return v_result;
      end $$`,
      `create function ledger_merge(req jsonb) returns jsonb language plpgsql as $$
      declare
        v_program uuid := (req->>'programId')::uuid;
        v_now timestamptz := coalesce((req->>'now')::timestamptz, now());
        v_tx uuid := coalesce((req->>'id')::uuid, ledger_uuid7());
        v_from uuid := (req->>'fromMemberId')::uuid;
        v_into uuid := (req->>'intoMemberId')::uuid;
        f member_accounts;
        t member_accounts;
        v_result jsonb;
      begin
        if v_from = v_into then
          perform ledger_fail('INVALID_REQUEST', 'intoMemberId: a member cannot be merged into itself');
        end if;
        -- Both rows, in id order, so two merges (or a merge and a posting) never wait on each other in a cycle.
        perform 1 from member_accounts where member_id in (v_from, v_into) and program_id = v_program
          order by member_id for update;
        v_result := ledger_check_replay(req);
        if v_result is not null then return v_result; end if;
        select * into f from member_accounts where member_id = v_from and program_id = v_program;
        if not found then perform ledger_fail('NOT_FOUND', format('fromMemberId: member %s not found in this program', v_from)); end if;
        select * into t from member_accounts where member_id = v_into and program_id = v_program;
        if not found then perform ledger_fail('NOT_FOUND', format('intoMemberId: member %s not found in this program', v_into)); end if;
        if f.merged_into is not null then
          perform ledger_fail('INVALID_REQUEST', format('fromMemberId: member %s was already merged into %s', v_from, f.merged_into));
        end if;
        if t.merged_into is not null then
          perform ledger_fail('INVALID_REQUEST', format('intoMemberId: member %s was merged into %s; merge into that member instead', v_into, t.merged_into));
        end if;
        insert into ledger_entries (transaction_id, account_id, lot_id, amount)
        select v_tx, case when l.pending then f.pending_account else f.available_account end, l.id, -l.remaining
        from point_lots l where l.member_id = v_from and l.remaining <> 0
        union all
        select v_tx, case when l.pending then t.pending_account else t.available_account end, l.id, l.remaining
        from point_lots l where l.member_id = v_from and l.remaining <> 0
        union all
        select v_tx, f.held_account, hl.lot_id, -hl.points
        from holds h join hold_lots hl on hl.hold_id = h.id where h.member_id = v_from and h.status = 'active'
        union all
        select v_tx, t.held_account, hl.lot_id, hl.points
        from holds h join hold_lots hl on hl.hold_id = h.id where h.member_id = v_from and h.status = 'active';
        -- Lots lent to active holds move too, so a later release returns points to the surviving member.
        update point_lots set member_id = v_into where id in (
          select hl.lot_id from holds h join hold_lots hl on hl.hold_id = h.id where h.member_id = v_from and h.status = 'active');
        update point_lots set member_id = v_into where member_id = v_from and remaining <> 0;
        update holds set member_id = v_into where member_id = v_from and status = 'active';
        update identifiers set member_id = v_into where member_id = v_from;
        update members set status = 'merged', merged_into = v_into where id = v_from;
        update members set merged_into = v_into where merged_into = v_from;
        update member_accounts set merged_into = v_into where merged_into = v_from;
        update member_accounts set available = 0, pending = 0, held = 0, merged_into = v_into where member_id = v_from;
        update member_accounts set available = available + f.available, pending = pending + f.pending, held = held + f.held
        where member_id = v_into returning * into t;
        perform ledger_settle_debt(t.member_id, t.available_account, v_tx);
        v_result := jsonb_build_object('transactionId', v_tx, 'kind', 'merge', 'memberId', v_into, 'fromMemberId', v_from,
          'points', f.available + f.pending + f.held,
          'moved', jsonb_build_object('available', f.available, 'pending', f.pending, 'held', f.held),
          'balance', ledger_balance(t), 'replayed', false);
        perform ledger_insert_tx(v_tx, 'merge', v_into, f.available + f.pending + f.held, req, v_now, v_result);
        insert into outbox (program_id, type, payload) values (v_program, 'merged', v_result);
        return v_result;
      end $$`,
      // Expires a batch of due lots, set-based: one transaction per member. Owners are locked in id order
      // with SKIP LOCKED, so two workers (or a worker and busy postings) never wait; skipped lots wait for the next run.
      `create function ledger_expire_due(p_now timestamptz, p_limit int, p_program uuid) returns jsonb language plpgsql as $$
      declare
        v_lots bigint[];
        v_members uuid[];
        v_result jsonb;
      begin
        select array_agg(id) into v_lots from (
          select id from point_lots
          where remaining > 0 and expires_at <= p_now and (p_program is null or program_id = p_program)
          order by expires_at, id limit p_limit) due;
        select array_agg(member_id) into v_members from (
          select member_id from member_accounts
          where member_id in (select member_id from point_lots where id = any(v_lots))
          order by member_id for update skip locked) locked;
        with due as (
          select l.id, l.member_id, l.program_id, l.remaining, l.pending from point_lots l
          where l.id = any(v_lots) and l.member_id = any(v_members) and l.remaining > 0 and l.expires_at <= p_now
        ), spend as (
          update point_lots l set remaining = 0 from due where l.id = due.id
        ), per_member as (
          select member_id, program_id, ledger_uuid7() as tx, count(*) as lots,
            coalesce(sum(remaining) filter (where not pending), 0) as from_available,
            coalesce(sum(remaining) filter (where pending), 0) as from_pending
          from due group by member_id, program_id
        ), e as (
          insert into ledger_entries (transaction_id, account_id, lot_id, amount)
          select m.tx, case when d.pending then a.pending_account else a.available_account end, d.id, -d.remaining
          from due d join per_member m on m.member_id = d.member_id join member_accounts a on a.member_id = d.member_id
          union all
          select m.tx, p.expired_account, null, m.from_available + m.from_pending
          from per_member m join program_accounts p on p.program_id = m.program_id
        ), totals as (
          update member_accounts a set available = a.available - m.from_available, pending = a.pending - m.from_pending
          from per_member m where a.member_id = m.member_id
          returning a.member_id, a.available, a.pending, a.held
        ), receipts as (
          select m.*, jsonb_build_object('transactionId', m.tx, 'kind', 'expire', 'memberId', m.member_id,
            'points', m.from_available + m.from_pending, 'lots', m.lots,
            'balance', jsonb_build_object('available', t.available, 'pending', t.pending, 'held', t.held),
            'replayed', false) as result
          from per_member m join totals t on t.member_id = m.member_id
        ), txs as (
          insert into ledger_transactions (id, program_id, idempotency_key, request_hash, kind, member_id, channel, points, occurred_at, result)
          select tx, program_id, 'expire:' || tx, 'system', 'expire', member_id, 'system', -(from_available + from_pending), p_now, result
          from receipts
        ), events as (
          insert into outbox (program_id, type, payload) select program_id, 'expired', result from receipts
        )
        select jsonb_build_object('transactions', count(*), 'lots', coalesce(sum(lots), 0),
          'points', coalesce(sum(from_available + from_pending), 0)) into v_result from receipts;
        return v_result;
      end $$`,
      `create function ledger_release_expired_holds(p_now timestamptz, p_limit int) returns jsonb language plpgsql as $$
      declare
        v_holds uuid[];
        locked member_accounts;
        ma member_accounts;
        h holds;
        v_tx uuid;
        v_result jsonb;
        v_count int := 0;
        v_points bigint := 0;
      begin
        select array_agg(id) into v_holds from (
          select id from holds where status = 'active' and expires_at <= p_now order by expires_at, id limit p_limit) due;
        for locked in select * from member_accounts
          where member_id in (select member_id from holds where id = any(v_holds))
          order by member_id for update skip locked
        loop
          ma := locked;
          for h in select * from holds where id = any(v_holds) and member_id = ma.member_id
            and status = 'active' and expires_at <= p_now order by expires_at, id
          loop
            v_tx := ledger_uuid7();
            ma := ledger_settle_hold(ma, h, v_tx, 0, 'expired');
            v_result := jsonb_build_object('transactionId', v_tx, 'kind', 'release', 'memberId', ma.member_id,
              'points', h.points, 'holdId', h.id, 'code', h.code, 'rewardId', h.reward_id, 'captured', 0,
              'returned', h.points, 'expired', true, 'balance', ledger_balance(ma), 'replayed', false);
            perform ledger_insert_tx(v_tx, 'release', ma.member_id, 0, jsonb_build_object('programId', h.program_id,
              'key', 'hold-expired:' || h.id, 'hash', 'system', 'channel', 'system'), p_now, v_result);
            v_count := v_count + 1;
            v_points := v_points + h.points;
          end loop;
        end loop;
        return jsonb_build_object('holds', v_count, 'points', v_points);
      end $$`,
      `create function ledger_release_pending(p_now timestamptz, p_limit int, p_program uuid) returns jsonb language plpgsql as $$
      declare
        locked member_accounts;
        ma member_accounts;
        v_tx uuid;
        v_moved bigint;
        v_count int := 0;
        v_points bigint := 0;
      begin
        for locked in select * from member_accounts
          where member_id in (select member_id from point_lots where pending and available_at <= p_now
            and (p_program is null or program_id = p_program) order by available_at limit p_limit)
          order by member_id for update skip locked
        loop
          v_tx := ledger_uuid7();
          ma := ledger_promote_due(locked, v_tx, p_now);
          -- lots emptied while pending (clawed back) just leave the pending set
          update point_lots set pending = false where member_id = ma.member_id and pending and remaining = 0 and available_at <= p_now;
          v_moved := locked.pending - ma.pending;
          if v_moved > 0 then
            perform ledger_insert_tx(v_tx, 'available', ma.member_id, 0,
              jsonb_build_object('programId', ma.program_id, 'key', 'available:' || v_tx, 'hash', 'system', 'channel', 'system'),
              p_now, jsonb_build_object('transactionId', v_tx, 'kind', 'available', 'memberId', ma.member_id,
                'points', v_moved, 'balance', ledger_balance(ma), 'replayed', false));
            v_count := v_count + 1;
            v_points := v_points + v_moved;
          end if;
        end loop;
        return jsonb_build_object('transactions', v_count, 'points', v_points);
      end $$`,
    ];
    for (const statement of statements) await sql.raw(statement).execute(db);
  },
};
