import { describe, expect, it } from 'vitest';
import { adjust, hold, redeem, releaseExpiredHolds, verify } from '@omniloyal/ledger';
import { callerFor } from '../testing/test-context.ts';
import { basket, newOrderId, signUpShopper } from '../testing/fixtures.ts';
import { useTestProgram } from '../testing/use-test-program.ts';

const s = useTestProgram();

const latte = { sku: 'latte-grande', category: 'handcrafted-drink', unitPrice: 550 };
const rewardId = 'handcrafted-drink-breakfast'; // 100 stars
const minutes = (n: number) => n * 60_000;

/**
 * An offline till sells with a reservation an hour ago, while it stood (it expired 10 minutes after the
 * sale), and posts the sale only now: the sale is judged at its own time.
 */
describe('a sale queued at an offline till with a reservation that expired since', () => {
  const soldAt = new Date(Date.now() - minutes(60));

  async function reserved(email: string) {
    const { memberId } = await signUpShopper(s.t.db, s.p, email);
    const base = { programId: s.p.programId, memberId };
    await adjust(s.t.db, { ...base, key: `gift-${email}`, points: 200, reason: 'welcome gift', actor: 'test' });
    const { holdId } = await hold(s.t.db, {
      ...base, key: `reserve-${email}`, points: 100, rewardId, channel: 'app',
      now: new Date(soldAt.getTime() - minutes(5)).toISOString(), ttlSeconds: 15 * 60,
    });
    return { memberId, holdId };
  }
  const holdRow = (holdId: string) =>
    s.t.db.selectFrom('holds').select(['status', 'captured']).where('id', '=', holdId).executeTakeFirstOrThrow();
  const sale = (memberId: string, holdId: string, at = soldAt) =>
    ({ orderId: newOrderId('offline'), memberId, order: basket([latte], at.toISOString()), redeem: [{ holdId }] });

  it('captures the reservation when the expiry job has not returned it yet', async () => {
    const { memberId, holdId } = await reserved('offline-active@example.com');
    const receipt = await callerFor(s.t.db, s.p.terminal).pos.checkout(sale(memberId, holdId));
    expect(receipt.redeemed).toEqual([expect.objectContaining({ rewardId, points: 100, holdId })]);
    expect(receipt.balance).toMatchObject({ held: 0, available: 25 + 200 - 100 + receipt.earned.points });
    expect(await holdRow(holdId)).toEqual({ status: 'captured', captured: 100 });
  });

  it('redeems the points again when the expiry job returned them, and refuses the sale when they were spent since', async () => {
    const ok = await reserved('offline-released@example.com');
    const spent = await reserved('offline-spent@example.com');
    expect(await releaseExpiredHolds(s.t.db, { now: new Date() })).toMatchObject({ holds: 2 });
    await redeem(s.t.db, { programId: s.p.programId, key: 'spent-elsewhere', memberId: spent.memberId, points: 225, rewardId: 'lunch', channel: 'web' });
    const till = callerFor(s.t.db, s.p.terminal);

    const queued = sale(ok.memberId, ok.holdId);
    const receipt = await till.pos.checkout(queued);
    expect(await till.pos.checkout(queued)).toEqual({ ...receipt, replayed: true });
    expect(receipt.redeemed).toEqual([expect.objectContaining({ rewardId, points: 100, holdId: ok.holdId })]);
    expect(receipt.balance).toMatchObject({ held: 0, available: 25 + 200 - 100 + receipt.earned.points });
    expect(await holdRow(ok.holdId)).toEqual({ status: 'captured', captured: 100 });
    // the reservation serves one sale: another sale naming it is refused, and nothing more is redeemed
    const another = sale(ok.memberId, ok.holdId);
    await expect(till.pos.checkout(another)).rejects.toMatchObject({
      code: 'CONFLICT',
      message: 'redeem[0].holdId: this reservation was already used by another sale',
    });
    expect(await s.t.db.selectFrom('orders').select('id').where('id', '=', another.orderId).execute()).toEqual([]);
    expect((await s.t.db.selectFrom('member_accounts').select('available').where('member_id', '=', ok.memberId).executeTakeFirstOrThrow()).available)
      .toBe(receipt.balance!.available);

    const refused = sale(spent.memberId, spent.holdId);
    await expect(till.pos.checkout(refused)).rejects.toMatchObject({
      code: 'PRECONDITION_FAILED',
      message: expect.stringMatching(/^redeem\[0\]\.holdId: this reservation expired after the sale and its points were spent since/),
    });
    expect(await s.t.db.selectFrom('orders').select('id').where('id', '=', refused.orderId).execute()).toEqual([]);
    expect(await holdRow(spent.holdId)).toEqual({ status: 'expired', captured: 0 });
    expect((await verify(s.t.db, { programId: s.p.programId })).ok).toBe(true);
  });

  it('answers two identical sales naming one reservation at once with the one receipt', async () => {
    const { memberId, holdId } = await reserved('offline-twice@example.com');
    const till = callerFor(s.t.db, s.p.terminal);
    const queued = sale(memberId, holdId);
    // a till retrying while its first attempt is still being written: the second finds the reservation
    // captured by the first, and answers the first's receipt rather than that it was used by another sale
    const [a, b] = await Promise.all([till.pos.checkout(queued), till.pos.checkout(queued)]);
    expect([a.replayed, b.replayed].sort()).toEqual([false, true]);
    expect({ ...a, replayed: true }).toEqual({ ...b, replayed: true });
    expect(await holdRow(holdId)).toEqual({ status: 'captured', captured: 100 });
  });

  it('still refuses a reservation for a sale made after it expired', async () => {
    const { memberId, holdId } = await reserved('offline-late@example.com');
    const late = new Date(soldAt.getTime() + minutes(20));
    await expect(callerFor(s.t.db, s.p.terminal).pos.checkout(sale(memberId, holdId, late))).rejects.toMatchObject({ code: 'CONFLICT' });
    await releaseExpiredHolds(s.t.db, { now: new Date() });
    await expect(callerFor(s.t.db, s.p.terminal).pos.checkout(sale(memberId, holdId, late))).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});
