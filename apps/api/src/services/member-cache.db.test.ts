import { describe, expect, it } from 'vitest';
import { starbucksDemoProgram, type ProgramDocument } from '@omniloyal/core';
import { createDb, dbKind, verify, type Db } from '@omniloyal/ledger';
import { checkoutGroupCounts } from './checkout-record.ts';
import { memberCacheCounts } from './member-cache.ts';
import { callerFor } from '../testing/test-context.ts';
import { basket, newOrderId, setupProgram, signUpShopper } from '../testing/fixtures.ts';
import { useTestProgram } from '../testing/use-test-program.ts';

const s = useTestProgram();

const latte = { sku: 'latte-grande', category: 'handcrafted-drink', unitPrice: 1_000 };

/** The demo program with 50 more points on every purchase of a member tagged vip. */
const vipDocument: ProgramDocument = {
  ...starbucksDemoProgram,
  earning: {
    ...starbucksDemoProgram.earning,
    rules: [
      ...starbucksDemoProgram.earning.rules,
      { id: 'vip-bonus', name: 'VIP bonus', priority: 60, enabled: true, on: ['purchase'], when: { field: 'tags', op: 'has-any', value: ['vip'] }, award: { kind: 'fixed', points: 50 } },
    ],
  },
};

/** The cache's figures moved by `work`. */
async function countsOver(db: Db, work: () => Promise<unknown>) {
  const before = { ...memberCacheCounts(db) };
  await work();
  const after = memberCacheCounts(db);
  return { hits: after.hits - before.hits, stale: after.stale - before.stale };
}

