import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '@omniloyal/ledger/testing';
import { createMember, expireDue } from '@omniloyal/ledger';
import { callerFor } from '../../testing/test-context.ts';
import { setupProgram, type ProgramFixture } from '../../testing/fixtures.ts';

/**
 * A known data set (demo program, America/New_York, 1 star per $1, Green stars expire at the end of
 * the 6th month after the month earned) with every answer computed by hand in the comments.
 */
let t: TestDb;
let p: ProgramFixture;
const at = (iso: string) => ({ now: () => new Date(iso) });
const line = (lineId: string, sku: string, category: string, unitPrice: number) => ({ lineId, sku, category, quantity: 1, unitPrice });
const order = (occurredAt: string, lines: ReturnType<typeof line>[], storeId?: string) => ({
  occurredAt,
  ...(storeId ? { storeId } : {}),
  lines,
  payments: [{ method: 'card', amount: lines.reduce((s, l) => s + l.unitPrice, 0) }],
  currency: 'USD',
});

beforeAll(async () => {
  t = await createTestDb();
  p = await setupProgram(t.db);
  const member = (phone: string) => createMember(t.db, { programId: p.programId, identifiers: [{ kind: 'phone', value: phone }], enrolledChannel: 'pos' });
  const [a, b, c] = [await member('+12065550001'), await member('+12065550002'), await member('+12065550003')];
  const till = (iso: string) => callerFor(t.db, p.terminal, at(iso));
  const site = (iso: string) => callerFor(t.db, p.integration, at(iso));
  // A: pos Jan 10 $10 → 10; web Feb 5 $20 → 20; pos Mar 1 redeems customize-drink (25) on oat milk, earns 5 on the $5.50 latte.
  await till('2026-01-10T15:00:00Z').pos.checkout({ orderId: 'a1', memberId: a.id, order: order('2026-01-10T15:00:00Z', [line('l1', 'mug', 'merchandise', 1000)]) });
  await site('2026-02-05T15:00:00Z').integration.recordOrder({ orderId: 'a2', member: { memberId: a.id }, order: order('2026-02-05T15:00:00Z', [line('l1', 'beans', 'packaged-coffee', 2000)]) });
  await till('2026-03-01T15:00:00Z').pos.checkout({
    orderId: 'a3',
    memberId: a.id,
    order: order('2026-03-01T15:00:00Z', [line('l1', 'oat-milk', 'customization', 70), line('l2', 'latte', 'handcrafted-drink', 550)]),
    redeem: [{ rewardId: 'customize-drink' }],
  });
  // B: pos Jan 20 $5 → 5; pos Mar 3 $7 → 7.
  await till('2026-01-20T15:00:00Z').pos.checkout({ orderId: 'b1', memberId: b.id, order: order('2026-01-20T15:00:00Z', [line('l1', 'muffin', 'bakery', 500)]) });
  await till('2026-03-03T15:00:00Z').pos.checkout({ orderId: 'b2', memberId: b.id, order: order('2026-03-03T15:00:00Z', [line('l1', 'sandwich', 'lunch', 700)]) });
  // C: web Feb 14 $30 → 30, voided at a till on Feb 20 → 30 reversed.
  await site('2026-02-14T15:00:00Z').integration.recordOrder({ orderId: 'c1', member: { memberId: c.id }, order: order('2026-02-14T15:00:00Z', [line('l1', 'press', 'merchandise', 3000)]) });
  await till('2026-02-20T15:00:00Z').pos.void({ orderId: 'c1' });
  // 1 Aug 00:00 New York: January's stars expire. A's January 10 were spent first (first to expire, first
  // spent) by the March redemption; B's January 5 expire.
  await expireDue(t.db, { now: '2026-08-01T04:00:00Z', programId: p.programId });
});
afterAll(async () => t?.destroy());

