import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDb, tableReads, testTargets, type TestDb } from './testing/test-db.ts';
import { at, key, setupProgram } from './testing/fixtures.ts';
import { earnBatch } from './post/earn.ts';

/**
 * `member_qualifying_points` sums one member's transactions. In a program of a few members with long
 * histories the planner's guess for its member array is most of the table, and it read every member's
 * transactions (46 ms per account page in the soak); the function must keep to the member index. That
 * index carries the columns the sum needs (20261124T000000), so on vacuumed pages it needs no table row.
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
    // (day 99, day 149]: the member's last 50 earns
    const { result: points, reads } = await tableReads(t.db, 'ledger_transactions', async (trx) => {
      const { rows: [sum] } = await sql<{ points: string }>`select member_qualifying_points(${members[1]}::uuid, ${at(99)}::timestamptz, ${at(149)}::timestamptz) as points`.execute(trx);
      return Number(sum!.points);
    });
    expect(points).toBe(50 * 2);
    expect(reads.seqScans).toBe(0);
    expect(reads.indexScans).toBeGreaterThan(0);
  });

  it('sums from the member index alone once the transactions are all-visible (after a vacuum)', async () => {
    await sql`vacuum ledger_transactions`.execute(t.db);
    const { result: points, reads } = await tableReads(t.db, 'ledger_transactions', async (trx) => {
      const { rows: [sum] } = await sql<{ points: string }>`select member_qualifying_points(${members[2]}::uuid, ${at(-1)}::timestamptz, ${at(149)}::timestamptz) as points`.execute(trx);
      return Number(sum!.points);
    });
    expect(points).toBe(EARNS * 3);
    expect(reads.seqScans).toBe(0);
    // an index-only scan: not one of the member's 150 transactions fetched from the table
    expect(reads.indexRows).toBe(0);
  });
});
