import { sql } from 'kysely';
import type { Db } from '../db.ts';

/** What a piece of work read of one table: scans started and rows returned, sequentially and by index. */
export interface TableReads {
  seqScans: number;
  indexScans: number;
  seqRows: number;
  indexRows: number;
}

/**
 * Runs `work` in a transaction and answers what it read of `table`, from Postgres' own counters for the
 * transaction (`pg_stat_xact_user_tables`; PGlite keeps them too). Tests hold a read to the rows it
 * needs with it. The counts can include earlier statements of the connection not yet reported, so the
 * difference across `work` is what is answered.
 */
export async function tableReads<T>(db: Db, table: string, work: (trx: Db) => Promise<T>): Promise<{ result: T; reads: TableReads }> {
  return db.transaction().execute(async (trx) => {
    const before = await counters(trx, table);
    const result = await work(trx);
    const after = await counters(trx, table);
    return {
      result,
      reads: {
        seqScans: after.seqScans - before.seqScans,
        indexScans: after.indexScans - before.indexScans,
        seqRows: after.seqRows - before.seqRows,
        indexRows: after.indexRows - before.indexRows,
      },
    };
  });
}

async function counters(db: Db, table: string): Promise<TableReads> {
  const { rows: [row] } = await sql<{ seq_scan: string | null; idx_scan: string | null; seq_tup_read: string | null; idx_tup_fetch: string | null }>`
    select seq_scan, idx_scan, seq_tup_read, idx_tup_fetch from pg_stat_xact_user_tables where relname = ${table}`.execute(db);
  return {
    seqScans: Number(row?.seq_scan ?? 0),
    indexScans: Number(row?.idx_scan ?? 0),
    seqRows: Number(row?.seq_tup_read ?? 0),
    indexRows: Number(row?.idx_tup_fetch ?? 0),
  };
}
