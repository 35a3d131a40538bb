import { expect, it } from 'vitest';
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
