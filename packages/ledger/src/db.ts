import { Kysely, Migrator, PostgresDialect, type MigrationResultSet } from 'kysely';
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { fileURLToPath } from 'node:url';
import { mkdirSync } from 'node:fs';
import type { Database } from './schema/index.ts';
import { migrations } from './migrations/index.ts';
import { parseNumeric, parseSafeInteger } from './safe-integer.ts';
import { PipelinedConnection } from './pipelined-connection.ts';

export type Db = Kysely<Database>;
export type DbKind = 'pglite' | 'postgres';

export interface CreateDbOptions {
  /** A Postgres URL; defaults to DATABASE_URL. When absent the embedded PGlite is used. */
  databaseUrl?: string | undefined;
  /** Where PGlite persists; defaults to `.data/pglite` at the repository root. `memory` keeps nothing. */
  dataDir?: string;
  /** A PGlite data directory dump (from `dumpDataDir`) to start from: a migrated template boots in ~0.5 s. */
  loadDataDir?: Blob | File;
  /** Pool size for Postgres. */
  poolSize?: number;
  /** Run pending migrations before returning (default true). */
  migrate?: boolean;
}

const INT8 = 20;
const NUMERIC = 1700;
const DATE = 1082;
/** A calendar date (a birthday) is a day, not an instant: keep it as `YYYY-MM-DD` so no time zone can shift it. */
const keepDate = (text: string) => text;
const kinds = new WeakMap<object, DbKind>();
const pglites = new WeakMap<object, PGlite>();
const pools = new WeakMap<object, pg.Pool>();
const pipelines = new WeakMap<object, PipelinedConnection>();

export const defaultDataDir = fileURLToPath(new URL('../../../.data/pglite', import.meta.url));

/** A Kysely on PGlite (no DATABASE_URL) or on a `pg` Pool; both run the same migrations. */
export async function createDb(options: CreateDbOptions = {}): Promise<Db> {
  const url = 'databaseUrl' in options ? options.databaseUrl : process.env.DATABASE_URL;
  const db = url ? createPostgresDb(url, options.poolSize) : await createPgliteDb(options);
  if (options.migrate !== false) {
    try {
      await migrateToLatest(db);
    } catch (error) {
      await db.destroy();
      throw error;
    }
  }
  return db;
}

function createPostgresDb(url: string, poolSize = 20): Db {
  const connection: pg.ClientConfig = {
    connectionString: url,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
        if (oid === INT8) return parseSafeInteger;
        if (oid === NUMERIC) return parseNumeric;
        if (oid === DATE) return keepDate;
        return pg.types.getTypeParser(oid, format);
      }) as typeof pg.types.getTypeParser,
    },
  };
  const pool = new pg.Pool({ ...connection, max: poolSize });
  // the checkout's writes have a connection of their own, closed with the pool (see pipelined-connection.ts)
  const pipeline = new PipelinedConnection(connection);
  const endPool = pool.end.bind(pool);
  pool.end = (async () => {
    await pipeline.end();
    await endPool();
  }) as typeof pool.end;
  // An idle client losing its server (restart, failover) must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  // A client checked out between two statements (inside a transaction) has no idle listener: a server
  // restart's FATAL would be an unhandled 'error' event and crash the process. Its next query fails
  // instead, and the pool drops it on release (it is no longer queryable).
  pool.on('connect', (client) => client.on('error', () => {}));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  pools.set(db, pool);
  pipelines.set(db, pipeline);
  kinds.set(db, 'postgres');
  return db;
}

/** A raw PGlite with our type parsers; exported for tools that dump or clone data directories. */
export async function openPglite(options: Pick<CreateDbOptions, 'dataDir' | 'loadDataDir'> = {}): Promise<PGlite> {
  const dataDir = options.dataDir ?? defaultDataDir;
  // PGlite creates only the last folder of the path.
  if (dataDir !== 'memory') mkdirSync(dataDir, { recursive: true });
  // Loaded on first use: its module costs a server on Postgres ~50 MB of memory for nothing.
  const { PGlite, types: pgliteTypes } = await import('@electric-sql/pglite');
  return PGlite.create({
    ...(dataDir === 'memory' ? {} : { dataDir }),
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    parsers: {
      [pgliteTypes.INT8]: parseSafeInteger,
      [pgliteTypes.NUMERIC]: parseNumeric,
      [pgliteTypes.DATE]: keepDate,
    },
  });
}

async function createPgliteDb(options: CreateDbOptions): Promise<Db> {
  const pglite = await openPglite(options);
  const { PGliteDialect } = await import('kysely-pglite-dialect');
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
  kinds.set(db, 'pglite');
  pglites.set(db, pglite);
  return db;
}

export function dbKind(db: Kysely<any>): DbKind {
  return kinds.get(db) ?? 'postgres';
}

/** The PGlite under a db, when it is one (to dump its data directory). */
export function pgliteOf(db: Kysely<any>): PGlite | undefined {
  return pglites.get(db);
}

/** The `pg` Pool under a db, when it is one: the ledger posts through named (prepared) statements on it. */
export function poolOf(db: Kysely<any>): pg.Pool | undefined {
  return pools.get(db);
}

/** The pipelined connection beside a db's Pool, when it is on one (see pipelined-connection.ts). */
export function pipelineOf(db: Kysely<any>): PipelinedConnection | undefined {
  return pipelines.get(db);
}

export async function migrateToLatest(db: Kysely<any>): Promise<MigrationResultSet> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const result = await migrator.migrateToLatest();
  if (result.error) throw result.error;
  return result;
}