describe('a member kept in memory between sales', () => {
  it('spares the next sale its read, and a retry of that sale is still answered with the first receipt', async () => {
    // a birthday and tags, to be compared as the ledger stores them: a member kept with them is not stale
    const { memberId } = await signUpShopper(s.t.db, s.p, 'kept@example.com', { birthday: '1990-02-28' });
    await s.t.db.updateTable('members').set({ tags: ['regular', 'oat-milk'] }).where('id', '=', memberId).execute();
    const till = callerFor(s.t.db, s.p.terminal);
    await till.pos.checkout({ orderId: newOrderId(), memberId, order: basket([latte]) });
    const orderId = newOrderId();
    const order = basket([latte, latte]);
    let receipt: Awaited<ReturnType<typeof till.pos.checkout>> | undefined;
    expect(await countsOver(s.t.db, async () => (receipt = await till.pos.checkout({ orderId, memberId, order })))).toEqual({ hits: 1, stale: 0 });
    expect(receipt!.earned.points).toBe(20);

    // the retry is not read before it is written either: the write finds the order and answers with its receipt
    expect(await countsOver(s.t.db, async () => {
      expect(await till.pos.checkout({ orderId, memberId, order })).toEqual({ ...receipt, replayed: true });
    })).toEqual({ hits: 1, stale: 0 });
    await expect(till.pos.checkout({ orderId, memberId, order: basket([latte]) })).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/^orderId:/) });
    expect(await s.t.db.selectFrom('ledger_transactions').select('id').where('order_id', '=', orderId).execute()).toHaveLength(1);
    expect(await s.t.db.selectFrom('orders').select('id').where('id', '=', orderId).execute()).toHaveLength(1);
  });

  it('is checked when its sale is written: a sale after one that moved the member up is evaluated at the new tier', async () => {
    const { memberId } = await signUpShopper(s.t.db, s.p, 'moves-up@example.com');
    const till = callerFor(s.t.db, s.p.terminal);
    // 25 welcome stars + 10 = 35: Green, and kept so
    await till.pos.checkout({ orderId: newOrderId(), memberId, order: basket([latte]) });
    // evaluated at Green from memory (right: it is Green until this sale), 500 stars reach Gold
    const big = await till.pos.checkout({ orderId: newOrderId(), memberId, order: basket([{ ...latte, unitPrice: 50_000 }]) });
    expect(big.earned.points).toBe(500);
    let receipt: Awaited<ReturnType<typeof till.pos.checkout>> | undefined;
    // kept at Green, the member is Gold now: the write refuses it and the sale is evaluated again, 1.2 stars per $1
    expect(await countsOver(s.t.db, async () => (receipt = await till.pos.checkout({ orderId: newOrderId(), memberId, order: basket([latte]) })))).toEqual({ hits: 1, stale: 1 });
    expect(receipt!.earned.points).toBe(12);
    expect(receipt!.balance).toEqual({ available: 547, pending: 0, held: 0 });
    // and kept again as it is now
    expect(await countsOver(s.t.db, () => till.pos.checkout({ orderId: newOrderId(), memberId, order: basket([latte]) }))).toEqual({ hits: 1, stale: 0 });
  });

  it('is checked for tags and merges, and a stale sale among others of one batch leaves them as they were', async () => {
    const program = await setupProgram(s.t.db, { document: vipDocument, tag: 'vip' });
    const till = callerFor(s.t.db, program.terminal);
    const members = await Promise.all(Array.from({ length: 6 }, (_, i) => signUpShopper(s.t.db, program, `batch-${i}@example.com`)));
    const ids = members.map((m) => m.memberId);
    for (const memberId of ids) await till.pos.checkout({ orderId: newOrderId(), memberId, order: basket([latte]) });
    const [tagged, merged, survivor] = [ids[2]!, ids[4]!, ids[5]!];
    // another server, a manager or an import changed these behind this server's back
    await s.t.db.updateTable('members').set({ tags: ['vip'] }).where('id', '=', tagged).execute();
    const owner = callerFor(s.t.db, program.managers.owner);
    await owner.manager.members.merge({ fromMemberId: merged, intoMemberId: survivor });

    // the first five at once (on Postgres their writes share calls: the stale ones sit among fresh ones)
    let receipts: Awaited<ReturnType<typeof till.pos.checkout>>[] = [];
    const writes = { ...checkoutGroupCounts(s.t.db) };
    const counts = await countsOver(s.t.db, async () => {
      receipts = await Promise.all(ids.slice(0, 5).map((memberId) => till.pos.checkout({ orderId: newOrderId(), memberId, order: basket([latte]) })));
    });
    expect(counts).toEqual({ hits: 5, stale: 2 });
    if (dbKind(s.t.db) === 'postgres') expect(checkoutGroupCounts(s.t.db).calls - writes.calls).toBeLessThan(checkoutGroupCounts(s.t.db).requests - writes.requests);
    expect(receipts.map((r) => r.memberId)).toEqual([ids[0], ids[1], tagged, ids[3], survivor]);
    expect(receipts.map((r) => r.earned.points)).toEqual([10, 10, 60, 10, 10]);
    // the merged member's sale went to the member it was merged into, which holds both members' points
    expect(receipts[4]!.balance!.available).toBe(2 * (25 + 10) + 10);
    expect(await s.t.db.selectFrom('orders').select('id').where('member_id', '=', merged).execute()).toHaveLength(1);
    expect((await verify(s.t.db)).ok).toBe(true);
  });

  // PGlite is one process's database: two servers on one database are tested on real Postgres (CI always has one).
  if (process.env.DATABASE_URL) it('is checked against what another server wrote (two API processes on one database)', async () => {
    expect(dbKind(s.t.db)).toBe('postgres');
    const other = await createDb({ databaseUrl: s.t.url, migrate: false });
    try {
      const { memberId } = await signUpShopper(s.t.db, s.p, 'two-servers@example.com');
      const here = callerFor(s.t.db, s.p.terminal);
      const there = callerFor(other, s.p.terminal);
      await here.pos.checkout({ orderId: newOrderId(), memberId, order: basket([latte]) });
      // the other server sells the member up to Gold; this one still keeps them at Green
      await there.pos.checkout({ orderId: newOrderId(), memberId, order: basket([{ ...latte, unitPrice: 50_000 }]) });
      let points = 0;
      expect(await countsOver(s.t.db, async () => (points = (await here.pos.checkout({ orderId: newOrderId(), memberId, order: basket([latte]) })).earned.points))).toEqual({ hits: 1, stale: 1 });
      expect(points).toBe(12);
    } finally {
      await other.destroy();
    }
  });
});
