import { describe, expect, it } from 'vitest';
import { dbKind, verify } from '@omniloyal/ledger';
import { checkoutGroupCounts } from './checkout-record.ts';
import { saleContextGroupCounts } from './sale-context.ts';
import { callerFor } from '../testing/test-context.ts';
import { basket, newOrderId, setupProgram, signUpShopper } from '../testing/fixtures.ts';
import { useTestProgram } from '../testing/use-test-program.ts';

const s = useTestProgram();

const latte = { sku: 'latte-grande', category: 'handcrafted-drink', unitPrice: 550 };
const muffin = { sku: 'blueberry-muffin', category: 'bakery', unitPrice: 450 };

describe('checkout at a till', () => {
  it('earns 1 star per dollar for a Green member, explains it, and answers a retry with the first receipt', async () => {
    const { memberId } = await signUpShopper(s.t.db, s.p, 'green@example.com');
    const till = callerFor(s.t.db, s.p.terminal);
    const orderId = newOrderId();
    const order = basket([latte, muffin]);
    const receipt = await till.pos.checkout({ orderId, memberId, order });
    expect(receipt.earned.points).toBe(10);
    expect(receipt.earned.rules).toEqual([expect.objectContaining({ ruleId: 'base-stars', points: 10, explanation: expect.stringContaining('10') })]);
    // 25 welcome stars from signing up, then 10 for $10.
    expect(receipt.balance).toEqual({ available: 35, pending: 0, held: 0 });
    expect(receipt.replayed).toBe(false);

    const again = await till.pos.checkout({ orderId, memberId, order });
    expect(again).toEqual({ ...receipt, replayed: true });
    const earns = await s.t.db.selectFrom('ledger_transactions').select('id').where('order_id', '=', orderId).execute();
    expect(earns).toHaveLength(1);

    await expect(till.pos.checkout({ orderId, memberId, order: basket([latte]) })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/^orderId:/),
    });
  });

  it('refuses an unknown member, a member of another program, and a store that is not the till’s', async () => {
    const till = callerFor(s.t.db, s.p.terminal);
    await expect(till.pos.checkout({ orderId: newOrderId(), memberId: '0190a000-0000-7000-8000-000000000000', order: basket([latte]) })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const other = await setupProgram(s.t.db, { tag: 'other' });
    const stranger = await signUpShopper(s.t.db, other, 'stranger@example.com');
    await expect(till.pos.checkout({ orderId: newOrderId(), memberId: stranger.memberId, order: basket([latte]) })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(till.pos.checkout({ orderId: newOrderId(), order: { ...basket([latte]), storeId: 'store-other' } })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('sales at the same moment', () => {
  it('are posted together, and each till gets its own receipt, replay or error', async () => {
    const { memberId } = await signUpShopper(s.t.db, s.p, 'rush@example.com');
    const till = callerFor(s.t.db, s.p.terminal);
    const counts = checkoutGroupCounts(s.t.db);
    const before = { ...counts };
    const reads = saleContextGroupCounts(s.t.db);
    const readsBefore = { ...reads };
    // 6 sales of $80 at once: only all of them with the 25 welcome stars reach Gold (500), so every one
    // is evaluated at Green whatever order they commit in, and exactly one of them moves the member up
    const sales = Array.from({ length: 6 }, () => ({ orderId: newOrderId(), memberId, order: basket([{ ...latte, unitPrice: 8_000 }]) }));
    const twice = sales[0]!;
    const other = await signUpShopper(s.t.db, s.p, 'rush-2@example.com');
    const contested = { orderId: newOrderId(), memberId: other.memberId, order: basket([latte]) };
    const outcomes = await Promise.allSettled([
      ...sales.map((sale) => till.pos.checkout(sale)),
      till.pos.checkout(twice),
      till.pos.checkout(contested),
      till.pos.checkout({ ...contested, order: basket([muffin]) }),
      till.pos.checkout({ orderId: newOrderId(), memberId: '0190a000-0000-7000-8000-000000000000', order: basket([latte]) }),
    ]);

    const receipts = outcomes.slice(0, 6).map((outcome) => (outcome as PromiseFulfilledResult<{ balance: { available: number } | null; earned: { points: number }; replayed: boolean }>).value);
    expect(receipts.every((r) => r.earned.points === 80 && !r.replayed)).toBe(true);
    // each receipt shows the balance after its own sale
    expect(receipts.map((r) => r.balance!.available).sort((a, b) => a - b)).toEqual([105, 185, 265, 345, 425, 505]);
    // the same sale sent twice at once is recorded once: the second answer is the first's receipt
    expect(outcomes[6]).toMatchObject({ status: 'fulfilled', value: { ...receipts[0], replayed: true } });
    // one order id with two contents: one is recorded, the other is CONFLICT
    expect(outcomes.slice(7, 9).map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(outcomes.slice(7, 9).find((o) => o.status === 'rejected')).toMatchObject({ reason: { code: 'CONFLICT' } });
    expect(outcomes[9]).toMatchObject({ status: 'rejected', reason: { code: 'NOT_FOUND' } });

    const tierEvents = await s.t.db.selectFrom('outbox').select('payload').where('type', '=', 'tier_changed').execute();
    expect(tierEvents.filter((e) => (e.payload as { memberId: string }).memberId === memberId).map((e) => e.payload))
      .toEqual([expect.objectContaining({ from: null, to: 'gold' })]);
    const orders = await s.t.db.selectFrom('orders').select('id').where('member_id', '=', memberId).execute();
    expect(orders).toHaveLength(6);
    if (dbKind(s.t.db) === 'postgres') {
      // the writes shared calls, and so did the reads before them
      expect(counts.calls - before.calls).toBeLessThan(counts.requests - before.requests);
      expect(reads.calls - readsBefore.calls).toBeLessThan(reads.requests - readsBefore.requests);
    }
    expect((await verify(s.t.db)).ok).toBe(true);
  });
});

describe('the ledger', () => {
  it('leaves a ledger that verifies clean', async () => {
    const report = await verify(s.t.db);
    expect(report.ok).toBe(true);
  });
});
