import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, testTargets, type TestDb } from '@omniloyal/ledger/testing';
import { createDb, createMember, earn, getBalance, hold, verify, type Db } from '@omniloyal/ledger';
import { setupProgram, type ProgramFixture } from '../testing/fixtures.ts';
import { runJobsOnce } from './run-jobs-once.ts';

const DAY = 86_400_000;
const NOW = new Date('2026-11-01T12:00:00Z');
const daysFromNow = (days: number) => new Date(NOW.getTime() + days * DAY);
let seq = 0;

async function memberWithLots(db: Db, programId: string, lots: { points: number; expiresAt: Date | null; at: Date }[]) {
  seq += 1;
  const member = await createMember(db, { programId, identifiers: [{ kind: 'email', value: `jobs${seq}-${Date.now()}@example.com` }], enrolledChannel: 'web' });
  for (const [i, lot] of lots.entries()) {
    await earn(db, {
      programId, key: `jobs-${member.id}-${i}`, memberId: member.id, channel: 'web', now: lot.at, occurredAt: lot.at,
      lots: [{ points: lot.points, expiresAt: lot.expiresAt }],
    });
  }
  return member.id;
}

describe.each(testTargets())('background jobs on %s', (target) => {
  let t: TestDb;
  let p: ProgramFixture;
  beforeAll(async () => {
    t = await createTestDb(target);
    p = await setupProgram(t.db);
  });
  afterAll(async () => t?.destroy());

  it('expires due lots, warns of points expiring within 30 days once, releases expired holds; a rerun does nothing', async () => {
    const expired = await memberWithLots(t.db, p.programId, [{ points: 40, expiresAt: daysFromNow(-1), at: daysFromNow(-200) }]);
    const soon = await memberWithLots(t.db, p.programId, [
      { points: 30, expiresAt: daysFromNow(20), at: daysFromNow(-150) },
      { points: 12, expiresAt: daysFromNow(45), at: daysFromNow(-100) },
    ]);
    const holder = await memberWithLots(t.db, p.programId, [{ points: 100, expiresAt: null, at: daysFromNow(-10) }]);
    await hold(t.db, { programId: p.programId, key: `hold-${holder}`, memberId: holder, points: 60, ttlSeconds: 600, channel: 'pos', now: daysFromNow(-1) });

    const first = await runJobsOnce(t.db, { now: NOW });
    expect(first['expire-lots']).toMatchObject({ lots: 1, points: 40 });
    expect(first['release-expired-holds']).toMatchObject({ holds: 1, points: 60 });
    expect(await getBalance(t.db, expired)).toEqual({ available: 0, pending: 0, held: 0 });
    expect(await getBalance(t.db, holder)).toEqual({ available: 100, pending: 0, held: 0 });
    const notices = await t.db.selectFrom('outbox').select('payload').where('type', '=', 'expiring_soon').execute();
    expect(notices.map((n) => n.payload)).toEqual([expect.objectContaining({ memberId: soon, points: 30 })]);

    const second = await runJobsOnce(t.db, { now: new Date(NOW.getTime() + 60_000) });
    expect(second['expire-lots']).toMatchObject({ lots: 0 });
    expect(second['expiring-soon']).toMatchObject({ notices: 0 });
    expect(second['release-expired-holds']).toMatchObject({ holds: 0 });
    // Ten days on, the second lot enters the 30-day window: one new notice, for it alone.
    const later = await runJobsOnce(t.db, { now: daysFromNow(16) });
    expect(later['expiring-soon']).toMatchObject({ notices: 1, points: 12 });
    expect((await verify(t.db)).ok).toBe(true);
  });

  it('recomputes a tier when its status period ends and the window has rolled, with a tier_changed event', async () => {
    const lapsed = await memberWithLots(t.db, p.programId, [{ points: 600, expiresAt: null, at: daysFromNow(-500) }]);
    const kept = await memberWithLots(t.db, p.programId, [{ points: 700, expiresAt: null, at: daysFromNow(-100) }]);
    await t.db.updateTable('members').set({ tier_id: 'gold', tier_since: daysFromNow(-400) }).where('id', 'in', [lapsed, kept]).execute();

    const run = await runJobsOnce(t.db, { now: NOW });
    expect(run['recompute-tiers']).toMatchObject({ examined: 2, changed: 1 });
    const tiers = await t.db.selectFrom('members').select(['id', 'tier_id', 'tier_since']).where('id', 'in', [lapsed, kept]).execute();
    expect(Object.fromEntries(tiers.map((m) => [m.id, m.tier_id]))).toEqual({ [lapsed]: 'green', [kept]: 'gold' });
    const events = await t.db.selectFrom('outbox').select('payload').where('type', '=', 'tier_changed').execute();
    expect(events.map((e) => e.payload)).toContainEqual(expect.objectContaining({ memberId: lapsed, from: 'gold', to: 'green' }));
    expect((await runJobsOnce(t.db, { now: NOW }))['recompute-tiers']).toMatchObject({ examined: 0, changed: 0 });
  });

  // PGlite is one connection: concurrency is tested on real Postgres only (CI always has one).
  if (target === 'postgres') it('two servers running the jobs at once expire, release and notify each thing exactly once', async () => {
    const members: string[] = [];
    for (let i = 0; i < 40; i++) {
      members.push(await memberWithLots(t.db, p.programId, [
        { points: 10, expiresAt: daysFromNow(-2), at: daysFromNow(-200) },
        { points: 7, expiresAt: daysFromNow(-1), at: daysFromNow(-190) },
        { points: 5, expiresAt: daysFromNow(10), at: daysFromNow(-170) },
      ]));
    }
    const serverA = await createDb({ databaseUrl: t.url, migrate: false });
    const serverB = await createDb({ databaseUrl: t.url, migrate: false });
    try {
      const at = daysFromNow(1);
      const runs = await Promise.all([serverA, serverB, serverA, serverB].map((db) => runJobsOnce(db, { now: at })));
      const total = (job: string, field: string) => runs.reduce((sum, run) => sum + (run[job]?.[field] ?? 0), 0);
      expect(total('expire-lots', 'points')).toBe(40 * 17);
      expect(total('expire-lots', 'lots')).toBe(40 * 2);
      expect(total('expiring-soon', 'notices')).toBe(40);
      for (const member of members) expect(await getBalance(t.db, member)).toEqual({ available: 5, pending: 0, held: 0 });
      const notices = await t.db.selectFrom('expiry_notices').select('member_id').where('member_id', 'in', members).execute();
      expect(notices).toHaveLength(40);
      expect((await verify(t.db)).ok).toBe(true);
    } finally {
      await serverA.destroy();
      await serverB.destroy();
    }
  });
});
