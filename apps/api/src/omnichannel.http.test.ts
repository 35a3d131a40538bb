import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '@omniloyal/ledger/testing';
import { verify } from '@omniloyal/ledger';
import { starbucksDemoProgram } from '@omniloyal/core';
import { apiClient, startServer, type ApiClient } from './testing/http.ts';
import { basket, newOrderId, setupProgram, TEST_PASSWORD, type ProgramFixture } from './testing/fixtures.ts';

/** The omnichannel promises of SPEC.md, end to end over HTTP: a browser, a till and a site, one ledger. */
let t: TestDb;
let p: ProgramFixture;
let server: Awaited<ReturnType<typeof startServer>>;
let till: ApiClient;
let site: ApiClient;
let manager: ApiClient;

const latte = { sku: 'latte-grande', category: 'handcrafted-drink', unitPrice: 550 };
const muffin = { sku: 'blueberry-muffin', category: 'bakery', unitPrice: 450 };

async function shopper(email: string): Promise<{ client: ApiClient; memberId: string }> {
  const client = apiClient(server.url);
  const me = await client.auth.signup.mutate({ email, password: 'a long password', programId: p.programId });
  return { client, memberId: me.memberId };
}

beforeAll(async () => {
  t = await createTestDb();
  p = await setupProgram(t.db);
  server = await startServer(t.db);
  till = apiClient(server.url, { key: p.keys.terminal });
  site = apiClient(server.url, { key: p.keys.integration });
  manager = apiClient(server.url);
  await manager.auth.login.mutate({ email: 'manager.a@example.com', password: TEST_PASSWORD });
});
afterAll(async () => {
  await server?.close();
  await t?.destroy();
});

