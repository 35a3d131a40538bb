import type { LedgerTables } from './ledger-tables.ts';
import type { AppTables } from './app-tables.ts';
import type { OpsTables } from './ops-tables.ts';

/** Every table the product keeps, for Kysely's types. Each area declares its own tables in its own file. */
export interface Database extends LedgerTables, AppTables, OpsTables {}
export type { LedgerTables, AppTables };
