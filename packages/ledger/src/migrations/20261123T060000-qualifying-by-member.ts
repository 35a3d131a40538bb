import { sql, type Kysely } from 'kysely';

/**
 * Qualifying points are summed from the member's own transactions, found by the member index, whatever
 * the planner guesses about the tier window.
 *
 * The function's one cached plan is generic: it cannot see that the window is a year wide, guesses a
 * range of times selects 0.5% of the table, and in a program with few members (one member = 1/24 of the
 * rows in the soak) that beat the member index. So it read the `(program_id, occurred_at)` index over
 * every transaction of the program in the window, filtering for the member: 25-40 ms per account page
 * for the soak's members with ~2,800 transactions each (auto_explain), where their own rows take ~1 ms.
 * With the window and the kinds as the sum's filter, the only condition the index can serve is the
 * member's, so the member index is the plan for any program size. A member's transactions outside the
 * window are read and skipped: a bounded cost, the member's own history.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql.raw(`create or replace function member_qualifying_points(p_member uuid, p_since timestamptz, p_until timestamptz)
    returns bigint language plpgsql stable as $$
    begin
      return (select coalesce(sum(points) filter (where (kind = 'earn' or (kind = 'reverse' and points < 0))
          and occurred_at > p_since and occurred_at <= p_until), 0)::bigint
        from ledger_transactions
        where member_id = any(array(select p_member union all select id from members where merged_into = p_member)));
    end $$`).execute(db);
}
