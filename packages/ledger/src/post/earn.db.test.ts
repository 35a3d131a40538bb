import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, testTargets, type TestDb } from '../testing/test-db.ts';
import { at, key, setupProgram } from '../testing/fixtures.ts';
import { earn, earnBatch } from './earn.ts';
import { getBalance, openLots } from '../reads.ts';
import { verify } from '../verify.ts';
import { LedgerError } from '../errors.ts';

describe.each(testTargets())('earn on %s', (target) => {
  let t: TestDb;
  let fx: Awaited<ReturnType<typeof setupProgram>>;
  beforeAll(async () => {
    t = await createTestDb(target);
    fx = await setupProgram(t.db);
  });
  afterAll(async () => t?.destroy());

  it('credits available and pending lots and returns a receipt', async () => {
    const memberId = await fx.newMember();
    const receipt = await earn(t.db, {
      programId: fx.program.id, key: key(), memberId, channel: 'pos', now: at(0),
      lots: [{ points: 100, expiresAt: at(180) }, { points: 20, availableAt: at(14) }],
      rules: [{ ruleId: 'base', name: 'Base', points: 100 }, { ruleId: 'bonus', name: 'Bonus', points: 20 }],
    });
    expect(receipt).toMatchObject({ kind: 'earn', memberId, points: 120, pendingPoints: 20, replayed: false,
      balance: { available: 100, pending: 20, held: 0 } });
    expect(await getBalance(t.db, memberId)).toEqual({ available: 100, pending: 20, held: 0 });
    expect((await openLots(t.db, memberId)).map((lot) => [lot.remaining, lot.pending])).toEqual([[100, false], [20, true]]);
    expect((await verify(t.db)).ok).toBe(true);
  });

  it('replays the same request and refuses the same key with another request', async () => {
    const memberId = await fx.newMember();
    const k = key();
    const request = { programId: fx.program.id, key: k, memberId, channel: 'web', lots: [{ points: 10 }], now: at(0) };
    const first = await earn(t.db, request);
    const again = await earn(t.db, { ...request, now: at(1) });
    expect(again).toEqual({ ...first, replayed: true });
    expect(await getBalance(t.db, memberId)).toMatchObject({ available: 10 });
    const error = await earn(t.db, { ...request, lots: [{ points: 11 }] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LedgerError);
    expect(error).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining(k) });
  });

  it('rejects unknown members and bad input, naming the field', async () => {
    await expect(earn(t.db, { programId: fx.program.id, key: key(), memberId: '0190a000-0000-7000-8000-000000000000', channel: 'web', lots: [{ points: 1 }] }))
      .rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(earn(t.db, { programId: fx.program.id, key: key(), memberId: await fx.newMember(), channel: 'web', lots: [{ points: 0 }] }))
      .rejects.toMatchObject({ code: 'INVALID_REQUEST', message: expect.stringContaining('lots.0.points') });
  });

  it('posts a batch where each item succeeds or fails on its own', async () => {
    const a = await fx.newMember();
    const b = await fx.newMember();
    const k = key();
    await earn(t.db, { programId: fx.program.id, key: k, memberId: a, channel: 'web', lots: [{ points: 5 }] });
    const results = await earnBatch(t.db, [
      { programId: fx.program.id, key: key(), memberId: b, channel: 'web', lots: [{ points: 7 }] },
      { programId: fx.program.id, key: k, memberId: a, channel: 'web', lots: [{ points: 6 }] },
      { programId: fx.program.id, key: key(), memberId: '0190a000-0000-7000-8000-000000000000', channel: 'web', lots: [{ points: 1 }] },
      { programId: fx.program.id, key: key(), memberId: a, channel: 'web', lots: [{ points: -1 }] },
      { programId: fx.program.id, key: k, memberId: a, channel: 'web', lots: [{ points: 5 }] },
      { programId: fx.program.id, key: key(), memberId: a, channel: 'web', lots: [{ points: 3, expiresAt: 'not a date' as never }] },
    ]);
    expect(results.map((r) => (r.ok ? r.receipt.replayed : r.code))).toEqual([false, 'CONFLICT', 'NOT_FOUND', 'INVALID_REQUEST', true, 'INVALID_REQUEST']);
    expect(await getBalance(t.db, b)).toMatchObject({ available: 7 });
    expect(await getBalance(t.db, a)).toMatchObject({ available: 5 });
  });
});
