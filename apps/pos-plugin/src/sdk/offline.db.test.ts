import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProgramDocument } from '@omniloyal/core';
import { createPosClient, OFFLINE_RECEIPT_MESSAGE, fileStorage, type QueueStorage } from '../node.ts';
import { publishVersion } from '../../../api/src/services/publish-version.ts';
import { startApi, tillOrder, type ApiUnderTest } from '../testing/api-server.ts';

let api: ApiUnderTest;
let folder: string;
beforeAll(async () => {
  api = await startApi();
  folder = await mkdtemp(join(tmpdir(), 'pos-queue-'));
});
afterAll(async () => {
  await api?.destroy();
  if (folder) await rm(folder, { recursive: true, force: true });
});

const noWait = async () => {};
let queueSeq = 0;
let queuePath: string;
beforeEach(() => {
  queuePath = join(folder, `queue-${++queueSeq}.json`);
});
const tillOn = (storage: QueueStorage, fetchImpl?: typeof fetch) =>
  createPosClient({ url: api.url, terminalKey: api.program.keys.terminal, storage, sleep: noWait, retry: { retries: 1 }, ...(fetchImpl ? { fetch: fetchImpl } : {}) });

let phoneSeq = 0;
async function newMember(till: ReturnType<typeof tillOn>) {
  const phone = `+1202555${String(2000 + ++phoneSeq)}`;
  const { memberId } = await till.enroll({ phone });
  const balance = async () => (await till.identify({ by: 'phone', value: phone })).balance.available;
  return { memberId, phone, balance, start: await balance() };
}

const ordersOf = (memberId: string) => api.t.db.selectFrom('orders').select(['id', 'earned', 'occurred_at']).where('member_id', '=', memberId).orderBy('occurred_at').execute();
const earnsOf = (memberId: string) =>
  api.t.db.selectFrom('ledger_transactions').select('id').where('member_id', '=', memberId).where('kind', '=', 'earn').where('order_id', 'is not', null).execute();

