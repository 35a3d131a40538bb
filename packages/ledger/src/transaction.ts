import type { Kysely, Transaction } from 'kysely';

/**
 * Runs `work` in a transaction, joining the caller's when `db` already is one, so the API can make a
 * ledger helper atomic with its own writes (a member and its login, an order and its earn).
 */
export function inTransaction<DB, T>(db: Kysely<DB>, work: (trx: Transaction<DB> | Kysely<DB>) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db) : db.transaction().execute(work);
}
