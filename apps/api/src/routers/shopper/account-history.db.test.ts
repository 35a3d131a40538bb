import { describe, expect, it } from 'vitest';
import { createMember, expiringPoints, getBalance, memberHistory } from '@omniloyal/ledger';
import { uuidv7 } from 'uuidv7';
import { callerFor } from '../../testing/test-context.ts';
import { basket, newOrderId, setupProgram, signUpShopper } from '../../testing/fixtures.ts';
import { useTestProgram } from '../../testing/use-test-program.ts';
import { resolveMember } from '../../services/members.ts';
import { versionAt } from '../../services/program-versions.ts';
import { tierStatus } from '../../services/tier-status.ts';
import { shopperAccount } from '../../services/shopper-account.ts';
import { shopperHistory } from '../../services/shopper-history.ts';

/**
 * shopper.account and shopper.history read everything in one statement each (services/shopper-account.ts,
 * services/shopper-history.ts). These hold them to the functions they replace — resolveMember,
 * getBalance, tierStatus, expiringPoints, memberHistory and the program's store names — on members with
 * earns at a till and online, a refund, a hold, and merges two deep.
 */
const s = useTestProgram();
const DAY = 86_400_000;

async function setup() {
  const { db } = s.t;
  const till = callerFor(db, s.p.terminal);
  const site = callerFor(db, s.p.integration);
  const support = callerFor(db, s.p.managers.support);
  const a = await signUpShopper(db, s.p, 'survivor@example.com');
  const b = await signUpShopper(db, s.p, 'merged-once@example.com');
  const c = await signUpShopper(db, s.p, 'merged-twice@example.com');
  const latte = { sku: 'latte', category: 'handcrafted-drink', unitPrice: 550 };
  await till.pos.checkout({ orderId: newOrderId(), memberId: a.memberId, order: basket([{ sku: 'machine', category: 'merchandise', unitPrice: 15_000 }]) });
  await till.pos.checkout({ orderId: newOrderId(), memberId: b.memberId, order: basket([latte]) });
  await till.pos.checkout({ orderId: newOrderId(), memberId: c.memberId, order: basket([latte]) });
  const webOrder = newOrderId('web');
  await site.integration.recordOrder({ orderId: webOrder, member: { email: 'survivor@example.com' }, order: basket([latte, { sku: 'muffin', category: 'bakery', unitPrice: 450 }]) });
  await site.integration.refund({ orderId: webOrder, refundId: `${webOrder}-r`, lines: [{ lineId: 'l1', quantity: 1 }] });
  await a.caller.shopper.reserveReward({ rewardId: 'handcrafted-drink-breakfast', idempotencyKey: 'reserve-0001' });
  // c → b, then b → a: c's session reaches a in two hops; a's qualifying points include b's (merged into a).
  await support.manager.members.merge({ fromMemberId: c.memberId, intoMemberId: b.memberId });
  await support.manager.members.merge({ fromMemberId: b.memberId, intoMemberId: a.memberId });
  // A member with a name, birthday and tags and no transaction at all (as an import makes them).
  const imported = await createMember(db, { programId: s.p.programId, identifiers: [], name: 'Imported', birthday: '1990-02-03', tags: ['vip'], enrolledChannel: 'import' });
  return { a, b, c, importedId: imported.id };
}

