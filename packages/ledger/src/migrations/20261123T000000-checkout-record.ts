import { sql, type Kysely } from 'kysely';

/**
 * A sale's writes in one round trip, and many sales' in one call.
 *
 * `member_tier_after_earn` moves a member up at once when their qualifying points (earns less reversed
 * earns in the tier window, merged members included) reach a higher tier; downgrades wait for the tier
 * job. The rules come from the program document (window start and thresholds, passed in), the counting
 * and the update happen here, under the member's lock the earn took, so concurrent earns never miss an
 * upgrade. It is the one implementation: `updateTierAfterEarn` in the API calls it too.
 *
 * `checkout_record_batch` records what sales without redemptions write after the API evaluated the
 * rules — the earn, the tier, and the order row with its receipt (the balance filled in here) — for many
 * sales in one call: the API's group commit sends the sales of concurrent requests through it in one
 * round trip. A sale whose earn the ledger refuses comes back as `{error}` and writes nothing. Their earns go through the ledger's set-based
 * `ledger_earn_batch` (each earn succeeds or fails on its own; a sale whose earn fails writes nothing),
 * then each sale's tier and receipt, then every order in one insert. If the call fails as a whole (an
 * order id recorded concurrently), the caller runs it again with `p_safe`: `checkout_record_batch_safe`
 * posts each sale as a batch of one in its own subtransaction, where only that sale reports the error.
 *
 * The orders → programs foreign key goes: every sale took a KEY SHARE lock on its program's one row,
 * and concurrent sales queue on MultiXact creation there (the ledger tables avoid it for the same
 * reason). Programs are never deleted; orders still reference their member and till.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    `alter table orders drop constraint if exists orders_program_id_fkey`,
    // Qualifying points: points earned in (since, until] — earns less reversed earns, never the balance —
    // merged members included. The one definition: the tier upgrade, the tier status and the portal's
    // account read all call it. `= any(array(...))` so the (member_id, id) index serves it.
    `create or replace function member_qualifying_points(p_member uuid, p_since timestamptz, p_until timestamptz)
    returns bigint language plpgsql stable as $$
    begin
      return (select coalesce(sum(points), 0)::bigint from ledger_transactions
        where member_id = any(array(select p_member union all select id from members where merged_into = p_member))
          and (kind = 'earn' or (kind = 'reverse' and points < 0))
          and occurred_at > p_since and occurred_at <= p_until);
    end $$`,
    `create or replace function member_tier_after_earn(p_program uuid, p_member uuid, p_at text, p_window_start timestamptz, p_levels jsonb)
    returns void language plpgsql as $$
    declare
      v_points bigint;
      v_current text;
      v_current_rank int;
      v_rank int;
      v_tier text;
    begin
      select tier_id into v_current from members where id = p_member;
      -- a member without a tier, or with one this version no longer has, is in the first tier
      select coalesce(max(l.ord) - 1, 0) into v_current_rank
      from jsonb_array_elements(p_levels) with ordinality as l(level, ord) where l.level->>'id' = v_current;
      -- already in the top tier: nothing to count (a frequent member's window holds many earns)
      if v_current_rank >= jsonb_array_length(p_levels) - 1 then return; end if;
      v_points := greatest(member_qualifying_points(p_member, p_window_start, p_at::timestamptz), 0);
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
    // SQLSTATEs the ledger raises on purpose (ledger_fail), as the codes the API knows; anything else is INTERNAL.
    `create or replace function ledger_error_code(p_state text) returns text language sql immutable as $$
      select case p_state when 'OL409' then 'CONFLICT' when 'OL402' then 'INSUFFICIENT_POINTS' when 'OL404' then 'NOT_FOUND'
        when 'OL423' then 'HOLD_NOT_ACTIVE' when 'OL400' then 'INVALID_REQUEST' else 'INTERNAL' end
    $$`,
    `create or replace function checkout_record_batch_safe(items jsonb) returns jsonb language plpgsql as $$
    declare
      v_results jsonb[] := array_fill(null::jsonb, array[jsonb_array_length(items)]);
      it record;
      v jsonb;
      v_state text;
      v_message text;
    begin
      -- members in id order, as every ledger batch locks them: batches never deadlock on each other
      for it in select x as req, ord from jsonb_array_elements(items) with ordinality as t(x, ord)
        order by x->>'memberId', ord loop
        begin
          -- the set-based batch with this one sale; an {error} answer wrote nothing
          v := checkout_record_batch(jsonb_build_array(it.req))->0;
        exception
          when deadlock_detected or serialization_failure then raise;
          when unique_violation then
            v := jsonb_build_object('error', jsonb_build_object('code', 'DUPLICATE', 'message', 'this order was recorded concurrently'));
          when others then
            get stacked diagnostics v_state = returned_sqlstate, v_message = message_text;
            v := jsonb_build_object('error', jsonb_build_object('code', ledger_error_code(v_state), 'message', v_message, 'sqlState', v_state));
        end;
        v_results[it.ord] := v;
      end loop;
      return to_jsonb(v_results);
    end $$`,
    `create or replace function checkout_record_batch(items jsonb, p_safe boolean default false) returns jsonb language plpgsql as $$
    declare
      v_earns jsonb;
      v_answers jsonb;
      v_answer jsonb;
      v_next int := 0;
      v_results jsonb[] := array_fill(null::jsonb, array[jsonb_array_length(items)]);
      v_orders jsonb[] := '{}';
      v_balance jsonb;
      v_receipt jsonb;
      v_tx text;
      it record;
    begin
      if p_safe then return checkout_record_batch_safe(items); end if;
      -- 1. every earn of the batch in one set-based ledger_earn_batch (each item succeeds or fails on its own)
      select jsonb_agg(x->'earn' order by ord) into v_earns from jsonb_array_elements(items) with ordinality as t(x, ord) where x ? 'earn';
      if v_earns is not null then v_answers := ledger_earn_batch(v_earns, false); end if;
      -- 2. per sale: its earn's answer, the tier, the receipt with the balance after this sale
      for it in select x as req, ord::int as ord from jsonb_array_elements(items) with ordinality as t(x, ord) order by ord loop
        v_tx := null;
        if it.req ? 'earn' then
          v_answer := v_answers->v_next;
          v_next := v_next + 1;
          if not (v_answer->>'ok')::boolean then
            v_results[it.ord] := jsonb_build_object('error', jsonb_build_object('code', v_answer->>'code', 'message', v_answer->>'message'));
            continue;
          end if;
          perform member_tier_after_earn((it.req->>'programId')::uuid, (it.req->>'memberId')::uuid, it.req->'tier'->>'at',
            (it.req->'tier'->>'windowStart')::timestamptz, it.req->'tier'->'levels');
          v_balance := v_answer->'receipt'->'balance';
          v_tx := v_answer->'receipt'->>'transactionId';
        elsif it.req->>'memberId' is not null then
          select jsonb_build_object('available', coalesce(s.available, a.available), 'pending', coalesce(s.pending, a.pending),
            'held', coalesce(s.held, a.held))
          into v_balance
          from member_accounts a left join member_accounts s on s.member_id = a.merged_into
          where a.member_id = (it.req->>'memberId')::uuid;
        else
          v_balance := null;
        end if;
        v_receipt := it.req->'receipt' || jsonb_build_object('balance', v_balance);
        v_results[it.ord] := jsonb_build_object('receipt', v_receipt);
        v_orders := v_orders || (it.req->'order' || jsonb_build_object('programId', it.req->'programId', 'memberId', it.req->'memberId',
          'earnTransactionId', v_tx, 'receipt', v_receipt));
      end loop;
      -- 3. the orders, in one statement; an order id recorded concurrently fails the call, and the
      --    caller runs it again the safe way, where that sale alone reports it
      insert into orders (program_id, id, member_id, channel, store_id, terminal_id, occurred_at, currency, subtotal, lines,
        payments, earn_transaction_id, earned, line_points, redeemed, discount_total, discounts, request_hash, receipt)
      select (o->>'programId')::uuid, o->>'id', (o->>'memberId')::uuid, o->>'channel', o->>'storeId', (o->>'terminalId')::uuid,
        (o->>'occurredAt')::timestamptz, o->>'currency', (o->>'subtotal')::bigint, o->'lines', o->'payments',
        (o->>'earnTransactionId')::uuid, coalesce((o->>'earned')::bigint, 0), o->'linePoints', 0, 0, '[]', o->>'requestHash', o->'receipt'
      from unnest(v_orders) as o;
      return to_jsonb(v_results);
    end $$`,
  ];
  for (const statement of statements) await sql.raw(statement).execute(db);
}
