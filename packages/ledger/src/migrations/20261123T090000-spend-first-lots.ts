import { sql, type Kysely } from 'kysely';

/**
 * Spending reads only the lots it takes, not every open lot of the member, and never the whole table.
 *
 * `ledger_take_lots` (every redeem, hold and debt payment) ranked all of the member's open lots with a
 * running sum, then updated the ones it took by joining them back to `point_lots`. For a member with many
 * open lots the planner expected a third of them taken and hashed the whole `point_lots` table for that
 * join: in a 4-minute soak (24 members, 1,250 open lots each, 32,000 lots in all) one call took 12-14 ms
 * (EXPLAIN ANALYZE: a sequential scan of the 32,000 lots for an update of 2), so a reservation's p50
 * went from 21 to 35 ms between the soak's first and second half as the lots piled up. In a program of
 * millions of lots it would read millions per redemption.
 *
 * Now the lots are read one by one in spending order (first to expire first, never-expiring last, then
 * oldest) from an index in that order, each updated by its key, until the points are covered: the work
 * is the lots taken, usually one or two. The member's open-lots index gains the spending order in place
 * of a new index, so an earn maintains no more indexes than before; lookups by member (open lots,
 * expiring points, debts) use its first column as they used the old one.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`drop index point_lots_member_open`.execute(db);
  await sql`create index point_lots_member_open on point_lots (member_id, pending, expires_at, id) where remaining <> 0`.execute(db);
  await sql.raw(`create or replace function ledger_take_lots(p_member uuid, p_points bigint, p_pending boolean)
    returns table (lot_id bigint, taken bigint, lot_expires_at timestamptz) language plpgsql as $$
    declare
      v_left bigint := p_points;
      l record;
    begin
      if v_left <= 0 then return; end if;
      -- the caller holds the member's lock: nobody else changes these lots meanwhile
      for l in
        select p.id, p.remaining, p.expires_at from point_lots p
        -- (remaining <> 0 is the open-lots index's own condition, written out so the planner matches it)
        where p.member_id = p_member and p.pending = p_pending and p.remaining <> 0 and p.remaining > 0
        order by p.expires_at nulls last, p.id
        -- every open lot holds a point at least; the limit tells the planner few rows are read, so it walks
        -- the index in order instead of reading and sorting all the member's lots
        limit p_points
      loop
        lot_id := l.id;
        taken := least(l.remaining, v_left);
        lot_expires_at := l.expires_at;
        update point_lots set remaining = remaining - taken where id = l.id;
        return next;
        v_left := v_left - taken;
        exit when v_left = 0;
      end loop;
    end $$`).execute(db);
}