describe('shopper.account and shopper.history in one statement each', () => {
  it('read what resolveMember, getBalance, tierStatus, expiringPoints and memberHistory read', async () => {
    const { db } = s.t;
    const { programId } = s.p;
    const { a, b, c, importedId } = await setup();

    // Now, and 150 days on, when the lots (end of month 6 months after) are within the 90-day window.
    for (const now of [new Date(), new Date(Date.now() + 150 * DAY)]) {
      const { document } = await versionAt(db, programId, now);
      const expiringBefore = new Date(now.getTime() + 90 * DAY);
      for (const memberId of [a.memberId, b.memberId, c.memberId, importedId]) {
        const member = await resolveMember(db, programId, memberId);
        const expected = {
          member,
          balance: await getBalance(db, member.id),
          status: await tierStatus(db, document, member, now.toISOString()),
          expiring: await expiringPoints(db, member.id, { before: expiringBefore }),
        };
        expect(await shopperAccount(db, { programId, memberId, document, at: now.toISOString(), expiringBefore })).toEqual(expected);
      }
    }
    const later = await shopperAccount(db, {
      programId, memberId: c.memberId, document: s.p.document, at: new Date(Date.now() + 150 * DAY).toISOString(), expiringBefore: new Date(Date.now() + 240 * DAY),
    });
    // The case is not vacuous: merged, held, refunded and expiring points are all there.
    expect(later.member.id).toBe(a.memberId);
    expect(later.balance.held).toBe(100);
    expect(later.expiring.length).toBeGreaterThan(0);

    const stores = new Map((await db.selectFrom('stores').select(['id', 'name']).where('program_id', '=', programId).execute()).map((row) => [row.id, row.name]));
    for (const memberId of [a.memberId, c.memberId, importedId]) {
      const member = await resolveMember(db, programId, memberId);
      for (const limit of [2, 100]) {
        let cursor: string | undefined;
        let pages = 0;
        do {
          const expected = await memberHistory(db, { memberId: member.id, limit, ...(cursor ? { cursor } : {}) });
          const page = await shopperHistory(db, { programId, memberId, limit, ...(cursor ? { cursor } : {}) });
          expect(page).toEqual({
            items: expected.items.map((item) => ({
              id: item.id, at: item.at, kind: item.kind, points: item.points, held: item.held, channel: item.channel,
              store: item.storeId ? { id: item.storeId, name: stores.get(item.storeId) ?? null } : null,
              orderId: item.orderId, reason: item.reason, rules: item.rules,
            })),
            ...(expected.nextCursor ? { nextCursor: expected.nextCursor } : {}),
          });
          cursor = page.nextCursor;
          pages += 1;
        } while (cursor);
        if (memberId === a.memberId && limit === 2) expect(pages).toBeGreaterThan(3);
      }
    }
    expect((await shopperHistory(db, { programId, memberId: importedId, limit: 20 })).items).toEqual([]);
  });

  it('says how many points a reservation set aside and how many its release gave back or its capture used', async () => {
    const { db } = s.t;
    const till = callerFor(db, s.p.terminal);
    const shopper = await signUpShopper(db, s.p, 'reserver@example.com');
    await till.pos.checkout({ orderId: newOrderId(), memberId: shopper.memberId, order: basket([{ sku: 'machine', category: 'merchandise', unitPrice: 30_000 }]) });
    const cancelled = await shopper.caller.shopper.reserveReward({ rewardId: 'handcrafted-drink-breakfast', idempotencyKey: 'reserve-held-1' });
    await shopper.caller.shopper.cancelReservation({ code: cancelled.code });
    const used = await shopper.caller.shopper.reserveReward({ rewardId: 'handcrafted-drink-breakfast', idempotencyKey: 'reserve-held-2' });
    await till.pos.checkout({ orderId: newOrderId(), memberId: shopper.memberId, order: basket([{ sku: 'latte', category: 'handcrafted-drink', unitPrice: 550 }]), redeem: [{ code: used.code }] });

    const { items } = await shopper.caller.shopper.history();
    // newest first: the sale's earn and capture, the second hold, the release, the first hold, the first sale
    expect(items.filter((item) => item.kind !== 'earn').map(({ kind, points, held }) => ({ kind, points, held }))).toEqual([
      { kind: 'capture', points: -100, held: -100 },
      { kind: 'hold', points: 0, held: 100 },
      { kind: 'release', points: 0, held: -100 },
      { kind: 'hold', points: 0, held: 100 },
    ]);
    expect(items.filter((item) => item.kind === 'earn').every((item) => item.held === 0)).toBe(true);
    // the console's member page reads the same figures (the ledger's memberHistory)
    const ledger = await callerFor(s.t.db, s.p.managers.support).manager.members.history({ memberId: shopper.memberId });
    expect(ledger.items.map(({ id, held }) => ({ id, held }))).toEqual(items.map(({ id, held }) => ({ id, held })));
  });

  it('answers NOT_FOUND, as before, for a session whose member is not in the program', async () => {
    const other = await setupProgram(s.t.db, { tag: 'other' });
    const elsewhere = await createMember(s.t.db, { programId: other.programId, identifiers: [], enrolledChannel: 'import' });
    for (const memberId of [uuidv7(), elsewhere.id]) {
      const stranger = callerFor(s.t.db, { kind: 'shopper', sessionId: uuidv7(), programId: s.p.programId, memberId });
      const notFound = { code: 'NOT_FOUND', message: `memberId: member ${memberId} was not found` };
      await expect(stranger.shopper.account()).rejects.toMatchObject(notFound);
      await expect(stranger.shopper.history()).rejects.toMatchObject(notFound);
    }
  });
});
