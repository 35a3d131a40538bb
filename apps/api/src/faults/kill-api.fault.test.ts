import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '@omniloyal/ledger/testing';
import { apiClient } from '../testing/http.ts';
import { setupProgram, type ProgramFixture } from '../testing/fixtures.ts';
import { startApiProcess, waitUntil, type ApiProcess } from './api-process.ts';
import { createMembers, ledgerAudit, startCheckoutLoad } from './checkout-load.ts';

/**
 * kill -9 of the API process in the middle of checkouts: what a till saw acknowledged is in the ledger
 * exactly once, sales cut mid-flight are retried with their orderId and post once, verify() is clean.
 * Real Postgres only (the embedded database is one process's own).
 */
const postgres = Boolean(process.env.DATABASE_URL);
let t: TestDb;
let p: ProgramFixture;
const apis: ApiProcess[] = [];

beforeAll(async () => {
  if (!postgres) return;
  t = await createTestDb('postgres');
  p = await setupProgram(t.db, { tag: 'kill' });
});
afterAll(async () => {
  for (const api of apis) await api.kill9();
  await t?.destroy();
});

describe.runIf(postgres)('kill -9 the API under load', () => {
  it('loses no acknowledged checkout and posts none twice', async () => {
    const memberIds = await createMembers(t.db, p.programId, 12, 'kill');
    // the production build, what `npm start` runs (the other fault tests run the sources through tsx)
    const first = await startApiProcess({ databaseUrl: t.url!, built: true });
    apis.push(first);
    const port = first.port;
    let current = first.url;
    // Each till resolves the address per request, like a till behind a DNS name.
    const load = startCheckoutLoad({
      client: () => apiClient(`http://127.0.0.1:${port}`, { key: p.keys.terminal }),
      memberIds,
      concurrency: 8,
      prefix: 'kill',
    });
    await waitUntil(() => load.acked.size >= 60, 30_000, '60 acknowledged checkouts');
    const beforeKill = load.acked.size;
    await first.kill9();
    const ackedAtKill = new Set(load.acked.keys());

    const second = await startApiProcess({ databaseUrl: t.url!, port, built: true });
    apis.push(second);
    current = second.url;
    await waitUntil(() => load.acked.size >= beforeKill + 60, 30_000, '60 more acknowledged checkouts after the restart');
    const unacknowledged = await load.stop(20_000);
    expect(unacknowledged, 'every till got its sale acknowledged once the API was back').toEqual([]);
    expect(load.failures(), 'the kill cut some requests').toBeGreaterThan(0);

    // A sale the till sent again after the kill either posted then (committed, answer lost: replayed) or now.
    const audit = await ledgerAudit(t.db, p.programId, load.acked);
    expect(audit.missing).toEqual([]);
    expect(audit.duplicated).toEqual([]);
    expect(audit.balanceMismatches).toEqual([]);
    expect(audit.verifyOk, JSON.stringify(audit.report)).toBe(true);
    expect(audit.orders).toBe(load.acked.size);
    expect([...ackedAtKill].every((id) => load.acked.has(id))).toBe(true);

    // Sending every acknowledged sale again (a till replaying its whole queue) writes nothing new.
    const till = apiClient(current, { key: p.keys.terminal });
    const again = [...load.sales.values()].slice(0, 40);
    for (const sale of again) expect((await till.pos.checkout.mutate(sale)).replayed).toBe(true);
    expect((await ledgerAudit(t.db, p.programId, load.acked)).orders).toBe(load.acked.size);
  });
});
