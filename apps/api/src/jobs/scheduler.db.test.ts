import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, testTargets, type TestDb } from '@omniloyal/ledger/testing';
import { createMember, earn, getBalance } from '@omniloyal/ledger';
import { setupProgram, type ProgramFixture } from '../testing/fixtures.ts';
import { startScheduler } from './scheduler.ts';
import type { JobTotals } from './run-jobs-once.ts';

describe.each(testTargets())('the in-server scheduler on %s', (target) => {
  let t: TestDb;
  let p: ProgramFixture;
  beforeAll(async () => {
    t = await createTestDb(target);
    p = await setupProgram(t.db);
  });
  afterAll(async () => t?.destroy());

  it('runs the jobs on its own and stops cleanly, waiting for a run in progress', async () => {
    const member = await createMember(t.db, { programId: p.programId, identifiers: [{ kind: 'email', value: `scheduler-${target}@example.com` }], enrolledChannel: 'web' });
    const earnedAt = new Date('2026-01-10T12:00:00Z');
    await earn(t.db, {
      programId: p.programId, key: `scheduler-${member.id}`, memberId: member.id, channel: 'web', now: earnedAt, occurredAt: earnedAt,
      lots: [{ points: 30, expiresAt: '2026-07-01T04:00:00Z' }],
    });
    const runs: JobTotals[] = [];
    let firstRun!: () => void;
    const ran = new Promise<void>((resolve) => (firstRun = resolve));
    const scheduler = startScheduler(t.db, {
      intervalMs: 5,
      now: () => new Date('2026-08-01T00:00:00Z'),
      onRun: (totals) => {
        runs.push(totals);
        firstRun();
      },
    });
    await ran;
    await scheduler.stop();
    const after = runs.length;
    expect(runs[0]!['expire-lots']).toMatchObject({ lots: 1, points: 30 });
    expect(await getBalance(t.db, member.id)).toEqual({ available: 0, pending: 0, held: 0 });
    // Stopped means stopped: no run starts afterwards.
    await new Promise((resolve) => setImmediate(resolve));
    expect(runs.length).toBe(after);
  });
});
