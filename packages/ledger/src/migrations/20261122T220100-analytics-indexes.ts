import { sql, type Kysely } from 'kysely';

/**
 * Analytics read a program's ledger by time range (issued, redeemed, expired and liability per bucket).
 * One index on (program_id, occurred_at) turns those scans into range reads; its cost on the posting
 * path is one more index entry per transaction, measured by bench/ledger.ts.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index ledger_transactions_program_time on ledger_transactions (program_id, occurred_at)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index ledger_transactions_program_time`.execute(db);
}