describe('omnichannel over HTTP', () => {
  it('captures at the till a reward reserved in the portal, and earns only on what was paid', async () => {
    const { client, memberId } = await shopper('reserver@example.com');
    await manager.manager.members.adjust.mutate({ memberId, points: 200, reason: 'welcome gift', idempotencyKey: 'gift-reserver-1' });
    const reservation = await client.shopper.reserveReward.mutate({ rewardId: 'handcrafted-drink-breakfast', idempotencyKey: 'reserve-0001' });
    expect(reservation.code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect(await client.shopper.reservations.query()).toEqual([expect.objectContaining({ code: reservation.code, rewardId: 'handcrafted-drink-breakfast', points: 100 })]);
    // 25 welcome + 200 gift − 100 held.
    expect((await client.shopper.account.query()).balance).toEqual({ available: 125, pending: 0, held: 100 });
    expect((await client.shopper.reserveReward.mutate({ rewardId: 'handcrafted-drink-breakfast', idempotencyKey: 'reserve-0001' })).code).toBe(reservation.code);

    const found = await till.pos.identify.query({ by: 'email', value: 'reserver@example.com' });
    expect(found.reservations).toEqual([expect.objectContaining({ code: reservation.code, rewardId: 'handcrafted-drink-breakfast' })]);
    const receipt = await till.pos.checkout.mutate({ orderId: newOrderId(), memberId, order: basket([latte, muffin]), redeem: [{ code: reservation.code }] });
    expect(receipt.redeemed).toEqual([expect.objectContaining({ rewardId: 'handcrafted-drink-breakfast', points: 100 })]);
    expect(receipt.discounts).toEqual([expect.objectContaining({ amount: 550, lineId: 'l1' })]);
    expect(receipt.earned.points).toBe(4); // on the $4.50 muffin only
    // The portal sees the till's redemption on the next read.
    const account = await client.shopper.account.query();
    expect(account.balance).toEqual({ available: 129, pending: 0, held: 0 });
    expect(await client.shopper.reservations.query()).toEqual([]);
    const history = await client.shopper.history.query();
    expect(history.items.map((item) => item.kind)).toEqual(expect.arrayContaining(['capture', 'earn', 'hold', 'adjust']));
    expect(history.items.find((item) => item.kind === 'earn' && item.channel === 'pos')).toMatchObject({ reason: 'In-store purchase', store: { id: p.storeId }, rules: [expect.objectContaining({ ruleId: 'base-stars', points: 4 })] });
  });

  it('reverses at a till the points of an online order, line by line', async () => {
    const { client } = await shopper('online@example.com');
    const orderId = newOrderId('web');
    const receipt = await site.integration.recordOrder.mutate({ orderId, member: { email: 'online@example.com' }, order: basket([{ ...latte, quantity: 2 }, muffin]) });
    expect(receipt.earned.points).toBe(15);
    const first = await till.pos.refund.mutate({ orderId, refundId: `${orderId}-r1`, lines: [{ lineId: 'l1', quantity: 1 }] });
    expect(first.reversed).toBe(6); // one of two lattes: half of their 11 stars, rounded half up
    expect(await till.pos.refund.mutate({ orderId, refundId: `${orderId}-r1`, lines: [{ lineId: 'l1', quantity: 1 }] })).toEqual({ ...first, replayed: true });
    const rest = await till.pos.void.mutate({ orderId });
    expect(first.reversed + rest.reversed).toBe(15);
    expect((await client.shopper.account.query()).balance.available).toBe(25);
  });

  it('follows the refund policy when the refunded points were already spent (floor at zero in the demo)', async () => {
    const { client, memberId } = await shopper('spender@example.com');
    const orderId = newOrderId();
    await till.pos.checkout.mutate({ orderId, memberId, order: basket([{ sku: 'mug', category: 'merchandise', unitPrice: 4000 }]) });
    // 25 welcome + 40 = 65; a 60-star bakery reward on a free muffin leaves 5.
    const spent = await till.pos.checkout.mutate({ orderId: newOrderId(), memberId, order: basket([muffin]), redeem: [{ rewardId: 'brewed-coffee-bakery' }] });
    expect(spent.balance?.available).toBe(5);
    const refund = await site.integration.refund.mutate({ orderId, refundId: `${orderId}-r`, lines: [{ lineId: 'l1', quantity: 1 }] });
    expect(refund).toMatchObject({ reversed: 5, shortfall: 35, debt: 0 });
    expect((await client.shopper.account.query()).balance.available).toBe(0);
  });

  it('merges a member enrolled at a till by phone with the one who signed up online, into one history', async () => {
    const enrolled = await till.pos.enroll.mutate({ phone: '+1 206 555 0199' });
    await till.pos.checkout.mutate({ orderId: newOrderId(), memberId: enrolled.memberId, order: basket([latte]) });
    const online = await shopper('merged@example.com');
    await site.integration.recordOrder.mutate({ orderId: newOrderId('web'), member: { email: 'merged@example.com' }, order: basket([muffin]) });
    const merged = await manager.manager.members.merge.mutate({ fromMemberId: enrolled.memberId, intoMemberId: online.memberId });
    expect(merged.balance.available).toBe(25 + 5 + 25 + 4);
    const history = await online.client.shopper.history.query();
    expect(history.items.filter((item) => item.kind === 'earn').map((item) => item.channel).sort()).toEqual(['pos', 'pos', 'web', 'web']);
    expect((await till.pos.identify.query({ by: 'phone', value: '+12065550199' })).memberId).toBe(online.memberId);
    // A till still holding the old id earns into the surviving member.
    const late = await till.pos.checkout.mutate({ orderId: newOrderId(), memberId: enrolled.memberId, order: basket([latte]) });
    expect(late.memberId).toBe(online.memberId);
  });

  it('applies a version published for a future time only to orders from that time', async () => {
    const owner = apiClient(server.url);
    await owner.auth.login.mutate({ email: 'owner.a@example.com', password: TEST_PASSWORD });
    const triple = structuredClone(starbucksDemoProgram);
    triple.earning.rules[0]!.award = { kind: 'per-amount', rate: { points: '3', per: 100 }, rounding: 'floor', tierMultiplier: true };
    await owner.manager.program.saveDraft.mutate({ document: triple });
    const effectiveAt = new Date(Date.now() + 3_600_000);
    const published = await owner.manager.program.publish.mutate({ effectiveAt: effectiveAt.toISOString() });
    const { memberId } = await shopper('future@example.com');
    const now = await till.pos.checkout.mutate({ orderId: newOrderId(), memberId, order: basket([latte]) });
    const later = await till.pos.checkout.mutate({ orderId: newOrderId(), memberId, order: basket([latte], new Date(effectiveAt.getTime() + 60_000).toISOString()) });
    expect(now.earned.points).toBe(5);
    expect(later.earned.points).toBe(16);
    expect(later.programVersion).toBe(published.version);
  });

  it('leaves a ledger that verifies clean', async () => {
    expect((await verify(t.db)).ok).toBe(true);
  });
});
