import { expect, it } from 'vitest';
import { earn } from '@omniloyal/ledger';
import { callerFor } from '../testing/test-context.ts';
import { basket, newOrderId, signUpShopper } from '../testing/fixtures.ts';
import { useTestProgram } from '../testing/use-test-program.ts';

const s = useTestProgram();

it('moves a member up as soon as earned points qualify, with one tier_changed event, and none for the first tier', async () => {
  const { memberId, caller } = await signUpShopper(s.t.db, s.p, 'climber@example.com');
  const till = callerFor(s.t.db, s.p.terminal);
  const events = () => s.t.db.selectFrom('outbox').select('payload').where('type', '=', 'tier_changed').execute();
  // 25 welcome + $4.00: still Green, which a new member already is.
  await till.pos.checkout({ orderId: newOrderId(), memberId, order: basket([{ sku: 'latte', category: 'handcrafted-drink', unitPrice: 400 }]) });
  expect(await events()).toEqual([]);
  // + $480.00 = 509 stars earned in the window: Gold (500). Spending would not matter: status counts earnings.
  const gold = await till.pos.checkout({ orderId: newOrderId(), memberId, order: basket([{ sku: 'espresso-machine', category: 'merchandise', unitPrice: 48_000 }]) });
  expect(gold.earned.points).toBe(480);
  expect((await events()).map((row) => row.payload)).toEqual([expect.objectContaining({ memberId, from: null, to: 'gold' })]);
  const account = await caller.shopper.account();
  expect(account.tier).toMatchObject({ id: 'gold', qualifyingPoints: 509, nextTier: { id: 'reserve' }, pointsToNextTier: 2500 - 509 });
  // The next order earns at Gold's 1.2 stars per dollar.
  const next = await till.pos.checkout({ orderId: newOrderId(), memberId, order: basket([{ sku: 'latte', category: 'handcrafted-drink', unitPrice: 1000 }]) });
  expect(next.earned.points).toBe(12);
});

/** What member_tier_after_earn compares with the next threshold: the last count plus what was earned since. */
const bound = async (memberId: string) => {
  const row = await s.t.db.selectFrom('member_accounts as a').innerJoin('member_qualifying_bounds as b', 'b.member_id', 'a.member_id')
    .select(['b.counted', 'b.earned_total as then', 'a.earned_total as now']).where('a.member_id', '=', memberId).executeTakeFirstOrThrow();
  return row.counted + (row.now - row.then);
};
const tierOf = async (memberId: string) => (await s.t.db.selectFrom('members').select('tier_id').where('id', '=', memberId).executeTakeFirstOrThrow()).tier_id;

it('counts points however they were earned: an earn that ran no tier check still counts toward the next tier', async () => {
  const { memberId } = await signUpShopper(s.t.db, s.p, 'bound@example.com');
  const till = callerFor(s.t.db, s.p.terminal);
  // 25 welcome + 4: the first check counts and keeps the count as the member's bound
  await till.pos.checkout({ orderId: newOrderId(), memberId, order: basket([{ sku: 'latte', category: 'handcrafted-drink', unitPrice: 400 }]) });
  expect(await bound(memberId)).toBe(29);
  // an earn posted straight to the ledger runs no tier check; the bound follows it all the same
  await earn(s.t.db, { programId: s.p.programId, key: `bound-${memberId}`, memberId, channel: 'web', lots: [{ points: 470 }] });
  expect(await bound(memberId)).toBe(499);
  expect(await tierOf(memberId)).toBeNull();
  // one more star reaches Gold's 500: the bound says "maybe", the count says yes
  await till.pos.checkout({ orderId: newOrderId(), memberId, order: basket([{ sku: 'cookie', category: 'food', unitPrice: 100 }]) });
  expect(await tierOf(memberId)).toBe('gold');
});

it('counts a backdated order in its own window, which can hold earns the bound no longer covers', async () => {
  const { memberId } = await signUpShopper(s.t.db, s.p, 'backdated@example.com');
  const till = callerFor(s.t.db, s.p.terminal);
  const monthsAgo = (months: number) => new Date(Date.now() - months * 30.5 * 86_400_000);
  // 499 stars 15 months ago: outside today's 12-month window
  await earn(s.t.db, { programId: s.p.programId, key: `old-${memberId}`, memberId, channel: 'web', now: monthsAgo(15), occurredAt: monthsAgo(15), lots: [{ points: 499 }] });
  await till.pos.checkout({ orderId: newOrderId(), memberId, order: basket([{ sku: 'latte', category: 'handcrafted-drink', unitPrice: 400 }]) });
  expect(await tierOf(memberId)).toBeNull();
  expect(await bound(memberId)).toBe(29);
  // an offline till's sale from 6 months ago: its window (18 to 6 months ago) holds the 499
  await till.pos.checkout({ orderId: newOrderId(), memberId, order: basket([{ sku: 'cookie', category: 'food', unitPrice: 100 }], monthsAgo(6).toISOString()) });
  expect(await tierOf(memberId)).toBe('gold');
});