describe('manager analytics on a known data set', () => {
  it('sums the first quarter by hand', async () => {
    const manager = callerFor(t.db, p.managers.analyst);
    const q1 = await manager.manager.analytics.summary({ from: '2026-01-01T00:00:00-05:00', to: '2026-04-01T00:00:00-04:00' });
    // issued 10 + 20 + 5 (A) + 5 + 7 (B) + 30 (C) = 77; redeemed 25; reversed 30; liability 77 − 25 − 30 = 22, at 4¢ a star 88¢.
    expect(q1).toMatchObject({ issued: 77, redeemed: 25, expired: 0, reversed: 30, adjusted: 0, liability: { points: 22, amount: 88 }, breakageRate: 0, activeMembers: 3 });
    // pos: $10 + $5 + $7 + ($6.20 − $0.70 reward) = $27.50 over 4 orders; web: $20 + $30 over 2.
    expect(q1.channels).toEqual([
      { channel: 'pos', orders: 4, revenue: 2750, averageOrderValue: 688 },
      { channel: 'web', orders: 2, revenue: 5000, averageOrderValue: 2500 },
    ]);
    // A bought in two channels (3 orders, $35.50); B and C in one (3 orders, $12 + $30).
    expect(q1.omnichannel).toEqual({ members: 1, share: 1 / 3, orders: 3, spend: 3550, lifetimeValue: 3550 });
    expect(q1.singleChannel).toEqual({ members: 2, share: 2 / 3, orders: 3, spend: 4200, lifetimeValue: 2100 });
    // January cohort (A, B): both in January, A in February, both in March. February cohort: C.
    expect(q1.retention).toEqual([
      { cohort: '2026-01', members: 2, months: [{ offset: 0, active: 2, rate: 1 }, { offset: 1, active: 1, rate: 0.5 }, { offset: 2, active: 2, rate: 1 }] },
      { cohort: '2026-02', members: 1, months: [{ offset: 0, active: 1, rate: 1 }] },
    ]);
  });

  it('counts breakage when stars expire', async () => {
    const manager = callerFor(t.db, p.managers.analyst);
    const summer = await manager.manager.analytics.summary({ from: '2026-07-01T00:00:00-04:00', to: '2026-09-01T00:00:00-04:00' });
    expect(summer).toMatchObject({ issued: 0, redeemed: 0, expired: 5, breakageRate: 1, liability: { points: 17 }, activeMembers: 0 });
  });

  it('gives monthly series in the program’s time zone', async () => {
    const manager = callerFor(t.db, p.managers.owner);
    const range = { from: '2026-01-01T00:00:00-05:00', to: '2026-04-01T00:00:00-04:00', bucket: 'month' as const };
    const values = async (metric: 'issued' | 'liability' | 'orders' | 'active_members') =>
      (await manager.manager.analytics.series({ ...range, metric })).points.map((point) => point.value);
    // January 10 + 5; February 20 + 30; March 5 + 7.
    expect(await values('issued')).toEqual([15, 50, 12]);
    // End of January 15; of February 15 + 50 − 30 = 35; of March 35 + 12 − 25 = 22.
    expect(await values('liability')).toEqual([15, 35, 22]);
    expect(await values('orders')).toEqual([2, 2, 2]);
    expect(await values('active_members')).toEqual([2, 2, 2]);
    const buckets = await manager.manager.analytics.series({ ...range, metric: 'issued' });
    expect(buckets.points.map((point) => point.at)).toEqual(['2026-01-01T05:00:00.000Z', '2026-02-01T05:00:00.000Z', '2026-03-01T05:00:00.000Z']);
  });

  it('marks the buckets that cover only part of a period: cut by the range, or not over yet', async () => {
    const series = async (range: { from: string; to: string }, now: string) =>
      (await callerFor(t.db, p.managers.owner, { now: () => new Date(now) }).manager.analytics.series({ ...range, bucket: 'month', metric: 'issued' }))
        .points.map(({ value, complete }) => ({ value, complete }));
    // January from the 10th, February whole, March to the 15th: the same sales, but two months are cut.
    expect(await series({ from: '2026-01-10T00:00:00-05:00', to: '2026-03-15T00:00:00-04:00' }, '2026-06-01T00:00:00Z')).toEqual([
      { value: 15, complete: false }, { value: 50, complete: true }, { value: 12, complete: false },
    ]);
    // The whole quarter asked for mid-February: January is over; February is still going and March to come.
    expect(await series({ from: '2026-01-01T00:00:00-05:00', to: '2026-04-01T00:00:00-04:00' }, '2026-02-15T12:00:00Z')).toEqual([
      { value: 15, complete: true }, { value: 50, complete: false }, { value: 12, complete: false },
    ]);
  });

  it('refuses support staff, names bad ranges', async () => {
    await expect(callerFor(t.db, p.managers.support).manager.analytics.summary({ from: '2026-01-01T00:00:00Z', to: '2026-02-01T00:00:00Z' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(callerFor(t.db, p.managers.owner).manager.analytics.summary({ from: '2026-02-01T00:00:00Z', to: '2026-01-01T00:00:00Z' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});
