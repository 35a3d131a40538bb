import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDb, testTargets, type TestDb } from '@omniloyal/ledger/testing';
import { createMember, dbKind, type Db } from '@omniloyal/ledger';
import { setupProgram, type ProgramFixture } from '../testing/fixtures.ts';
import { refreshStatisticsJob } from './refresh-statistics.ts';
import { runJobsOnce } from './run-jobs-once.ts';

/** What the planner knows of the members table, and what the statistics say changed since. */
async function membersStatistics(db: Db) {
  // counters reach pg_stat_user_tables when the session flushes them: at the end of the next statement
  await sql`select pg_stat_force_next_flush()`.execute(db);
  const { rows: [row] } = await sql<{ reltuples: number; changed: number; analyzed: Date | null }>`
    select c.reltuples::float8 as reltuples, s.n_mod_since_analyze::int as changed, s.last_analyze as analyzed
    from pg_class c join pg_stat_user_tables s on s.relid = c.oid
    where c.relname = 'members' and s.schemaname = current_schema()`.execute(db);
  return row!;
}

const refresh = async (db: Db) => (await runJobsOnce(db, { jobs: [refreshStatisticsJob] }))['refresh-statistics'];

describe.each(testTargets())('refreshing planner statistics on %s', (target) => {
  let t: TestDb;
  let p: ProgramFixture;
  beforeAll(async () => {
    t = await createTestDb(target);
    p = await setupProgram(t.db, { tag: 'statistics' });
  });
  afterAll(async () => t?.destroy());

  it('analyses an embedded database’s tables once enough rows changed, and leaves a Postgres server’s to its autovacuum', async () => {
    await refresh(t.db); // whatever the fixture left behind
    const before = await membersStatistics(t.db);
    for (let i = 0; i < 120; i++) {
      await createMember(t.db, { programId: p.programId, identifiers: [{ kind: 'email', value: `stats-${i}@example.com` }], enrolledChannel: 'web' });
    }
    const grown = await membersStatistics(t.db);
    expect(grown.changed).toBeGreaterThanOrEqual(120);

    const run = await refresh(t.db);
    const after = await membersStatistics(t.db);
    if (dbKind(t.db) === 'pglite') {
      expect(run!.analyzed).toBeGreaterThanOrEqual(1);
      expect(after.changed).toBe(0);
      expect(after.reltuples).toBeGreaterThanOrEqual(before.reltuples + 120);
      // nothing changed since: the next run analyses nothing
      expect((await refresh(t.db))!.analyzed).toBe(0);
    } else {
      expect(run).toEqual({ analyzed: 0 });
      expect(after.analyzed).toEqual(grown.analyzed);
    }
  });
});
