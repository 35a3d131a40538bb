import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '@omniloyal/ledger/testing';
import { verify } from '@omniloyal/ledger';
import { starbucksDemoProgram } from '@omniloyal/core';
import { callerFor } from '../testing/test-context.ts';
import { basket, newOrderId, setupProgram, signUpShopper, type ProgramFixture } from '../testing/fixtures.ts';

let t: TestDb;
let p: ProgramFixture;
beforeAll(async () => {
  t = await createTestDb();
  p = await setupProgram(t.db);
});
afterAll(async () => t?.destroy());

const latte = { sku: 'latte-grande', category: 'handcrafted-drink', unitPrice: 550 };
const muffin = { sku: 'blueberry-muffin', category: 'bakery', unitPrice: 450 };

describe('checkout at a till', () => {
  it('earns 1 star per dollar for a Green member, explains it, and answers a retry with the first receipt', async () => {
    const { memberId } = await signUpShopper(t.db, p, 'green@example.com');
    const till = callerFor(t.db, p.terminal);
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
    const earns = await t.db.selectFrom('ledger_transactions').select('id').where('order_id', '=', orderId).execute();
    expect(earns).toHaveLength(1);

    await expect(till.pos.checkout({ orderId, memberId, order: basket([latte]) })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/^orderId:/),
    });
  });

  it('refuses an unknown member, a member of another program, and a store that is not the till’s', async () => {
    const till = callerFor(t.db, p.terminal);
    await expect(till.pos.checkout({ orderId: newOrderId(), memberId: '0190a000-0000-7000-8000-000000000000', order: basket([latte]) })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const other = await setupProgram(t.db, { tag: 'other' });
    const stranger = await signUpShopper(t.db, other, 'stranger@example.com');
    await expect(till.pos.checkout({ orderId: newOrderId(), memberId: stranger.memberId, order: basket([latte]) })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(till.pos.checkout({ orderId: newOrderId(), order: { ...basket([latte]), storeId: 'store-other' } })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('omnichannel', () => {
  it('captures at the till a reward reserved in the portal, and earns only on what was paid', async () => {
    const shopper = await signUpShopper(t.db, p, 'reserver@example.com');
    const manager = callerFor(t.db, p.managers.support);
    await manager.manager.members.adjust({ memberId: shopper.memberId, points: 200, reason: 'welcome gift', idempotencyKey: 'gift-reserver-1' });
    const reservation = await shopper.caller.shopper.reserveReward({ rewardId: 'handcrafted-drink-breakfast', idempotencyKey: 'reserve-0001' });
    expect(reservation.code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect((await shopper.caller.shopper.account()).balance).toEqual({ available: 125, pending: 0, held: 100 });
    // A retry of the reservation is the same reservation.
    expect((await shopper.caller.shopper.reserveReward({ rewardId: 'handcrafted-drink-breakfast', idempotencyKey: 'reserve-0001' })).code).toBe(reservation.code);

    const till = callerFor(t.db, p.terminal);
    const receipt = await till.pos.checkout({ orderId: newOrderId(), memberId: shopper.memberId, order: basket([latte, muffin]), redeem: [{ code: reservation.code }] });
    expect(receipt.redeemed).toEqual([expect.objectContaining({ rewardId: 'handcrafted-drink-breakfast', points: 100 })]);
    expect(receipt.discounts).toEqual([expect.objectContaining({ amount: 550, lineId: 'l1' })]);
    expect(receipt.earned.points).toBe(4); // $4.50 paid for the muffin
    expect(receipt.balance).toEqual({ available: 129, pending: 0, held: 0 });
  });

  it('reverses at a till the points of an online order, line by line', async () => {
    const shopper = await signUpShopper(t.db, p, 'online@example.com');
    const site = callerFor(t.db, p.integration);
    const orderId = newOrderId('web');
    const receipt = await site.integration.recordOrder({ orderId, member: { email: 'online@example.com' }, order: basket([{ ...latte, quantity: 2 }, muffin]) });
    expect(receipt.earned.points).toBe(15);
    const till = callerFor(t.db, p.terminal);
    const refund = await till.pos.refund({ orderId, refundId: `${orderId}-r1`, lines: [{ lineId: 'l1', quantity: 1 }] });
    expect(refund.reversed).toBeGreaterThan(0);
    const rest = await till.pos.void({ orderId });
    expect(refund.reversed + rest.reversed).toBe(15);
    expect((await shopper.caller.shopper.account()).balance.available).toBe(25);
    await expect(till.pos.refund({ orderId, refundId: `${orderId}-r2`, lines: [{ lineId: 'l2', quantity: 1 }] })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('floors at zero when the refunded points were already spent (the demo policy)', async () => {
    const shopper = await signUpShopper(t.db, p, 'spender@example.com');
    const till = callerFor(t.db, p.terminal);
    const orderId = newOrderId();
    await till.pos.checkout({ orderId, memberId: shopper.memberId, order: basket([{ sku: 'mug', category: 'merchandise', unitPrice: 4000 }]) });
    // 25 welcome + 40 = 65; a 60-star bakery reward on a free muffin leaves 5.
    const spent = await till.pos.checkout({ orderId: newOrderId(), memberId: shopper.memberId, order: basket([muffin]), redeem: [{ rewardId: 'brewed-coffee-bakery' }] });
    expect(spent.balance?.available).toBe(5);
    const refund = await till.pos.void({ orderId });
    expect(refund).toMatchObject({ reversed: 5, shortfall: 35, debt: 0 });
    expect((await shopper.caller.shopper.account()).balance.available).toBe(0);
  });

  it('merges a member enrolled at a till by phone into one enrolled online by email, with one history', async () => {
    const till = callerFor(t.db, p.terminal);
    const enrolled = await till.pos.enroll({ phone: '+1 206 555 0199' });
    await till.pos.checkout({ orderId: newOrderId(), memberId: enrolled.memberId, order: basket([latte]) });
    const online = await signUpShopper(t.db, p, 'merged@example.com');
    await callerFor(t.db, p.integration).integration.recordOrder({ orderId: newOrderId('web'), member: { email: 'merged@example.com' }, order: basket([muffin]) });
    const result = await callerFor(t.db, p.managers.manager).manager.members.merge({ fromMemberId: enrolled.memberId, intoMemberId: online.memberId });
    // Till: 25 welcome + 5; online: 25 welcome + 4.
    expect(result.balance.available).toBe(59);
    const history = await online.caller.shopper.history();
    expect(history.items.filter((i) => i.kind === 'earn').map((i) => i.channel).sort()).toEqual(['pos', 'pos', 'web', 'web']);
    // The till finds the merged member by the phone.
    const found = await till.pos.identify({ by: 'phone', value: '+12065550199' });
    expect(found.memberId).toBe(online.memberId);
  });

  it('applies a version published for a future time only to orders from that time', async () => {
    const manager = callerFor(t.db, p.managers.owner);
    const triple = structuredClone(starbucksDemoProgram);
    triple.earning.rules[0]!.award = { kind: 'per-amount', rate: { points: '3', per: 100 }, rounding: 'floor', tierMultiplier: true };
    await manager.manager.program.saveDraft({ document: triple });
    const effectiveAt = new Date(Date.now() + 3_600_000);
    await manager.manager.program.publish({ effectiveAt: effectiveAt.toISOString() });
    const shopper = await signUpShopper(t.db, p, 'future@example.com');
    const till = callerFor(t.db, p.terminal);
    const now = await till.pos.checkout({ orderId: newOrderId(), memberId: shopper.memberId, order: basket([latte]) });
    const later = await till.pos.checkout({ orderId: newOrderId(), memberId: shopper.memberId, order: basket([latte], new Date(effectiveAt.getTime() + 60_000).toISOString()) });
    expect(now.earned.points).toBe(5);
    expect(later.earned.points).toBe(16);
    expect(later.programVersion).toBe(now.programVersion + 1);
  });

  it('leaves a ledger that verifies clean', async () => {
    const report = await verify(t.db);
    expect(report.ok).toBe(true);
  });
});
