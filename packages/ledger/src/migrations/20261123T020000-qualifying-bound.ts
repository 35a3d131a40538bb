import { sql, type Kysely } from 'kysely';

/**
 * The tier check after an earn counts the member's window only when an upgrade is possible.
 *
 * Counting qualifying points reads every earn of the member in the tier window, and a frequent member's
 * window holds hundreds or thousands: bench:api spent 0.21 ms of Postgres per sale there, more than on
 * the earn itself. Most earns cannot move anyone up, so a cheap upper bound decides first:
 *
 * `member_qualifying_bounds.points` is the member's qualifying points from `since` to the end of time as
 * last counted, plus every earn posted since — a statement trigger on ledger_transactions adds them, so
 * every way of earning keeps it, in the same transaction. Tier windows only move forward and reversals
 * only lower the points, so for any window that starts at or after `since` the bound is at least the
 * window's qualifying points. It is a table of its own, without foreign keys, rather than columns of
 * member_accounts: a second update of that row in the earn's transaction re-checks all five of its
 * foreign keys, one of them a KEY SHARE lock on the program's single row that every sale would share.
 *
 * `member_tier_after_earn` therefore returns at once when the bound is below the least threshold above
 * the member's tier. It counts exactly (and resets the bound) when the bound reaches that threshold, when
 * there is no bound yet, when the earn's window starts before the bound's (a backdated order), and for a
 * member others were merged into (their earns count too and the trigger adds only new ones).
 */
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    `create table member_qualifying_bounds (member_id uuid primary key, points bigint not null, since timestamptz not null)`,
    `create or replace function member_qualifying_bound_add() returns trigger language plpgsql as $$
    begin
      update member_qualifying_bounds b set points = b.points + e.points
      from (select member_id, sum(points) as points from inserted where kind = 'earn' group by member_id) e
      where b.member_id = e.member_id;
      return null;
    end $$`,
    `create trigger ledger_transactions_qualifying_bound after insert on ledger_transactions
      referencing new table as inserted for each statement execute function member_qualifying_bound_add()`,
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
      select points, since into v_bound, v_bound_since from member_qualifying_bounds where member_id = p_member;
      if v_bound < v_next and v_bound_since <= p_window_start
        and not exists (select 1 from members where merged_into = p_member) then
        return;
      end if;
      v_points := greatest(member_qualifying_points(p_member, p_window_start, p_at::timestamptz), 0);
      insert into member_qualifying_bounds (member_id, points, since)
      values (p_member, member_qualifying_points(p_member, p_window_start, 'infinity'), p_window_start)
      on conflict (member_id) do update set points = excluded.points, since = excluded.since;
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
