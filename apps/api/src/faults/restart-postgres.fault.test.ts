import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '@omniloyal/ledger';
import { startTempPostgres, type TempPostgres } from '../../../../bench/faults/temp-postgres.ts';
import { apiClient } from '../testing/http.ts';
import { setupProgram, type ProgramFixture } from '../testing/fixtures.ts';
import { startApiProcess, waitUntil, type ApiProcess } from './api-process.ts';
import { createMembers, ledgerAudit, startCheckoutLoad } from './checkout-load.ts';

/**
 * Postgres restarted under load (a clean restart, then a crash restart that recovers from WAL) on a
 * cluster of our own (never the machine's shared one): the same API process recovers on its own, and
 * no acknowledged write is lost. Runs where real Postgres tests run (DATABASE_URL set: Postgres binaries
 * are installed there).
 */
const postgres = Boolean(process.env.DATABASE_URL);
let cluster: TempPostgres | undefined;
let db: Db | undefined;
let api: ApiProcess | undefined;
let p: ProgramFixture;

beforeAll(async () => {
  if (!postgres) return;
  cluster = await startTempPostgres();
  db = await createDb({ databaseUrl: cluster.url(), poolSize: 4 });
  p = await setupProgram(db, { tag: 'restart' });
});
afterAll(async () => {
  await api?.kill9();
  await db?.destroy();
  await cluster?.stop();
});

describe.runIf(postgres)('Postgres restarts under load', () => {
  it('the API recovers without a restart and loses no acknowledged checkout', async () => {
    const memberIds = await createMembers(db!, p.programId, 12, 'restart');
    api = await startApiProcess({ databaseUrl: cluster!.url() });
    const load = startCheckoutLoad({ client: () => apiClient(api!.url, { key: p.keys.terminal }), memberIds, concurrency: 8, prefix: 'restart' });
    const health = async () => (await fetch(`${api!.url}/health`)).status;

    for (const mode of ['fast', 'immediate'] as const) {
      const before = load.acked.size;
      await waitUntil(() => load.acked.size >= before + 40, 30_000, `40 acknowledged checkouts before the ${mode} restart`);
      const failuresBefore = load.failures();
      await cluster!.restart(mode);
      const afterRestart = load.acked.size;
      await waitUntil(() => load.acked.size >= afterRestart + 40, 30_000, `40 acknowledged checkouts after the ${mode} restart`).catch((error: Error) => {
        throw new Error(`${error.message}; the API's last errors:\n${lastErrors(api!.output())}`);
      });
      expect(load.failures(), `the ${mode} restart cut some requests`).toBeGreaterThan(failuresBefore);
      expect(await health()).toBe(200);
    }
    const unacknowledged = await load.stop(20_000);
    expect(unacknowledged).toEqual([]);
    expect(api.child.exitCode, 'the API process never exited').toBeNull();

    // Our own pool lost its connections too; the audit reads through fresh ones.
    await db!.destroy();
    db = await createDb({ databaseUrl: cluster!.url(), migrate: false, poolSize: 2 });
    const audit = await ledgerAudit(db, p.programId, load.acked);
    expect(audit.missing).toEqual([]);
    expect(audit.duplicated).toEqual([]);
    expect(audit.balanceMismatches).toEqual([]);
    expect(audit.verifyOk, JSON.stringify(audit.report)).toBe(true);
    expect(audit.orders).toBe(load.acked.size);
  });
});

function lastErrors(output: string): string {
  return output.split('\n').filter((line) => /"level":50|error/i.test(line)).slice(-5).map((line) => line.slice(0, 600)).join('\n');
}
