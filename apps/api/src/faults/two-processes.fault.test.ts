import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDb, type TestDb } from '@omniloyal/ledger/testing';
import { hold, verify } from '@omniloyal/ledger';
import { apiClient, startServer } from '../testing/http.ts';
import { setupProgram, type ProgramFixture } from '../testing/fixtures.ts';
import { createWebhookEndpoint } from '../webhooks/endpoints.ts';
import { startTestReceiver } from '../webhooks/test-receiver.ts';
import { startApiProcess, waitUntil, type ApiProcess } from './api-process.ts';
import { createMembers, ledgerAudit, newSale, startCheckoutLoad } from './checkout-load.ts';
import { startRoundRobinProxy } from './round-robin-proxy.ts';

/**
 * Two API processes (each with its job scheduler) on one Postgres database, behind one address: a
 * backlog of webhook deliveries and expired holds is processed exactly once although both servers'
 * jobs start on it at the same moment, checkouts spread over both are each recorded once, and both
 * servers report the same balances.
 */
const postgres = Boolean(process.env.DATABASE_URL);
let t: TestDb;
let p: ProgramFixture;
const apis: ApiProcess[] = [];
const closers: (() => Promise<void>)[] = [];

beforeAll(async () => {
  if (!postgres) return;
  t = await createTestDb('postgres');
  p = await setupProgram(t.db, { tag: 'two' });
});
afterAll(async () => {
  for (const close of closers.reverse()) await close().catch(() => {});
  for (const api of apis) await api.kill9();
  await t?.destroy();
});

