import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { adjust, earnBatch, redeem } from '@omniloyal/ledger';
import { tableReads } from '@omniloyal/ledger/testing';
import { useTestProgram } from '../testing/use-test-program.ts';
import { signUpShopper } from '../testing/fixtures.ts';
import { resolveMember } from './members.ts';
import { redemptionCounts } from './redemption-counts.ts';

const s = useTestProgram();
const EARNS = 300;

describe('a reward limit counts the member\'s redemptions', () => {
  it('from their redemptions only, not their whole history', async () => {
    const { programId } = s.p;
    const { memberId } = await signUpShopper(s.t.db, s.p, 'many-sales@example.com');
    const base = { programId, memberId, channel: 'pos' as const };
    for (let i = 0; i < EARNS; i += 100) {
      const results = await earnBatch(s.t.db, Array.from({ length: 100 }, (_, n) => ({ ...base, key: `sale-${i + n}`, lots: [{ points: 2 }] })));
      expect(results.every((r) => r.ok)).toBe(true);
    }
    await adjust(s.t.db, { ...base, key: 'gift', points: 1000, reason: 'gift', actor: 'test' });
    for (const [n, rewardId] of ['birthday-treat', 'birthday-treat', 'brewed-coffee'].entries()) {
      await redeem(s.t.db, { ...base, key: `treat-${n}`, points: 10, rewardId });
    }
    await sql`analyze ledger_transactions`.execute(s.t.db);
    const member = await resolveMember(s.t.db, programId, memberId);

    const { result: counts, reads } = await tableReads(s.t.db, 'ledger_transactions', (trx) =>
      redemptionCounts(trx, { member, document: s.p.document, at: new Date().toISOString() }));
    const fetched = reads.indexRows + reads.seqRows;
    expect(counts).toEqual({ 'birthday-treat': 2 });
    // the 3 redemptions, not the 300 sales
    expect(fetched).toBeGreaterThanOrEqual(2);
    expect(fetched).toBeLessThan(30);
  });
});
