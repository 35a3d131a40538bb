import type { Db } from '@omniloyal/ledger';
import { sql } from 'kysely';

export interface LedgerFlows {
  issued: number;
  redeemed: number;
  expired: number;
  /** Net points taken back by refunds (earned points reversed minus reward points returned). */
  reversed: number;
  /** Net manager adjustments. */
  adjusted: number;
}

/**
 * Point flows in [from, to) by the transactions' own time, read from the program side of each
 * double entry (every transaction sums to zero, so the program accounts mirror what members got;
 * a merge moves points between members and leaves these untouched).
 */
export async function ledgerFlows(db: Db, programId: string, from: string, to: string): Promise<LedgerFlows> {
  const { rows } = await sql<{ kind: string; amount: number }>`
    select a.kind, coalesce(sum(e.amount), 0)::bigint as amount
    from ledger_transactions t
    join ledger_entries e on e.transaction_id = t.id
    join accounts a on a.id = e.account_id and a.member_id is null
    where t.program_id = ${programId} and t.occurred_at >= ${from}::timestamptz and t.occurred_at < ${to}::timestamptz
    group by a.kind`.execute(db);
  const by = (kind: string) => rows.find((row) => row.kind === kind)?.amount ?? 0;
  return {
    issued: 0 - by('issued') || 0,
    redeemed: by('redeemed'),
    expired: by('expired'),
    reversed: by('reversed'),
    adjusted: 0 - by('adjusted') || 0,
  };
}

/** Points members own at `at`: the sum of everything the program accounts gave out before then. */
export async function liabilityAt(db: Db, programId: string, at: string): Promise<number> {
  const { rows } = await sql<{ points: number }>`
    select coalesce(-sum(e.amount), 0)::bigint as points
    from ledger_transactions t
    join ledger_entries e on e.transaction_id = t.id
    join accounts a on a.id = e.account_id and a.member_id is null
    where t.program_id = ${programId} and t.occurred_at < ${at}::timestamptz`.execute(db);
  return (rows[0]?.points ?? 0) || 0;
}
