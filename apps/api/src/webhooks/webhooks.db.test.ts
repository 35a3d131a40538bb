import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, testTargets, type TestDb } from '@omniloyal/ledger/testing';
import { adjust, createDb } from '@omniloyal/ledger';
import { deliverWebhooksJob } from '../jobs/deliver-webhooks.ts';
import { callerFor } from '../testing/test-context.ts';
import { basket, newOrderId, setupProgram, signUpShopper, type ProgramFixture } from '../testing/fixtures.ts';
import { fanOutWebhookEvents } from './fan-out.ts';
import { deliverDueWebhooks } from './deliver.ts';
import { MAX_ATTEMPTS, retryDelayMs } from './backoff.ts';
import { startTestReceiver } from './test-receiver.ts';
import { webhookEventTypes } from './event-types.ts';

const HOUR = 3600_000;
const latte = { sku: 'latte-grande', category: 'handcrafted-drink', unitPrice: 550 };
// The test receiver listens on 127.0.0.1: these tests run with the development escape hatch on, as
// `WEBHOOK_ALLOW_PRIVATE_NETWORKS=1` sets it; destination-guard.db.test.ts tests the default.
const webhookDestinations = { allowPrivateNetworks: true };

describe.each(testTargets())('webhooks on %s', (target) => {
  let t: TestDb;
  let p: ProgramFixture;
  beforeAll(async () => {
    t = await createTestDb(target);
    p = await setupProgram(t.db);
  });
  afterAll(async () => t?.destroy());

  async function drain(now: Date) {
    await fanOutWebhookEvents(t.db, { now });
    return deliverDueWebhooks(t.db, { now, destinations: webhookDestinations });
  }

  it('delivers every event at least once, signed, retrying with backoff after failures', async () => {
    let secret = '';
    const receiver = await startTestReceiver({ secret: () => secret, failFirst: 2 });
    try {
      const owner = callerFor(t.db, p.managers.owner, { webhookDestinations });
      const endpoint = await owner.manager.webhooks.create({ url: receiver.url, description: 'CRM' });
      secret = endpoint.secret;
      expect(secret).toMatch(/^whsec_[A-Za-z0-9+/=]+$/);
      expect(await owner.manager.webhooks.list()).toEqual([expect.not.objectContaining({ secret: expect.anything() })]);

      const { memberId } = await signUpShopper(t.db, p, `hooks-${target}@example.com`);
      await callerFor(t.db, p.terminal).pos.checkout({ orderId: newOrderId(), memberId, order: basket([latte]) });

      const start = new Date();
      const first = await drain(start);
      expect(first).toMatchObject({ delivered: 0 });
      expect(first.attempted).toBeGreaterThan(0);
      // Nothing is due again before the backoff has passed.
      expect(await drain(new Date(start.getTime() + 1_000))).toMatchObject({ attempted: 0 });
      await drain(new Date(start.getTime() + HOUR));
      const third = await drain(new Date(start.getTime() + 2 * HOUR));
      expect(third.delivered).toBe(first.attempted);
      expect(await drain(new Date(start.getTime() + 3 * HOUR))).toMatchObject({ attempted: 0 });

      expect(receiver.received.every((r) => r.verified)).toBe(true);
      // Sign-up (welcome bonus) and purchase: two events, each tried three times under one webhook-id.
      const earned = receiver.received.filter((r) => r.body.type === 'points.earned');
      const attemptsById = new Map<string, typeof earned>();
      for (const r of earned) attemptsById.set(r.id, [...(attemptsById.get(r.id) ?? []), r]);
      expect(attemptsById.size).toBe(2);
      for (const attempts of attemptsById.values()) expect(attempts.map((r) => r.attempt)).toEqual([1, 2, 3]);
      expect(earned.filter((r) => r.answered === 200).map((r) => r.body.data)).toEqual(expect.arrayContaining([
        expect.objectContaining({ programId: p.programId, memberId, points: 5 }),
      ]));

      const log = await owner.manager.webhooks.deliveries({ endpointId: endpoint.id });
      expect(log.items.length).toBe(first.attempted);
      expect(log.items.every((d) => d.status === 'delivered' && d.attempts === 3 && d.responseStatus === 200)).toBe(true);
      const audit = await t.db.selectFrom('audit_log').select('action').where('target', '=', endpoint.id).execute();
      expect(audit.map((a) => a.action)).toEqual(['webhook.create']);
      await owner.manager.webhooks.delete({ id: endpoint.id });
    } finally {
      await receiver.close();
    }
  });

  it('gives up after the last attempt and marks the delivery failed; subscriptions filter event types', async () => {
    let secret = '';
    const receiver = await startTestReceiver({ secret: () => secret, alwaysFail: true });
    try {
      const owner = callerFor(t.db, p.managers.owner, { webhookDestinations });
      const endpoint = await owner.manager.webhooks.create({ url: receiver.url, eventTypes: ['points.adjusted'] });
      secret = endpoint.secret;
      const { memberId } = await signUpShopper(t.db, p, `giveup-${target}@example.com`);
      await callerFor(t.db, p.terminal).pos.checkout({ orderId: newOrderId(), memberId, order: basket([latte]) });
      await callerFor(t.db, p.managers.owner).manager.members.adjust({ memberId, points: 10, reason: 'goodwill', idempotencyKey: `adj-${target}` });

      let now = new Date();
      for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
        const result = await drain(now);
        expect(result.attempted).toBe(1);
        expect(result.failed).toBe(attempt === MAX_ATTEMPTS ? 1 : 0);
        now = new Date(now.getTime() + retryDelayMs(attempt, () => 1) + 1);
      }
      expect(await drain(new Date(now.getTime() + 48 * HOUR))).toMatchObject({ attempted: 0 });
      expect(receiver.received.map((r) => r.body.type)).toEqual(Array(MAX_ATTEMPTS).fill('points.adjusted'));
      expect(receiver.received.every((r) => r.verified)).toBe(true);
      const log = await owner.manager.webhooks.deliveries({ endpointId: endpoint.id, status: 'failed' });
      expect(log.items).toEqual([expect.objectContaining({ type: 'points.adjusted', attempts: MAX_ATTEMPTS, responseStatus: 500, lastError: 'HTTP 500' })]);
    } finally {
      await receiver.close();
    }
  });

  it('an analyst may read but not create; a deleted endpoint gets nothing more', async () => {
    const analyst = callerFor(t.db, p.managers.analyst);
    await expect(analyst.manager.webhooks.create({ url: 'https://example.com/hook' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(callerFor(t.db, p.managers.owner, { webhookDestinations }).manager.webhooks.create({ url: 'ftp://example.com' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const owner = callerFor(t.db, p.managers.owner, { webhookDestinations });
    const endpoint = await owner.manager.webhooks.create({ url: 'http://127.0.0.1:9/unreachable' });
    const { memberId } = await signUpShopper(t.db, p, `deleted-${target}@example.com`);
    await callerFor(t.db, p.terminal).pos.checkout({ orderId: newOrderId(), memberId, order: basket([latte]) });
    await fanOutWebhookEvents(t.db, { now: new Date() });
    await owner.manager.webhooks.delete({ id: endpoint.id });
    await expect(owner.manager.webhooks.delete({ id: endpoint.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await deliverDueWebhooks(t.db, { now: new Date(Date.now() + HOUR), destinations: webhookDestinations })).toMatchObject({ attempted: 0 });
    const log = await analyst.manager.webhooks.deliveries({ endpointId: endpoint.id });
    expect(log.items.every((d) => d.status === 'failed' && d.lastError === 'endpoint deleted')).toBe(true);
  });

  it('stores an earn as an event only while an endpoint of its program wants points.earned', async () => {
    const quiet = await setupProgram(t.db, { tag: 'quiet' });
    const owner = callerFor(t.db, quiet.managers.owner, { webhookDestinations });
    const till = callerFor(t.db, quiet.terminal);
    const earnedEvents = async () => (await t.db.selectFrom('outbox').select('payload')
      .where('program_id', '=', quiet.programId).where('type', '=', 'earned').orderBy('id').execute()).map((event) => event.payload);
    // a sign-up's welcome earn goes one by one (ledger_earn_item), a till's sale in a batch (ledger_earn_batch)
    const signUpAndBuy = async (name: string) => {
      const { memberId } = await signUpShopper(t.db, quiet, `${name}-${target}@example.com`);
      await till.pos.checkout({ orderId: newOrderId(), memberId, order: basket([latte]) });
      return memberId;
    };
    await signUpAndBuy('nobody-listens');
    const adjustedOnly = await owner.manager.webhooks.create({ url: 'http://127.0.0.1:9/adjusted', eventTypes: ['points.adjusted'] });
    await signUpAndBuy('adjustments-only');
    expect(await earnedEvents()).toEqual([]);

    const earnedToo = await owner.manager.webhooks.create({ url: 'http://127.0.0.1:9/earned', eventTypes: [webhookEventTypes.earned] });
    const wanted = await signUpAndBuy('earned-wanted');
    expect(await earnedEvents()).toEqual([
      expect.objectContaining({ memberId: wanted, points: 25 }),
      expect.objectContaining({ memberId: wanted, points: 5 }),
    ]);
    await owner.manager.webhooks.delete({ id: earnedToo.id });
    const everything = await owner.manager.webhooks.create({ url: 'http://127.0.0.1:9/everything' });
    const everyEventBuyer = await signUpAndBuy('every-event');
    await owner.manager.webhooks.delete({ id: everything.id });
    await owner.manager.webhooks.delete({ id: adjustedOnly.id });
    await signUpAndBuy('endpoints-deleted');
    expect((await earnedEvents()).map((event) => (event as { memberId: string }).memberId)).toEqual([wanted, wanted, everyEventBuyer, everyEventBuyer]);
  });

  // PGlite is one connection: two servers at once are tested on real Postgres only (CI always has one).
  if (target === 'postgres') it('two servers delivering at once send each event once when it succeeds', async () => {
    let secret = '';
    const receiver = await startTestReceiver({ secret: () => secret });
    const serverA = await createDb({ databaseUrl: t.url, migrate: false });
    const serverB = await createDb({ databaseUrl: t.url, migrate: false });
    try {
      const endpoint = await callerFor(t.db, p.managers.owner, { webhookDestinations }).manager.webhooks.create({ url: receiver.url, eventTypes: ['points.adjusted'] });
      secret = endpoint.secret;
      const { memberId } = await signUpShopper(t.db, p, 'two-servers@example.com');
      for (let i = 0; i < 40; i++) {
        await adjust(t.db, { programId: p.programId, key: `two-servers-${i}`, memberId, points: 1, reason: 'test', actor: 'test' });
      }
      const now = new Date();
      await Promise.all([serverA, serverB, serverA, serverB].map((db) => deliverWebhooksJob.runBatch(db, now, { webhookDestinations })));
      await Promise.all([serverA, serverB].map((db) => deliverWebhooksJob.runBatch(db, now, { webhookDestinations })));
      const ids = receiver.received.map((r) => r.id);
      expect(ids).toHaveLength(40);
      expect(new Set(ids).size).toBe(40);
      expect(receiver.received.every((r) => r.verified && r.answered === 200)).toBe(true);
      await callerFor(t.db, p.managers.owner, { webhookDestinations }).manager.webhooks.delete({ id: endpoint.id });
    } finally {
      await serverA.destroy();
      await serverB.destroy();
      await receiver.close();
    }
  });
});
