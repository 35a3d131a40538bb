import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, testTargets, type TestDb } from '../testing/test-db.ts';
import { at, key, setupProgram } from '../testing/fixtures.ts';
import { earn, earnBatch, type EarnBatchResult, type EarnInput } from './earn.ts';
import { reverse } from './reverse.ts';
import { redeem } from './redeem.ts';
import { merge } from './merge.ts';
import { callLedger, requestHash, retriedSqlStates } from './request.ts';
import { sql } from 'kysely';
import { createDb, type Db } from '../db.ts';
import { getBalance, memberHistory, openLots } from '../reads.ts';
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
  it('a batch naming one member several times gives each receipt the balance after that item, pending included', async () => {
    const m = await fx.newMember();
    const other = await fx.newMember();
    const programId = fx.program.id;
    await earn(t.db, { programId, key: key(), memberId: m, channel: 'web', lots: [{ points: 4 }], now: at(0) });
    const results = await earnBatch(t.db, [
      { programId, key: key(), memberId: m, channel: 'pos', lots: [{ points: 10 }, { points: 3, availableAt: at(14) }], now: at(0) },
      { programId, key: key(), memberId: other, channel: 'pos', lots: [{ points: 1 }], now: at(0) },
      { programId, key: key(), memberId: m, channel: 'pos', lots: [{ points: 20, expiresAt: at(90) }], now: at(0), orderId: 'o-batch' },
    ]);
    expect(results.map((r) => r.ok && [r.receipt.points, r.receipt.pendingPoints, r.receipt.balance])).toEqual([
      [13, 3, { available: 14, pending: 3, held: 0 }],
      [1, 0, { available: 1, pending: 0, held: 0 }],
      [20, 0, { available: 34, pending: 3, held: 0 }],
    ]);
    expect(await getBalance(t.db, m)).toEqual({ available: 34, pending: 3, held: 0 });
    expect((await openLots(t.db, m)).map((lot) => [lot.remaining, lot.pending])).toEqual(
      expect.arrayContaining([[4, false], [10, false], [3, true], [20, false]]));
    const { items } = await memberHistory(t.db, { memberId: m });
    expect(items.map((item) => [item.kind, item.points])).toEqual([['earn', 20], ['earn', 13], ['earn', 4]]);
    expect((await verify(t.db)).ok).toBe(true);
  });

  it('a key used twice within one batch posts once: the same request replays, another one conflicts', async () => {
    const m = await fx.newMember();
    const programId = fx.program.id;
    const k = key();
    const request = { programId, key: k, memberId: m, channel: 'web', lots: [{ points: 9 }] };
    const results = await earnBatch(t.db, [
      request,
      { ...request, now: at(3) },
      { ...request, lots: [{ points: 8 }] },
    ]);
    expect(results.map((r) => (r.ok ? r.receipt.replayed : r.code))).toEqual([false, true, 'CONFLICT']);
    expect(results[1]).toEqual({ ok: true, receipt: { ...(results[0] as { receipt: object }).receipt, replayed: true } });
    expect(results[2]).toMatchObject({ message: expect.stringContaining(k) });
    expect(await getBalance(t.db, m)).toMatchObject({ available: 9 });
    // the key's first use failed (unknown member), so its second use within the batch posts
    const k2 = key();
    const again = await earnBatch(t.db, [
      { programId, key: k2, memberId: '0190a000-0000-7000-8000-000000000000', channel: 'web', lots: [{ points: 1 }] },
      { programId, key: k2, memberId: m, channel: 'web', lots: [{ points: 2 }] },
    ]);
    expect(again.map((r) => (r.ok ? r.receipt.balance.available : r.code))).toEqual(['NOT_FOUND', 11]);
    expect((await verify(t.db)).ok).toBe(true);
  });

  it('in a batch, an earn pays a debt lot first, and earns for a merged member reach the surviving member', async () => {
    const programId = fx.program.id;
    const debtor = await fx.newMember();
    const e = await earn(t.db, { programId, key: key(), memberId: debtor, channel: 'web', lots: [{ points: 10 }], now: at(0) });
    await redeem(t.db, { programId, key: key(), memberId: debtor, points: 8, channel: 'pos', now: at(0) });
    await reverse(t.db, { programId, key: key(), transactionId: e.transactionId, points: 10, policy: 'allow-negative', channel: 'web', now: at(1) });
    const before = await getBalance(t.db, debtor);
    expect(before.available).toBe(-8);
    const from = await fx.newMember();
    const into = await fx.newMember();
    await merge(t.db, { programId, key: key(), fromMemberId: from, intoMemberId: into, now: at(1) });
    const plain = await fx.newMember();
    const results = await earnBatch(t.db, [
      { programId, key: key(), memberId: plain, channel: 'pos', lots: [{ points: 2 }], now: at(2) },
      { programId, key: key(), memberId: debtor, channel: 'pos', lots: [{ points: 40 }], now: at(2) },
      { programId, key: key(), memberId: from, channel: 'pos', lots: [{ points: 6 }], now: at(2) },
      { programId, key: key(), memberId: debtor, channel: 'pos', lots: [{ points: 1 }], now: at(2) },
    ]);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(results.map((r) => r.ok && r.receipt.memberId)).toEqual([plain, debtor, into, debtor]);
    expect(await getBalance(t.db, debtor)).toMatchObject({ available: 33 });
    expect(results.map((r) => r.ok && r.receipt.balance.available)).toEqual([2, 32, 6, 33]);
    expect(await getBalance(t.db, into)).toMatchObject({ available: 6 });
    // positive lots and debt never coexist
    expect((await openLots(t.db, debtor)).every((lot) => lot.remaining > 0)).toBe(true);
    expect((await verify(t.db)).ok).toBe(true);
  });

  it('a batch that fails as a whole on unexpected data is re-run item by item, and only the bad item fails', async () => {
    const programId = fx.program.id;
    const m = await fx.newMember();
    const item = (points: unknown): Record<string, unknown> => {
      const request = { programId, key: key(), memberId: m, channel: 'web', lots: [{ points }] };
      return { ...request, id: '0190a000-0000-7000-8000-' + String(Math.floor(Math.random() * 1e12)).padStart(12, '0'), hash: requestHash('earn', request) };
    };
    // points no zod would let through: the set-based statement fails as a whole
    const items = [item(3), item('lots'), item(4)];
    await expect(callLedger(t.db, 'ledger_earn_batch', items, false)).rejects.toBeTruthy();
    const results = await callLedger<{ ok: boolean; code?: string }[]>(t.db, 'ledger_earn_batch', items, true);
    expect(results.map((r) => r.ok || r.code)).toEqual([true, 'INVALID_REQUEST', true]);
    expect(await getBalance(t.db, m)).toMatchObject({ available: 7 });
    expect((await verify(t.db)).ok).toBe(true);
  });

  it('a large batch posts every item and keeps the ledger balanced', async () => {
    const programId = fx.program.id;
    const members = [await fx.newMember(), await fx.newMember(), await fx.newMember()];
    const inputs: EarnInput[] = Array.from({ length: 100 }, (_, i) => ({
      programId, key: key(), memberId: members[i % 3]!, channel: 'pos', orderId: `o-${i}`, ruleVersion: 1,
      rules: [{ ruleId: 'base', name: 'Base', points: 1 + i }], lots: [{ points: 1 + i, expiresAt: at(180) }],
    }));
    const results = await earnBatch(t.db, inputs);
    expect(results.filter((r) => r.ok)).toHaveLength(100);
    const totals = members.map((_, j) => inputs.filter((_, i) => i % 3 === j).reduce((sum, input) => sum + input.lots[0]!.points, 0));
    for (const [j, memberId] of members.entries()) expect((await getBalance(t.db, memberId)).available).toBe(totals[j]);
    const last = results.at(-1)!;
    expect(last.ok && last.receipt.balance.available).toBe(totals[99 % 3]);
    expect((await verify(t.db)).ok).toBe(true);
  });
});

