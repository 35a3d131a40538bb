import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '@omniloyal/ledger/testing';
import { waitUntil } from './api-process.ts';
import { isAlive } from '../cli/open-db.ts';

/**
 * A process that started API servers and then crashed takes them with it: a server left running kept its
 * background jobs (every 30 s, real clock) going on whatever database next took its name.
 */
const postgres = Boolean(process.env.DATABASE_URL);
let t: TestDb;

beforeAll(async () => {
  if (postgres) t = await createTestDb('postgres');
});
afterAll(async () => {
  await t?.destroy();
});

describe.runIf(postgres)('a server started by startApiProcess', () => {
  it('is killed when the process that started it crashes', async () => {
    const script = `
      import { startApiProcess } from ${JSON.stringify(new URL('./api-process.ts', import.meta.url).href)};
      const api = await startApiProcess({ databaseUrl: ${JSON.stringify(t.url)} });
      console.log('server pid', api.pid);
      setTimeout(() => { throw new Error('the caller crashed'); }, 0);`;
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
    expect(run.stderr).toContain('the caller crashed');
    const pid = Number(/server pid (\d+)/.exec(run.stdout)?.[1]);
    expect(pid).toBeGreaterThan(0);
    try {
      await waitUntil(() => !isAlive(pid), 5_000, `the server ${pid} to be gone`);
    } finally {
      if (isAlive(pid)) process.kill(pid, 'SIGKILL');
    }
  }, 70_000);
});
