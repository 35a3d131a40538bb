import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPosClient, PosError } from '../index.ts';
import { startApi, tillOrder, type ApiUnderTest } from '../testing/api-server.ts';

let api: ApiUnderTest;
beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => api?.destroy());

const noWait = async () => {};
const tillFor = (extra: Partial<Parameters<typeof createPosClient>[0]> = {}) =>
  createPosClient({ url: api.url, terminalKey: api.program.keys.terminal, sleep: noWait, ...extra });

describe('the SDK against the real API over HTTP', () => {
  it('enrols, identifies, quotes, holds a reward, checks out, refunds and voids', async () => {
    const till = tillFor();
    const enrolled = await till.enroll({ phone: '+12025550101', name: 'Ada Lovelace' });
    const found = await till.identify({ by: 'phone', value: '+12025550101' });
    expect(found.memberId).toBe(enrolled.memberId);
    // The demo program's welcome bonus.
    expect(found.balance.available).toBe(25);

    const first = await till.checkout({ orderId: till.newOrderId(), memberId: found.memberId, order: tillOrder([{ sku: 'latte', category: 'handcrafted-drink', unitPrice: 3050 }]) });
    expect(first.status).toBe('posted');
    if (first.status !== 'posted') return;
    expect(first.receipt.earned.points).toBe(30);
    expect(first.receipt.balance?.available).toBe(55);

    const basket = tillOrder([
      { sku: 'drip', category: 'brewed-coffee', unitPrice: 295 },
      { sku: 'shot', category: 'customization', unitPrice: 125 },
    ]);
    const quote = await till.quote({ memberId: found.memberId, order: { ...basket, occurredAt: new Date().toISOString() } });
    expect(quote.earn.points).toBe(4);
    const reward = quote.rewards.find((r) => r.rewardId === 'customize-drink');
    expect(reward).toMatchObject({ points: 25, discount: { amount: 125 } });

    const holdId = till.newHoldId();
    const held = await till.hold({ holdId, memberId: found.memberId, rewardId: 'customize-drink' });
    expect(held.balance.held).toBe(25);
    await till.release({ holdId });
    const holdAgain = till.newHoldId();
    await till.hold({ holdId: holdAgain, memberId: found.memberId, rewardId: 'customize-drink' });

    const orderId = till.newOrderId();
    const sale = await till.checkout({ orderId, memberId: found.memberId, order: basket, redeem: [{ holdId: holdAgain }] });
    if (sale.status !== 'posted') throw new Error('expected the sale to post');
    expect(sale.receipt.redeemed).toEqual([expect.objectContaining({ rewardId: 'customize-drink', points: 25 })]);
    expect(sale.receipt.discountTotal).toBe(125);
    // 2.95 earns, the free shot does not.
    expect(sale.receipt.earned.points).toBe(2);

    const refund = await till.refund({ orderId: first.receipt.orderId, refundId: till.newRefundId(), lines: [{ lineId: 'l1', quantity: 1 }] });
    if (refund.status !== 'posted') throw new Error('expected the refund to post');
    expect(refund.receipt.reversed).toBe(30);

    const voided = await till.void({ orderId });
    if (voided.status !== 'posted') throw new Error('expected the void to post');
    expect(voided.receipt.rewardsReturned).toEqual([expect.objectContaining({ rewardId: 'customize-drink', points: 25 })]);
  });

  it('answers a repeated orderId with the first receipt, and refuses other content with CONFLICT without retrying', async () => {
    let requests = 0;
    const till = tillFor({ fetch: (input, init) => (requests++, fetch(input, init)) });
    const orderId = till.newOrderId();
    const order = tillOrder([{ sku: 'muffin', category: 'bakery', unitPrice: 350 }], '2026-01-05T10:00:00Z');
    const first = await till.checkout({ orderId, order });
    const again = await till.checkout({ orderId, order });
    expect(first).toMatchObject({ status: 'posted', receipt: { replayed: false } });
    expect(again).toMatchObject({ status: 'posted', receipt: { replayed: true } });

    requests = 0;
    const conflict = await till.checkout({ orderId, order: { ...order, lines: [{ ...order.lines[0]!, unitPrice: 999 }] } }).catch((e: unknown) => e);
    expect(conflict).toBeInstanceOf(PosError);
    expect(conflict).toMatchObject({ kind: 'rejected', code: 'CONFLICT', httpStatus: 409, retryable: false });
    expect(requests).toBe(1);
    expect((await till.queue()).length).toBe(0);
  });

  it('names the field at fault on a bad input, and refuses a wrong key', async () => {
    const till = tillFor();
    const bad = await till.checkout({ orderId: 'bad-1', order: tillOrder([{ sku: 'x', category: 'bakery', unitPrice: 100, quantity: 0 }]) }).catch((e: unknown) => e);
    expect(bad).toMatchObject({ kind: 'rejected', code: 'BAD_REQUEST' });
    expect((bad as PosError).fields.map((f) => f.path)).toContain('order.lines[0].quantity');

    const stranger = createPosClient({ url: api.url, terminalKey: 'not-a-key', sleep: noWait });
    await expect(stranger.identify({ by: 'phone', value: '+12025550101' })).rejects.toMatchObject({ kind: 'rejected', code: 'UNAUTHORIZED', httpStatus: 401 });
  });

  it('retries 5xx answers with jittered backoff, then succeeds', async () => {
    let failuresLeft = 2;
    const waits: number[] = [];
    const till = tillFor({
      retry: { retries: 3, baseDelayMs: 100, maxDelayMs: 1_000 },
      random: () => 0.5,
      sleep: async (ms) => void waits.push(ms),
      fetch: async (input, init) => (failuresLeft-- > 0 ? new Response('upstream down', { status: 503 }) : fetch(input, init)),
    });
    const member = await till.identify({ by: 'phone', value: '+12025550101' });
    expect(member.memberId).toBeTruthy();
    expect(waits).toEqual([50, 100]);
  });

  it('gives up after its retries with a clear error: offline when refused, timeout when nothing answers', async () => {
    let attempts = 0;
    const refused = createPosClient({ url: 'http://127.0.0.1:9', terminalKey: 'k', sleep: noWait, retry: { retries: 2 }, fetch: (input, init) => (attempts++, fetch(input, init)) });
    await expect(refused.identify({ by: 'phone', value: '+1' })).rejects.toMatchObject({ name: 'PosError', kind: 'offline', isNetwork: true });
    expect(attempts).toBe(3);
    expect(refused.status().online).toBe(false);

    const hanging = createPosClient({
      url: api.url,
      terminalKey: api.program.keys.terminal,
      sleep: noWait,
      retry: { retries: 1 },
      timeoutMs: 20,
      fetch: (_input, init) => new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal!.reason))),
    });
    await expect(hanging.identify({ by: 'phone', value: '+12025550101' })).rejects.toMatchObject({ kind: 'timeout', retryable: true });

    // Enrolment has no idempotency key, so a timeout is not retried.
    let enrolAttempts = 0;
    const slow = createPosClient({
      url: api.url,
      terminalKey: api.program.keys.terminal,
      sleep: noWait,
      timeoutMs: 20,
      fetch: (_input, init) => (enrolAttempts++, new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal!.reason)))),
    });
    await expect(slow.enroll({ phone: '+12025550999' })).rejects.toMatchObject({ kind: 'timeout' });
    expect(enrolAttempts).toBe(1);
  });
});
