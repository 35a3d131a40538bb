import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { createDb, migrateToLatest, openPglite, type Db } from '../db.ts';
import { PGliteDialect } from 'kysely-pglite-dialect';
import { migrationsFingerprint } from './migrations-fingerprint.ts';

export type TestTarget = 'pglite' | 'postgres';

export interface TestDb {
  db: Db;
  target: TestTarget;
  /** The connection string of this test's own database (Postgres only), for code that opens its own pools. */
  url?: string;
  destroy(): Promise<void>;
}

/**
 * A fresh, migrated, empty database for one test file: its own Postgres database cloned from a
 * migrated template when DATABASE_URL is set (or `target` asks for it), else an in-memory PGlite
 * loaded from a migrated dump. Runs never see each other's rows.
 */
export async function createTestDb(target: TestTarget = process.env.DATABASE_URL ? 'postgres' : 'pglite'): Promise<TestDb> {
  return target === 'postgres' ? createPostgresTestDb() : createPgliteTestDb();
}

/** The targets database tests run on: PGlite always, and real Postgres too when DATABASE_URL is set. */
export function testTargets(): TestTarget[] {
  return process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
}

function adminUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is required for Postgres tests');
  return url;
}

function urlWithDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

const STALE_AFTER_MS = 6 * 60 * 60 * 1000;

async function createPostgresTestDb(): Promise<TestDb> {
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  const template = `omniloyal_tpl_${migrationsFingerprint()}`;
  const name = `omniloyal_t_${Date.now()}_${randomBytes(4).toString('hex')}`;
  try {
    // One process builds the template; the others wait on the lock and then find it.
    await admin.query('select pg_advisory_lock(715517)');
    try {
      await dropStaleTestDatabases(admin);
      const exists = await admin.query('select 1 from pg_database where datname = $1', [template]);
      if (exists.rowCount === 0) await buildPostgresTemplate(admin, template);
    } finally {
      await admin.query('select pg_advisory_unlock(715517)');
    }
    await admin.query(`create database "${name}" template "${template}"`);
  } finally {
    await admin.end();
  }
  const url = urlWithDatabase(adminUrl(), name);
  const db = await createDb({ databaseUrl: url, migrate: false });
  return {
    db,
    target: 'postgres',
    url,
    async destroy() {
      await db.destroy();
      const cleanup = new pg.Client({ connectionString: adminUrl() });
      await cleanup.connect();
      try {
        await cleanup.query(`drop database if exists "${name}" with (force)`);
      } finally {
        await cleanup.end();
      }
    },
  };
}

async function buildPostgresTemplate(admin: pg.Client, template: string): Promise<void> {
  const building = `${template}_building`;
  await admin.query(`drop database if exists "${building}" with (force)`);
  await admin.query(`create database "${building}"`);
  const db = new Kysely<any>({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: urlWithDatabase(adminUrl(), building), max: 1 }) }),
  });
  try {
    await migrateToLatest(db);
  } finally {
    await db.destroy();
  }
  await admin.query(`alter database "${building}" rename to "${template}"`);
}

/** Test databases left by killed runs; a live run's databases are younger than this. */
async function dropStaleTestDatabases(admin: pg.Client): Promise<void> {
  const { rows } = await admin.query<{ datname: string }>(
    "select datname from pg_database where datname like 'omniloyal\\_t\\_%'",
  );
  for (const { datname } of rows) {
    const createdAt = Number(datname.split('_')[2]);
    if (Number.isFinite(createdAt) && Date.now() - createdAt > STALE_AFTER_MS) {
      await admin.query(`drop database if exists "${datname}" with (force)`);
    }
  }
}

const cacheDir = fileURLToPath(new URL('../../../../node_modules/.cache/omniloyal/', import.meta.url));

/** A migrated PGlite data directory, dumped once per migration set and cached on disk. */
async function pgliteTemplate(): Promise<Blob> {
  const file = `${cacheDir}pglite-template-${migrationsFingerprint()}.tar.gz`;
  try {
    return new Blob([await readFile(file)]);
  } catch {
    const pglite = await openPglite({ dataDir: 'memory' });
    const db = new Kysely<any>({ dialect: new PGliteDialect(pglite) });
    try {
      await migrateToLatest(db);
      const dump = await pglite.dumpDataDir('gzip');
      await mkdir(cacheDir, { recursive: true });
      // Write then rename, so a parallel test file never reads half a dump.
      const partial = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
      await writeFile(partial, Buffer.from(await dump.arrayBuffer()));
      await rename(partial, file);
      return dump;
    } finally {
      await db.destroy();
    }
  }
}

async function createPgliteTestDb(): Promise<TestDb> {
  const db = await createDb({ databaseUrl: undefined, dataDir: 'memory', loadDataDir: await pgliteTemplate(), migrate: false });
  return { db, target: 'pglite', destroy: () => db.destroy() };
}

export { sql };
export { tableReads, type TableReads } from './table-reads.ts';