describe('offline checkout and refund', () => {
  it('queues while the API is down with the sale time and key, gives a local receipt, and replays each sale once in order', async () => {
    const till = tillOn(fileStorage(queuePath));
    const member = await newMember(till);

    await api.stop();
    const saleTimes = ['2026-02-01T09:00:00.000Z', '2026-02-01T09:05:00.000Z', '2026-02-01T09:10:00.000Z'];
    const orderIds = saleTimes.map(() => till.newOrderId());
    const outcomes = [];
    for (const [i, at] of saleTimes.entries()) {
      outcomes.push(await till.checkout({ orderId: orderIds[i]!, memberId: member.memberId, order: tillOrder([{ sku: 'latte', category: 'handcrafted-drink', unitPrice: 1000 * (i + 1) }], at) }));
    }
    const refund = await till.refund({ orderId: orderIds[1]!, refundId: till.newRefundId(), lines: [{ lineId: 'l1', quantity: 1 }] });
    for (const outcome of [...outcomes, refund]) expect(outcome).toMatchObject({ status: 'queued', message: OFFLINE_RECEIPT_MESSAGE, error: { kind: 'offline' } });
    expect(till.status()).toMatchObject({ online: false, pending: 4, failed: 0 });

    // Durable: the file holds every operation with its idempotency key and the sale's own time.
    const onDisk = JSON.parse(await readFile(queuePath, 'utf8')).operations;
    expect(onDisk.map((op: { key: string }) => op.key)).toEqual([...orderIds.map((id) => `checkout:${id}`), expect.stringMatching(/^refund:/)]);
    expect(onDisk.slice(0, 3).map((op: { input: { order: { occurredAt: string } } }) => op.input.order.occurredAt)).toEqual(saleTimes);

    // A new till process on the same file (the till rebooted) sees the queue; the API comes back.
    const rebooted = tillOn(fileStorage(queuePath));
    await api.start();
    const report = await rebooted.replay();
    expect(report.posted.map((p) => p.operation.key)).toEqual(onDisk.map((op: { key: string }) => op.key));
    expect(report).toMatchObject({ failed: [], remaining: 0, skipped: false });
    expect(rebooted.status()).toMatchObject({ online: true, pending: 0 });

    const orders = await ordersOf(member.memberId);
    expect(orders.map((o) => o.id)).toEqual(orderIds);
    expect(orders.map((o) => o.earned)).toEqual([10, 20, 30]);
    expect(orders.map((o) => new Date(o.occurred_at).toISOString())).toEqual(saleTimes);
    expect(await member.balance()).toBe(member.start + 10 + 30);
    expect(await rebooted.replay()).toMatchObject({ posted: [], remaining: 0 });
  });

  it('stops at the first network failure when the server stops mid-queue, and finishes once it is back', async () => {
    let checkoutsAnswered = 0;
    // The API goes away right after answering the first replayed sale.
    const dropping: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (String(input).includes('pos.checkout') && response.ok && ++checkoutsAnswered === 1) await api.stop();
      return response;
    };
    const till = tillOn(fileStorage(queuePath), dropping);
    const member = await newMember(till);
    await api.stop();
    const orderIds: string[] = [];
    for (let i = 0; i < 5; i++) {
      const orderId = till.newOrderId();
      orderIds.push(orderId);
      await till.checkout({ orderId, memberId: member.memberId, order: tillOrder([{ sku: 'drip', category: 'brewed-coffee', unitPrice: 500 }], `2026-02-02T10:0${i}:00Z`) });
    }
    await api.start();
    checkoutsAnswered = 0;
    const partial = await till.replay();
    expect(partial.posted).toHaveLength(1);
    expect(partial.remaining).toBe(4);
    expect(till.status()).toMatchObject({ online: false, pending: 4 });
    // A new sale while older ones wait goes behind them, not ahead.
    const late = await till.checkout({ orderId: 'late-sale', memberId: member.memberId, order: tillOrder([{ sku: 'drip', category: 'brewed-coffee', unitPrice: 500 }], '2026-02-02T11:00:00Z') });
    expect(late.status).toBe('queued');

    await api.start();
    const rest = await till.replay();
    expect(rest.posted.map((p) => p.operation.key)).toEqual([...orderIds.slice(1), 'late-sale'].map((id) => `checkout:${id}`));
    expect((await ordersOf(member.memberId)).map((o) => o.id)).toEqual([...orderIds, 'late-sale']);
    expect(await earnsOf(member.memberId)).toHaveLength(6);
    expect(await member.balance()).toBe(member.start + 6 * 5);
  });

  it('posts each sale once when two tabs replay the same queue, with or without the replay lock', async () => {
    const shared = fileStorage(queuePath);
    const tabA = tillOn(shared);
    const member = await newMember(tabA);
    await api.stop();
    for (let i = 0; i < 4; i++) {
      await tabA.checkout({ orderId: tabA.newOrderId(), memberId: member.memberId, order: tillOrder([{ sku: 'tea', category: 'hot-tea', unitPrice: 300 }], `2026-02-03T08:0${i}:00Z`) });
    }
    await api.start();
    const tabB = tillOn(fileStorage(queuePath));
    const [a, b] = await Promise.all([tabA.replay(), tabB.replay()]);
    expect(a.posted.length + b.posted.length).toBe(4);
    expect([a.skipped, b.skipped].filter(Boolean)).toHaveLength(1);

    // Without the lock both tabs post everything; the API's idempotency keeps it to one each.
    await api.stop();
    const unlocked = (): QueueStorage => {
      const { exclusive: _exclusive, ...rest } = fileStorage(queuePath);
      return rest;
    };
    const tabC = tillOn(unlocked());
    for (let i = 0; i < 4; i++) {
      await tabC.checkout({ orderId: tabC.newOrderId(), memberId: member.memberId, order: tillOrder([{ sku: 'tea', category: 'hot-tea', unitPrice: 300 }], `2026-02-03T09:0${i}:00Z`) });
    }
    await api.start();
    const tabD = tillOn(unlocked());
    const [c, d] = await Promise.all([tabC.replay(), tabD.replay()]);
    expect(c.posted.length + d.posted.length).toBeGreaterThanOrEqual(4);
    expect([...c.posted, ...d.posted].filter((p) => p.receipt.replayed === false)).toHaveLength(4);
    expect(await ordersOf(member.memberId)).toHaveLength(8);
    expect(await earnsOf(member.memberId)).toHaveLength(8);
    expect(await member.balance()).toBe(member.start + 8 * 3);
  });

  it('replays a sale whose answer was lost on the way back without earning twice', async () => {
    // Both attempts (the first and its retry) reach the API, and both answers are lost.
    let answersToLose = 2;
    const lossy: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (String(input).includes('pos.checkout') && answersToLose > 0) {
        answersToLose--;
        throw new TypeError('fetch failed', { cause: new Error('socket hang up') });
      }
      return response;
    };
    const till = tillOn(fileStorage(queuePath), lossy);
    const member = await newMember(till);
    const outcome = await till.checkout({ orderId: till.newOrderId(), memberId: member.memberId, order: tillOrder([{ sku: 'latte', category: 'handcrafted-drink', unitPrice: 700 }]) });
    // The API recorded it, but the till never heard back: it queues, and the replay gets the first receipt.
    expect(outcome.status).toBe('queued');
    const report = await till.replay();
    expect(report.posted.map((p) => p.receipt.replayed)).toEqual([true]);
    expect(await earnsOf(member.memberId)).toHaveLength(1);
    expect(await member.balance()).toBe(member.start + 7);
  });

  it('earns by the rules in effect at the sale time, not at replay', async () => {
    const till = tillOn(fileStorage(queuePath));
    const member = await newMember(till);
    await api.stop();
    const beforeChange = new Date(Date.now() - 60_000).toISOString();
    const before = await till.checkout({ orderId: till.newOrderId(), memberId: member.memberId, order: tillOrder([{ sku: 'latte', category: 'handcrafted-drink', unitPrice: 1000 }], beforeChange) });
    // While the till is offline the manager publishes 5 Stars per $1, effective now.
    const document = structuredClone(api.program.document) as ProgramDocument;
    const base = document.earning.rules.find((rule) => rule.id === 'base-stars')!;
    (base.award as { rate: { points: number } }).rate.points = 5;
    await publishVersion(api.t.db, { programId: api.program.programId, document, effectiveAt: new Date(Date.now() - 1_000), publishedBy: 'test' });
    const after = await till.checkout({ orderId: till.newOrderId(), memberId: member.memberId, order: tillOrder([{ sku: 'latte', category: 'handcrafted-drink', unitPrice: 1000 }]) });
    expect([before.status, after.status]).toEqual(['queued', 'queued']);

    await api.start();
    const report = await till.replay();
    expect(report.posted.map((p) => (p.receipt as { earned: { points: number } }).earned.points)).toEqual([10, 50]);
    expect(report.posted.map((p) => (p.receipt as { programVersion: number }).programVersion)).toEqual([1, 2]);
  });

  it('keeps a refused operation (CONFLICT) for the till and goes on with the rest', async () => {
    const till = tillOn(fileStorage(queuePath));
    const member = await newMember(till);
    const order = tillOrder([{ sku: 'scone', category: 'bakery', unitPrice: 400 }], '2026-02-04T12:00:00Z');
    await till.checkout({ orderId: 'reused-id', memberId: member.memberId, order });
    await api.stop();
    // Another till reused the order id for a different sale.
    await till.checkout({ orderId: 'reused-id', memberId: member.memberId, order: { ...order, payments: [{ method: 'cash', amount: 400 }] } });
    await till.checkout({ orderId: 'after-conflict', memberId: member.memberId, order });
    await api.start();
    const events: string[] = [];
    till.subscribe((event) => event.type !== 'status' && events.push(`${event.type}:${event.operation.key}`));
    const report = await till.replay();
    expect(report.failed).toEqual([expect.objectContaining({ key: 'checkout:reused-id', status: 'failed', error: expect.objectContaining({ code: 'CONFLICT' }) })]);
    expect(report.posted.map((p) => p.operation.key)).toEqual(['checkout:after-conflict']);
    expect(events).toEqual(['failed:checkout:reused-id', 'posted:checkout:after-conflict']);
    expect(till.status()).toMatchObject({ pending: 0, failed: 1 });
    // Not retried by itself.
    expect(await till.replay()).toMatchObject({ posted: [], failed: [] });
    await till.dismiss('checkout:reused-id');
    expect(till.status().failed).toBe(0);
  });
});
