import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestDb, testTargets, type TestDb } from '@omniloyal/ledger/testing';
import { createDb, type Db } from '@omniloyal/ledger';
import { buildCli } from './program.ts';

const apiDir = fileURLToPath(new URL('../..', import.meta.url));
const tsx = fileURLToPath(new URL('../../../../node_modules/.bin/tsx', import.meta.url));

interface Run { code: number; stdout: string; stderr: string }

/** Runs `npm run cli -- ...` as an operator would (a real process, its own database connection). */
function cli(args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve) => {
    execFile(tsx, ['src/cli.ts', ...args], { cwd: apiDir, env: { ...process.env, ...env }, timeout: 170_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

describe('the operator CLI', () => {
  it('has --help on every command', async () => {
    const program = buildCli();
    const names = program.commands.map((c) => c.name());
    expect(names).toEqual(['migrate', 'seed-demo', 'import-members', 'expire', 'run-jobs', 'verify', 'create-key', 'create-manager']);
    for (const command of program.commands) {
      let help = '';
      command.configureOutput({ writeOut: (text) => (help += text) });
      expect(() => command.parse(['--help'], { from: 'user' })).toThrow(expect.objectContaining({ code: 'commander.helpDisplayed', exitCode: 0 }));
      expect(help, command.name()).toContain(`Usage: omniloyal ${command.name()}`);
      expect(command.description().length).toBeGreaterThan(10);
    }
    const help = await cli(['import-members', '--help'], {});
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('birthday  YYYY-MM-DD');
  }, 60_000);
});

describe.each(testTargets())('the operator CLI on %s', (target) => {
  let t: TestDb | undefined;
  let dir: string;
  let env: Record<string, string>;
  /** The test's own handle on the CLI's database, opened only while no CLI process has it (PGlite is one process). */
  let open: () => Promise<Db>;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'omniloyal-cli-'));
    if (target === 'postgres') {
      t = await createTestDb('postgres');
      env = { DATABASE_URL: t.url! };
      open = async () => t!.db;
    } else {
      env = { DATABASE_URL: '', OMNILOYAL_DATA_DIR: join(dir, 'pglite') };
      open = () => createDb({ databaseUrl: undefined, dataDir: join(dir, 'pglite') });
    }
  });
  afterAll(async () => {
    await t?.destroy();
    await rm(dir, { recursive: true, force: true });
  });
  const close = async (db: Db) => { if (target === 'pglite') await db.destroy(); };

  it('seeds the demo, verifies it, creates keys and managers, imports members, runs expiry; verify fails on a difference', async () => {
    const migrate = await cli(['migrate'], env);
    expect(migrate.code, migrate.stderr).toBe(0);
    const seed = await cli(['seed-demo', '--members', '15', '--no-keys-file'], env);
    expect(seed.code, seed.stderr).toBe(0);
    expect(seed.stdout).toMatch(/Till key \(store seattle-pike-place\), shown once: +olt_/);
    const verified = await cli(['verify'], env);
    expect(verified.code, verified.stderr).toBe(0);
    expect(verified.stdout).toContain('Ledger verified');

    // PGlite boots once per process, so the commands below that only touch other tables run on Postgres.
    if (target === 'postgres') {
      expect(await cli(['seed-demo', '--members', '15'], env)).toMatchObject({ code: 1, stderr: expect.stringContaining('already seeded') });
      expect((await cli(['create-key', '--kind', 'terminal', '--store', 'nyc-union-square'], env)).stdout).toMatch(/olt_\S+/);
      expect((await cli(['create-key', '--kind', 'integration', '--channel', 'app'], env)).stdout).toMatch(/oli_\S+/);
      expect(await cli(['create-key', '--store', 'nowhere'], env)).toMatchObject({ code: 1, stderr: expect.stringContaining('no store nowhere') });
      const manager = await cli(['create-manager', '--email', 'ops@example.com', '--password', 'a long enough password', '--role', 'analyst'], env);
      expect(manager.code, manager.stderr).toBe(0);
      const managers = await t!.db.selectFrom('managers').select('email').execute();
      expect(managers.map((m) => m.email)).toContain('ops@example.com');
    }

    const csv = join(dir, 'members.csv');
    await writeFile(csv, 'email,phone,name\nnew.one@example.com,,New One\nbad-address,,Bad\n,+1 415 555 0101,Phone Only\n');
    const imported = await cli(['import-members', csv], env);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stderr).toContain('line 3: email:');
    expect(imported.stdout).toContain('progress: 3 rows read (100%)');
    expect(imported.stdout).toMatch(/2 new members, 0 already members, 1 bad rows skipped/);
    if (target === 'postgres') expect((await cli(['import-members', csv], env)).stdout).toMatch(/0 new members, 2 already members/);

    const expired = await cli(['expire', '--now', new Date(Date.now() + 400 * 86_400_000).toISOString()], env);
    expect(expired.code, expired.stderr).toBe(0);
    expect(expired.stdout).toMatch(/expire-lots: lots [1-9]\d*, points [1-9]\d*, transactions [1-9]\d*/);

    const db = await open();
    const member = await db.selectFrom('member_accounts').select('member_id').limit(1).executeTakeFirstOrThrow();
    // A running total that no longer matches its entries: what verify exists to catch.
    await db.updateTable('member_accounts').set((eb) => ({ available: eb('available', '+', 7) })).where('member_id', '=', member.member_id).execute();
    await close(db);
    const failed = await cli(['verify'], env);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain(`member ${member.member_id} available`);
  }, 300_000);
});
