import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDb, tableReads, testTargets, type TestDb } from './testing/test-db.ts';
import { at, key, setupProgram } from './testing/fixtures.ts';
import { earnBatch } from './post/earn.ts';
import { redeem } from './post/redeem.ts';
import { openLots } from './reads.ts';

/**
 * Spending takes the member's lots in order (first to expire first) and reads only those it takes. It
 * read and sorted every open lot of the member and hashed the whole lots table to update the ones taken
 * (12-14 ms per reservation in the soak, growing with the members' lots).
 */
describe.each(testTargets())('spending lots on %s', (target) => {
  let t: TestDb;
  let programId: string;
  const members: string[] = [];
  const EARNS = 200;
  beforeAll(async () => {
    t = await createTestDb(target);
    const fx = await setupProgram(t.db);
    programId = fx.program.id;
    for (let i = 0; i < 2; i++) members.push(await fx.newMember());
    // a lot of one point a day per member, the later ones expiring sooner: spending order is not lot order
    for (let day = 0; day < EARNS; day++) {
      const results = await earnBatch(t.db, members.map((memberId) => (
        { programId, key: key(), memberId, channel: 'pos' as const, now: at(day), lots: [{ points: 1, expiresAt: at(1000 - day) }] })));
      expect(results.every((r) => r.ok)).toBe(true);
    }
    await sql`analyze point_lots`.execute(t.db);
  });
  afterAll(async () => t?.destroy());

  it('takes the first lots to expire and reads only those, never the member\'s other lots nor the table', async () => {
    const { reads } = await tableReads(t.db, 'point_lots', async (trx) => {
      const receipt = await redeem(trx, { programId, key: key(), memberId: members[0]!, points: 5, channel: 'pos', now: at(EARNS) });
      expect(receipt.balance.available).toBe(EARNS - 5);
    });
    expect(reads.seqRows).toBe(0);
    // the 5 lots taken (read in order, then each updated by its key), not the member's 200
    expect(reads.indexRows).toBeGreaterThanOrEqual(5);
    expect(reads.indexRows).toBeLessThan(30);
    // the five that expire first are spent: those of the last five days
    const lots = await openLots(t.db, members[0]!);
    expect(lots).toHaveLength(EARNS - 5);
    expect(lots.map((lot) => lot.expiresAt?.toISOString()).sort()[0]).toBe(at(1000 - (EARNS - 6)));
  });
});
