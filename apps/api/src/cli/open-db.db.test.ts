import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDb } from './open-db.ts';

describe('the embedded database is opened by one process at a time', () => {
  let dir: string;
  const saved = { url: process.env.DATABASE_URL, dataDir: process.env.OMNILOYAL_DATA_DIR };
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'omniloyal-lock-'));
    delete process.env.DATABASE_URL;
    process.env.OMNILOYAL_DATA_DIR = join(dir, 'fresh', 'pglite');
  });
  afterAll(async () => {
    if (saved.url !== undefined) process.env.DATABASE_URL = saved.url;
    if (saved.dataDir === undefined) delete process.env.OMNILOYAL_DATA_DIR;
    else process.env.OMNILOYAL_DATA_DIR = saved.dataDir;
    await rm(dir, { recursive: true, force: true });
  });

  it('opens in a folder that does not exist yet (a fresh clone has no .data)', async () => {
    const fresh = await openDb({ migrate: false });
    await fresh.close();
  }, 60_000);

  it('refuses a second opener while the first is alive, and takes over a lock left by a dead process', async () => {
    // A live process other than us (our parent) holds it: a CLI command while `npm start` runs.
    await writeFile(join(dir, 'fresh', 'pglite.lock'), String(process.ppid));
    await expect(openDb({ migrate: false })).rejects.toThrow(/is open in process \d+ .*Stop it first/);
    // A pid that cannot be running: the lock is stale and is taken over.
    await writeFile(join(dir, 'fresh', 'pglite.lock'), '2147483646');
    const first = await openDb({ migrate: false });
    await first.close();
    const again = await openDb({ migrate: false });
    await again.close();
  }, 60_000);
});
