import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDb, testTargets, type TestDb } from '@omniloyal/ledger/testing';
import { verify } from '@omniloyal/ledger';
import { sql } from 'kysely';
import { callerFor } from '../testing/test-context.ts';
import { credentialFromKey } from '../auth/api-keys.ts';
import { demoOnFirstBoot } from './first-boot.ts';
import { DEMO_MANAGER, DEMO_SHOPPER } from './demo-logins.ts';

const NOW = new Date('2026-11-20T15:00:00Z');

describe.each(testTargets())('the demo seed on %s', (target) => {
  let t: TestDb;
  let dir: string;
  const printed: string[] = [];
  beforeAll(async () => {
    t = await createTestDb(target);
    dir = await mkdtemp(join(tmpdir(), 'omniloyal-demo-'));
  });
  afterAll(async () => {
    await t?.destroy();
    await rm(dir, { recursive: true, force: true });
  });

  it('seeds an empty database once, prints the logins and keys, and saves the keys for the cashier screen', async () => {
    const keysFile = join(dir, 'demo-keys.json');
    const first = await demoOnFirstBoot(t.db, { baseUrl: 'http://127.0.0.1:3000', log: (line) => printed.push(line), members: 40, keysFile });
    expect(first).toBe('seeded');
    const keys = JSON.parse(await readFile(keysFile, 'utf8'));
    expect(keys).toEqual({ terminalKey: expect.stringMatching(/^olt_/), integrationKey: expect.stringMatching(/^oli_/), storeId: 'seattle-pike-place' });
    const banner = printed.join('\n');
    expect(banner).toContain(DEMO_MANAGER.email);
    expect(banner).toContain(DEMO_SHOPPER.password);
    expect(banner).toContain(keys.terminalKey);
    expect(await credentialFromKey(t.db, keys.terminalKey)).toMatchObject({ kind: 'terminal', storeId: 'seattle-pike-place' });

    const again: string[] = [];
    expect(await demoOnFirstBoot(t.db, { baseUrl: 'http://127.0.0.1:3000', log: (line) => again.push(line), keysFile })).toBe('demo');
    expect(again.join('\n')).toContain(DEMO_MANAGER.email);
    expect(again.join('\n')).not.toContain(keys.terminalKey);
    expect(again.join('\n')).toContain('shown at first boot');
    expect(await t.db.selectFrom('programs').select('id').execute()).toHaveLength(1);
  });

  it('holds a year of true history: every channel and store, refunds, reservations, expiries, tiers; the ledger verifies', async () => {
    expect((await verify(t.db)).ok).toBe(true);
    const channels = await t.db.selectFrom('orders').select('channel').select((eb) => eb.fn.countAll<number>().as('n')).groupBy('channel').execute();
    expect(channels.map((c) => c.channel).sort()).toEqual(['app', 'pos', 'web']);
    const stores = await t.db.selectFrom('orders').select('store_id').distinct().where('store_id', 'is not', null).execute();
    expect(stores).toHaveLength(3);
    const span = await sql<{ first: Date; last: Date }>`select min(occurred_at) as first, max(occurred_at) as last from orders`.execute(t.db);
    expect(span.rows[0]!.last.getTime() - span.rows[0]!.first.getTime()).toBeGreaterThan(200 * 86_400_000);
    const kinds = await t.db.selectFrom('ledger_transactions').select('kind').distinct().execute();
    expect(kinds.map((k) => k.kind)).toEqual(expect.arrayContaining(['earn', 'redeem', 'hold', 'capture', 'reverse', 'expire', 'adjust', 'merge']));
    const holds = await t.db.selectFrom('holds').select('status').distinct().execute();
    expect(holds.map((h) => h.status)).toEqual(expect.arrayContaining(['captured']));
    const omni = await sql<{ n: number }>`
      select count(*)::int as n from (select member_id from orders where member_id is not null group by member_id having count(distinct channel) > 1) m`.execute(t.db);
    expect(omni.rows[0]!.n).toBeGreaterThan(3);
    const tiers = await t.db.selectFrom('members').select('tier_id').distinct().execute();
    // A member who never rose above the first tier has no tier row of its own (null is Green).
    expect(tiers.map((m) => m.tier_id)).toEqual(expect.arrayContaining([null, 'gold']));
  });

  it('the printed logins work', async () => {
    const program = await t.db.selectFrom('programs').select('id').executeTakeFirstOrThrow();
    const anonymous = callerFor(t.db, { kind: 'anonymous' }, { defaultProgramId: program.id });
    expect(await anonymous.auth.login(DEMO_SHOPPER)).toMatchObject({ kind: 'shopper' });
    expect(await anonymous.auth.login(DEMO_MANAGER)).toMatchObject({ kind: 'manager' });
  });
});
