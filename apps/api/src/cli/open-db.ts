import { createDb, dbKind, type Db } from '@omniloyal/ledger';

/**
 * The database the command works on: DATABASE_URL, else the embedded one under .data/pglite (the same
 * one `npm start` uses). Migrated on open, so every command works on a fresh install. Always closed
 * afterwards: an open PGlite keeps the process alive.
 */
export async function withDb<T>(work: (db: Db) => Promise<T>, options: { migrate?: boolean } = {}): Promise<T> {
  const db = await openDb({ migrate: options.migrate ?? true });
  try {
    return await work(db);
  } finally {
    await db.destroy();
  }
}

/** OMNILOYAL_DATA_DIR moves the embedded database (tests, or a second local install); DATABASE_URL wins. */
export function openDb(options: { migrate?: boolean } = {}): Promise<Db> {
  const dataDir = process.env.OMNILOYAL_DATA_DIR;
  return createDb({ ...(dataDir ? { dataDir } : {}), migrate: options.migrate ?? true });
}

export function describeDb(db: Db): string {
  return dbKind(db) === 'postgres' ? 'Postgres (DATABASE_URL)' : 'embedded PGlite (.data/pglite)';
}
