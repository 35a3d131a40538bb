import { sql, type Kysely } from 'kysely';

/**
 * Qualifying points are read through the member index even in a program with few members.
 *
 * The sum's condition is `member_id = any(array(...))` (the member and those merged into it), an array
 * the planner cannot see into; it guesses ten members' worth of rows. In a program of thousands of
 * members that is a sliver of the table and the member index wins (20261123T060000). In a small program
 * whose members each have a long history it is most of the table: in the soak (24 members with ~1,900
 * transactions each, 44,000 in all, ANALYZEd) Postgres read every transaction, 46 ms for one sum, where
 * the member index reads the member's own 1,900 rows in 5-13 ms (EXPLAIN ANALYZE on the soak's database,
 * under the soak's load). A member's sum never needs other members' rows, so the function forbids the
 * sequential scan rather than relying on estimates; the only statement it runs is that sum (the merged
 * members' lookup has an index of its own). Set on the function, it changes nothing else.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter function member_qualifying_points(uuid, timestamptz, timestamptz) set enable_seqscan = off`.execute(db);
}