// Two connections at once: Postgres only.
for (const target of testTargets().filter((t) => t === 'postgres')) {
  describe(`earn batches racing other postings on ${target}`, () => {
    let t: TestDb;
    let pool: Db;
    beforeAll(async () => {
      t = await createTestDb('postgres');
      pool = await createDb({ databaseUrl: t.url, poolSize: 4, migrate: false });
    });
    afterAll(async () => {
      await pool?.destroy();
      await t?.destroy();
    });

    it('a member who falls into debt after the batch wrote its lots but before it locked them is retried and pays the debt', async () => {
      const { program, newMember } = await setupProgram(t.db, 'Race');
      const programId = program.id;
      const m = await newMember();
      const other = await newMember();
      const e = await earn(t.db, { programId, key: key(), memberId: m, channel: 'web', lots: [{ points: 10 }] });
      await redeem(t.db, { programId, key: key(), memberId: m, points: 8, channel: 'pos' });
      const retriedBefore = retriedSqlStates['40001'] ?? 0;
      let batch: Promise<EarnBatchResult[]> | undefined;
      await t.db.transaction().execute(async (trx) => {
        await sql`select 1 from member_accounts where member_id = ${m}::uuid for update`.execute(trx);
        batch = earnBatch(pool, [
          { programId, key: key(), memberId: other, channel: 'pos', lots: [{ points: 3 }] },
          { programId, key: key(), memberId: m, channel: 'pos', lots: [{ points: 20 }] },
        ]);
        // wait (by polling, not sleeping) until the batch queues on the member's lock
        for (;;) {
          const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity
            where datname = current_database() and wait_event_type = 'Lock' and query like '%ledger_earn_batch%'`.execute(pool);
          if (rows[0]!.n > 0) break;
        }
        await reverse(trx, { programId, key: key(), transactionId: e.transactionId, points: 10, policy: 'allow-negative', channel: 'web' });
      });
      const results = await batch!;
      expect(results.map((r) => r.ok && r.receipt.balance.available)).toEqual([3, 12]);
      expect(retriedSqlStates['40001'] ?? 0).toBe(retriedBefore + 1);
      expect((await openLots(t.db, m)).every((lot) => lot.remaining > 0)).toBe(true);
      expect((await verify(t.db)).ok).toBe(true);
    });
  });
}
