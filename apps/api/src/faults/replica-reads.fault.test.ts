import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '@omniloyal/ledger';
import { startTempPostgres, type TempPostgres } from '../../../../bench/faults/temp-postgres.ts';
import { apiClient } from '../testing/http.ts';
import { setupProgram, TEST_PASSWORD, type ProgramFixture } from '../testing/fixtures.ts';
import { startApiProcess, waitUntil, type ApiProcess } from './api-process.ts';
import { createMembers, newSale } from './checkout-load.ts';

/**
 * The API with a streaming replica (DATABASE_REPLICA_URLS): sales are written to the primary, reports
 * are read from the replica (its /metrics counts them), and what the report shows is the primary's data
 * once the replica has caught up. On a temporary cluster of our own and its pg_basebackup replica.
 */
const postgres = Boolean(process.env.DATABASE_URL);
let primary: TempPostgres | undefined;
let replica: TempPostgres | undefined;
let db: Db | undefined;
let api: ApiProcess | undefined;
let p: ProgramFixture;

beforeAll(async () => {
  if (!postgres) return;
  primary = await startTempPostgres();
  db = await createDb({ databaseUrl: primary.url(), poolSize: 4 });
  p = await setupProgram(db, { tag: 'replica' });
  replica = await primary.makeReplica();
  api = await startApiProcess({ databaseUrl: primary.url(), env: { DATABASE_REPLICA_URLS: replica.url() } });
});
afterAll(async () => {
  await api?.kill9();
  await db?.destroy();
  await replica?.stop();
  await primary?.stop();
});

const routed = async (url: string, target: string) =>
  Number(new RegExp(`^omniloyal_db_routed_queries\\{target="${target}"\\} (\\d+)$`, 'm').exec(await (await fetch(`${url}/metrics`)).text())?.[1] ?? NaN);

describe.runIf(postgres)('the API with a read replica', () => {
  it('writes sales to the primary and serves reports from the replica', async () => {
    const memberIds = await createMembers(db!, p.programId, 5, 'replica');
    const till = apiClient(api!.url, { key: p.keys.terminal });
    for (let i = 0; i < 10; i++) await till.pos.checkout.mutate(newSale(`replica-${i}`, memberIds[i % 5]!, i));

    const manager = apiClient(api!.url);
    await manager.auth.login.mutate({ email: p.managers.analyst.email, password: TEST_PASSWORD });
    const before = await routed(api!.url, 'replica');
    const range = { from: new Date(Date.now() - 86_400_000).toISOString(), to: new Date(Date.now() + 60_000).toISOString() };
    // the replica trails the primary by milliseconds: poll (bounded) until the report shows all 10 sales
    let orders = 0;
    await waitUntil(async () => {
      const summary = await manager.manager.analytics.summary.query(range);
      orders = summary.channels.reduce((sum, channel) => sum + channel.orders, 0);
      return orders === 10;
    }, 20_000, 'the report from the replica to show the 10 sales');
    expect(orders).toBe(10);
    expect(await routed(api!.url, 'replica')).toBeGreaterThan(before);
  });
});
