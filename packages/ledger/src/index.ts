export { createDb, migrateToLatest, dbKind, pgliteOf, openPglite, defaultDataDir } from './db.ts';
export type { Db, DbKind, CreateDbOptions } from './db.ts';
export type { Database } from './schema/index.ts';
export { parseSafeInteger } from './safe-integer.ts';
