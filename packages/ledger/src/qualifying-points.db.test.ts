import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDb, testTargets, type TestDb } from './testing/test-db.ts';
import { at, key, setupProgram } from './testing/fixtures.ts';
import { earnBatch } from './post/earn.ts';

/**
 * `member_qualifying_points` sums one member's transactions. In a program of a few members with long
 * histories the planner's guess for its member array is most of the table, and it read every member's
 * transactions (46 ms per account page in the soak); the function must keep to the member index.
 */
describe.each(testTargets())('qualifying points on %s', (target) => {
  let t: TestDb;
  const members: string[] = [];
  const EARNS = 150;
  beforeAll(async () => {
    t = await createTestDb(target);
    const fx = await setupProgram(t.db);
    for (let i = 0; i < 3; i++) members.push(await fx.newMember());
    // one earn a day per member, 1..3 points by member
    for (let day = 0; day < EARNS; day++) {
      const results = await earnBatch(t.db, members.map((memberId, i) => (
        { programId: fx.program.id, key: key(), memberId, channel: 'pos' as const, now: at(day), lots: [{ points: i + 1 }] })));
      expect(results.every((r) => r.ok)).toBe(true);
    }
    await sql`analyze ledger_transactions`.execute(t.db);
  });
  afterAll(async () => t?.destroy());

  it('sums the window from the member index, never scanning the whole ledger', async () => {
    const { points, scans } = await t.db.transaction().execute(async (trx) => {
      // the scans of the table counted in this session and not yet reported, before and after the sum
      // (earlier statements on the same connection can still be counted here, so the difference is what counts)
      const counted = async () => {
        const { rows: [row] } = await sql<{ seq: string; idx: string }>`
          select coalesce(seq_scan, 0) as seq, coalesce(idx_scan, 0) as idx from pg_stat_xact_user_tables where relname = 'ledger_transactions'`.execute(trx);
        return { seq: Number(row?.seq ?? 0), idx: Number(row?.idx ?? 0) };
      };
      const before = await counted();
      // (day 99, day 149]: the member's last 50 earns
      const { rows: [sum] } = await sql<{ points: string }>`select member_qualifying_points(${members[1]}::uuid, ${at(99)}::timestamptz, ${at(149)}::timestamptz) as points`.execute(trx);
      const after = await counted();
      return { points: Number(sum!.points), scans: { seq: after.seq - before.seq, idx: after.idx - before.idx } };
    });
    expect(points).toBe(50 * 2);
    expect(scans.seq).toBe(0);
    expect(scans.idx).toBeGreaterThan(0);
  });
});
