import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { createDb, createReplicatedDb, dbKind, defaultDataDir, type Db } from '@omniloyal/ledger';
import { CliError } from './program-option.ts';

/**
 * The database the command works on: DATABASE_URL, else the embedded one under .data/pglite (the same
 * one `npm start` uses). Migrated on open, so every command works on a fresh install. Always closed
 * afterwards: an open PGlite keeps the process alive.
 */
export async function withDb<T>(work: (db: Db) => Promise<T>, options: { migrate?: boolean } = {}): Promise<T> {
  const { db, close } = await openDb({ migrate: options.migrate ?? true });
  try {
    return await work(db);
  } finally {
    await close();
  }
}

/**
 * Opens DATABASE_URL, or the embedded database (OMNILOYAL_DATA_DIR moves it). The embedded one is a
 * single-process database: two processes on one data directory would corrupt it, so a lock file
 * names the process that has it open, and a second one (a CLI command while `npm start` runs) is refused.
 */
export async function openDb(options: { migrate?: boolean } = {}): Promise<{ db: Db; readDb?: Db; close: () => Promise<void> }> {
  const databaseUrl = process.env.DATABASE_URL;
  if (databaseUrl) {
    // DATABASE_REPLICA_URLS: streaming replicas (comma-separated) that serve the read-only procedures
    const readReplicaUrls = (process.env.DATABASE_REPLICA_URLS ?? '').split(',').map((url) => url.trim()).filter(Boolean);
    if (readReplicaUrls.length > 0) {
      const replicated = await createReplicatedDb({ databaseUrl, readReplicaUrls, migrate: options.migrate ?? true });
      return { db: replicated.primary, readDb: replicated.replicaOnly, close: () => replicated.destroy() };
    }
    const db = await createDb({ migrate: options.migrate ?? true });
    return { db, close: () => db.destroy() };
  }
  const dataDir = process.env.OMNILOYAL_DATA_DIR ?? defaultDataDir;
  const release = lockDataDir(dataDir);
  try {
    const db = await createDb({ databaseUrl: undefined, dataDir, migrate: options.migrate ?? true });
    return { db, close: async () => { try { await db.destroy(); } finally { release(); } } };
  } catch (error) {
    release();
    throw error;
  }
}

function lockDataDir(dataDir: string): () => void {
  const lockFile = `${dataDir.replace(/\/+$/, '')}.lock`;
  // A fresh clone has no .data folder yet.
  mkdirSync(dirname(lockFile), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockFile, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(lockFile, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(readFileSync(lockFile, 'utf8'));
      if (holder && holder !== process.pid && isAlive(holder)) {
        throw new CliError(
          `The embedded database ${dataDir} is open in process ${holder} (npm start?). Stop it first, or set DATABASE_URL to a Postgres both can share.`,
        );
      }
      rmSync(lockFile, { force: true }); // left by a process that died
    }
  }
  throw new CliError(`Could not lock ${lockFile}`);
}

/** Whether a process with this id is running (one we may not signal counts). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function describeDb(db: Db): string {
  return dbKind(db) === 'postgres' ? 'Postgres (DATABASE_URL)' : 'the embedded PGlite database';
}
