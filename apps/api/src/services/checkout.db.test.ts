import { describe, expect, it } from 'vitest';
import { verify } from '@omniloyal/ledger';
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

describe('the ledger', () => {
  it('leaves a ledger that verifies clean', async () => {
    const report = await verify(s.t.db);
    expect(report.ok).toBe(true);
  });
});