describe.runIf(postgres)('two API processes on one database', () => {
  it('process each job and webhook once, and agree on balances', async () => {
    let secret = '';
    const receiver = await startTestReceiver({ secret: () => secret });
    closers.push(receiver.close);
    // The receiver listens on 127.0.0.1, a destination only a development setting allows: here and in both servers.
    secret = (await createWebhookEndpoint(t.db, { programId: p.programId, url: receiver.url, destinations: { allowPrivateNetworks: true } })).secret;
    const memberIds = await createMembers(t.db, p.programId, 10, 'two');

    // A backlog both schedulers find at their first run: purchase events to deliver, holds past their TTL.
    const seed = await startServer(t.db);
    const till = apiClient(seed.url, { key: p.keys.terminal });
    for (let i = 0; i < 200; i++) await till.pos.checkout.mutate(newSale(`backlog-${i}`, memberIds[i % memberIds.length]!, i));
    await seed.close();
    const anHourAgo = new Date(Date.now() - 3_600_000).toISOString();
    for (const [i, memberId] of memberIds.entries()) {
      await hold(t.db, { programId: p.programId, key: `expired-hold-${i}`, memberId, points: 3, channel: 'pos', now: anHourAgo, ttlSeconds: 60 });
    }
    const backlog = (await sql<{ n: number; last: number }>`select count(*)::int as n, max(id)::int as last from outbox where program_id = ${p.programId}`.execute(t.db)).rows[0]!;
    expect(backlog.n).toBeGreaterThanOrEqual(200);

    // Jobs every 2 s rather than 30: the last deliveries of the live checkouts wait for a scheduler run,
    // and at 30 s that wait could take the whole of the test's 30-s allowance.
    const env = { WEBHOOK_ALLOW_PRIVATE_NETWORKS: '1', JOBS_INTERVAL_SECONDS: '2' };
    apis.push(...(await Promise.all([startApiProcess({ databaseUrl: t.url!, env }), startApiProcess({ databaseUrl: t.url!, env })])));
    const [a, b] = apis as [ApiProcess, ApiProcess];
    const proxy = await startRoundRobinProxy([a.port, b.port]);
    closers.push(proxy.close);

    // Live traffic through the one address while both schedulers work the backlog.
    const load = startCheckoutLoad({
      client: () => apiClient(proxy.url, { key: p.keys.terminal }),
      memberIds,
      concurrency: 6,
      prefix: 'live',
    });

    // Live checkouts add events the schedulers pick up as they go; the assertions are about the backlog.
    const backlogDeliveries = () =>
      t.db.selectFrom('webhook_deliveries').select(['outbox_id', 'status', 'attempts']).where('program_id', '=', p.programId).where('outbox_id', '<=', backlog.last).execute();
    await waitUntil(async () => {
      const deliveries = await backlogDeliveries();
      const holds = await t.db.selectFrom('holds').select('id').where('program_id', '=', p.programId).where('status', '=', 'active').execute();
      return holds.length === 0 && deliveries.length === backlog.n && deliveries.every((d) => d.status === 'delivered');
    }, 40_000, 'both schedulers to deliver the backlog and release the expired holds');
    await waitUntil(() => load.acked.size >= 60, 30_000, '60 checkouts through the one address');
    expect(await load.stop(10_000)).toEqual([]);
    // Every delivery, live ones included, ends delivered, and the two schedulers' own reports add up to
    // one attempt per delivery: neither sent what the other had claimed.
    const attempted = (api: ApiProcess) => api.jobRuns().reduce((sum, run) => sum + (run['deliver-webhooks']?.attempted ?? 0), 0);
    const all = () => t.db.selectFrom('webhook_deliveries').select(['status', 'attempts']).where('program_id', '=', p.programId).execute();
    await waitUntil(async () => {
      const rows = await all();
      return rows.every((d) => d.status === 'delivered') && attempted(a) + attempted(b) === rows.length;
    }, 30_000, 'the schedulers to finish their runs');
    expect((await all()).every((d) => d.attempts === 1)).toBe(true);
    expect(receiver.received).toHaveLength((await all()).length);
    expect(new Set(receiver.received.map((r) => r.id)).size).toBe(receiver.received.length);
    expect(proxy.connections.every((n) => n > 0), `connections per server: ${proxy.connections}`).toBe(true);

    // Each backlog event reached the receiver exactly once, on its first attempt.
    const ids = receiver.received.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(receiver.received.every((r) => r.verified && r.attempt === 1)).toBe(true);
    const deliveries = await backlogDeliveries();
    expect(deliveries.filter((d) => d.status !== 'delivered' || d.attempts !== 1)).toEqual([]);
    expect(new Set(deliveries.map((d) => d.outbox_id)).size).toBe(backlog.n);

    // Each expired hold released once.
    const releases = await t.db.selectFrom('ledger_transactions').select('id').where('program_id', '=', p.programId).where('kind', '=', 'release').execute();
    expect(releases).toHaveLength(memberIds.length);
    expect((await t.db.selectFrom('holds').select('status').where('program_id', '=', p.programId).execute()).every((h) => h.status !== 'active')).toBe(true);

    // Live checkouts: once each; and both servers read the same balances as the ledger.
    const audit = await ledgerAudit(t.db, p.programId, load.acked);
    expect(audit.missing).toEqual([]);
    expect(audit.duplicated).toEqual([]);
    expect(audit.verifyOk, JSON.stringify(audit.report)).toBe(true);
    expect((await verify(t.db)).ok).toBe(true);
    const tillA = apiClient(a.url, { key: p.keys.terminal });
    const tillB = apiClient(b.url, { key: p.keys.terminal });
    for (let i = 0; i < memberIds.length; i++) {
      const [fromA, fromB] = await Promise.all([
        tillA.pos.identify.query({ by: 'email', value: `two-${i}@example.com` }),
        tillB.pos.identify.query({ by: 'email', value: `two-${i}@example.com` }),
      ]);
      const row = await t.db.selectFrom('member_accounts').select(['available', 'pending', 'held']).where('member_id', '=', memberIds[i]!).executeTakeFirstOrThrow();
      expect(fromA.balance).toEqual(fromB.balance);
      expect(fromA.balance).toEqual(row);
    }
  });
});
