import type { Migration } from 'kysely';

/**
 * Every migration, registered statically so bundlers and tsx need no file-system scan.
 * Names are `YYYYMMDDTHHmmss-name`; Kysely applies them in name order.
 */
export const migrations: Record<string, Migration> = {};
