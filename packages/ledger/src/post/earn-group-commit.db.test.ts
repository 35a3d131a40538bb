import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, testTargets, type TestDb } from '../testing/test-db.ts';
import { at, key, setupProgram } from '../testing/fixtures.ts';
import { createDb, type Db } from '../db.ts';
import { getBalance } from '../reads.ts';
import { verify } from '../verify.ts';
import { earn, type EarnInput } from './earn.ts';
import { earnGroupCounts } from './earn-group-commit.ts';

// Group commit works on a pg Pool (several connections); PGlite is one connection and posts directly.
describe.runIf(testTargets().includes('postgres'))('earn group commit on postgres', () => {
  let t: TestDb;
  let pool: Db;
  let fx: Awaited<ReturnType<typeof setupProgram>>;
  beforeAll(async () => {
    t = await createTestDb('postgres');
    pool = await createDb({ databaseUrl: t.url, poolSize: 8, migrate: false });
    fx = await setupProgram(pool);
  });
  afterAll(async () => {
    await pool?.destroy();
    await t?.destroy();
  });

  it('concurrent earns share round trips, and each caller gets its own receipt or its own error', async () => {
    const programId = fx.program.id;
    const members = await Promise.all(Array.from({ length: 5 }, () => fx.newMember()));
    const taken = key();
    const first = await earn(pool, { programId, key: taken, memberId: members[0]!, channel: 'web', lots: [{ points: 3 }], now: at(0) });
    const counts = earnGroupCounts(pool);
    const before = { ...counts };

    const plain = Array.from({ length: 40 }, (_, i): EarnInput => ({
      programId, key: key(), memberId: members[i % members.length]!, channel: 'pos', lots: [{ points: i + 1 }], now: at(1),
    }));
    const outcomes = await Promise.allSettled([
      ...plain.map((request) => earn(pool, request)),
      earn(pool, { programId, key: taken, memberId: members[0]!, channel: 'web', lots: [{ points: 3 }], now: at(2) }),
      earn(pool, { programId, key: taken, memberId: members[0]!, channel: 'web', lots: [{ points: 4 }] }),
      earn(pool, { programId, key: key(), memberId: '0190a000-0000-7000-8000-000000000000', channel: 'web', lots: [{ points: 1 }] }),
      earn(pool, { programId, key: key(), memberId: members[1]!, channel: 'web', lots: [{ points: 0 }] }),
    ]);

    const calls = counts.calls - before.calls;
    // the malformed earn is refused before it is queued; the other 43 reach the database in fewer calls
    expect(counts.requests - before.requests).toBe(43);
    expect(calls).toBeLessThan(43);
    outcomes.slice(0, 40).forEach((outcome, i) => {
      expect(outcome).toMatchObject({ status: 'fulfilled', value: { kind: 'earn', points: i + 1, replayed: false } });
    });
    expect(outcomes[40]).toEqual({ status: 'fulfilled', value: { ...first, replayed: true } });
    expect(outcomes[41]).toMatchObject({ status: 'rejected', reason: { code: 'CONFLICT', message: expect.stringContaining(taken) } });
    expect(outcomes[42]).toMatchObject({ status: 'rejected', reason: { code: 'NOT_FOUND' } });
    expect(outcomes[43]).toMatchObject({ status: 'rejected', reason: { code: 'INVALID_REQUEST', message: expect.stringContaining('lots.0.points') } });

    // every member got exactly the points of its own earns
    for (const [m, memberId] of members.entries()) {
      const expected = plain.reduce((sum, r, i) => sum + (i % members.length === m ? i + 1 : 0), m === 0 ? 3 : 0);
      expect((await getBalance(pool, memberId)).available).toBe(expected);
    }
    expect((await verify(pool)).ok).toBe(true);
  });

  it('a receipt carries the balance after that earn, even when the member has several earns in one call', async () => {
    const programId = fx.program.id;
    const memberId = await fx.newMember();
    const receipts = await Promise.all(Array.from({ length: 12 }, () =>
      earn(pool, { programId, key: key(), memberId, channel: 'pos', lots: [{ points: 5 }], now: at(1) })));
    const balances = receipts.map((r) => r.balance.available).sort((a, b) => a - b);
    expect(balances).toEqual(Array.from({ length: 12 }, (_, i) => 5 * (i + 1)));
  });
});
