import { sql, type Kysely } from 'kysely';

/**
 * The earn batch looks its members up by key, whatever the size of the program.
 *
 * `ledger_earn_batch` runs one generic plan for every batch (20261123T030000), made for an array of
 * unknown length that Postgres guesses at 10 rows. Its totals-and-receipts statement joins that array
 * with `member_accounts` twice; with the default random_page_cost of 4 ten index lookups cost more on
 * paper than reading a 1,000-member program's whole table into a hash, so every batch — of one sale or
 * of a hundred — scanned every member account twice (auto_explain on bench:api's database). Calling
 * `checkout_record_batch` directly with captured bench sales (backend CPU from /proc): 1.08 -> 0.90 ms
 * for a batch of one, 0.277 -> 0.235 ms per sale in batches of ten.
 *
 * 1.1 is the usual setting for data in memory or on SSD; set on the function, it changes only its plans:
 * key lookups win from a few hundred members up, and for smaller programs a scan stays what it is, cheap.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter function ledger_earn_batch(jsonb, boolean) set random_page_cost = 1.1`.execute(db);
}
