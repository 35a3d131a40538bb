import { sql } from 'kysely';
import type { Db } from './db.ts';

export type BalanceField = 'available' | 'pending' | 'held';

export interface MemberDifference {
  memberId: string;
  field: BalanceField;
  fromRunningTotals: number;
  fromEntries: number;
  /** available/pending: open lots; held: points active holds borrowed from lots. */
  fromLots: number;
}

export interface VerifyReport {
  ok: boolean;
  memberDifferences: MemberDifference[];
  unbalancedTransactions: { transactionId: string; sum: number }[];
  /** Entries whose transaction row is missing (entries have no FK, for speed; this is the check). */
  orphanEntryTransactions: string[];
  /** Negative totals; `allowed` only for available backed by a debt lot of an allow-negative reversal. */
  negativeBalances: { memberId: string; field: BalanceField; value: number; allowed: boolean }[];
}

/**
 * The transactions whose entries do not sum to zero, of one program or of all. One program's are found by
 * a join, not by `$1 is null or id in (select ...)`: behind that OR Postgres cannot join, and once the
 * program's transaction ids outgrow work_mem it searched them one by one for every entry (bench:soak's
 * ledger, 689,450 entries and 285,964 transactions: still running after 4 minutes; joined, 0.4 s).
 */
export function unbalancedTransactionsSql(program: string | null) {
  const inProgram = program === null ? sql`` : sql`join ledger_transactions t on t.id = e.transaction_id and t.program_id = ${program}::uuid`;
  return sql<{ transaction_id: string; sum: number }>`
    select e.transaction_id, sum(e.amount)::bigint as sum
    from ledger_entries e ${inProgram}
    group by e.transaction_id having sum(e.amount) <> 0`;
}

/**
 * Recomputes every member's totals from entries and from lots and reports each difference; checks that
 * every transaction's entries sum to zero. Reads one snapshot (repeatable read) so a busy ledger
 * verifies consistently.
 */
export async function verify(db: Db, options: { programId?: string } = {}): Promise<VerifyReport> {
  return db.transaction().setIsolationLevel('repeatable read').execute(async (trx) => {
    const program = options.programId ?? null;
    const { rows: members } = await sql<{
      member_id: string; field: BalanceField; running: number; entries: number; lots: number;
    }>`
      with entry_totals as (
        select a.member_id,
          sum(e.amount) filter (where a.kind = 'available') as available,
          sum(e.amount) filter (where a.kind = 'pending') as pending,
          sum(e.amount) filter (where a.kind = 'held') as held
        from ledger_entries e join accounts a on a.id = e.account_id
        where a.member_id is not null and (${program}::uuid is null or a.program_id = ${program}::uuid)
        group by a.member_id
      ), lot_totals as (
        select member_id,
          sum(remaining) filter (where not pending) as available,
          sum(remaining) filter (where pending) as pending
        from point_lots where remaining <> 0 and (${program}::uuid is null or program_id = ${program}::uuid)
        group by member_id
      ), held_totals as (
        select h.member_id, sum(hl.points) as held
        from holds h join hold_lots hl on hl.hold_id = h.id
        where h.status = 'active' and (${program}::uuid is null or h.program_id = ${program}::uuid)
        group by h.member_id
      ), compared as (
        select ma.member_id, f.field, f.running, f.entries, f.lots
        from member_accounts ma
        left join entry_totals e on e.member_id = ma.member_id
        left join lot_totals l on l.member_id = ma.member_id
        left join held_totals h on h.member_id = ma.member_id
        cross join lateral (values
          ('available', ma.available, coalesce(e.available, 0), coalesce(l.available, 0)),
          ('pending', ma.pending, coalesce(e.pending, 0), coalesce(l.pending, 0)),
          ('held', ma.held, coalesce(e.held, 0), coalesce(h.held, 0))
        ) as f(field, running, entries, lots)
        where ${program}::uuid is null or ma.program_id = ${program}::uuid
      )
      select member_id, field, running::bigint, entries::bigint, lots::bigint from compared
      where running <> entries or running <> lots
      order by member_id, field`.execute(trx);
    const { rows: unbalanced } = await unbalancedTransactionsSql(program).execute(trx);
    const { rows: orphans } = await sql<{ transaction_id: string }>`
      select distinct e.transaction_id from ledger_entries e
      where not exists (select 1 from ledger_transactions t where t.id = e.transaction_id)`.execute(trx);
    const { rows: negatives } = await sql<{ member_id: string; field: BalanceField; value: number; allowed: boolean }>`
      select ma.member_id, f.field, f.value::bigint,
        f.field = 'available' and exists (select 1 from point_lots l where l.member_id = ma.member_id and l.remaining < 0) as allowed
      from member_accounts ma
      cross join lateral (values ('available', ma.available), ('pending', ma.pending), ('held', ma.held)) as f(field, value)
      where f.value < 0 and (${program}::uuid is null or ma.program_id = ${program}::uuid)
      order by ma.member_id, f.field`.execute(trx);
    const report: VerifyReport = {
      ok: false,
      memberDifferences: members.map((row) => ({
        memberId: row.member_id, field: row.field, fromRunningTotals: row.running, fromEntries: row.entries, fromLots: row.lots,
      })),
      unbalancedTransactions: unbalanced.map((row) => ({ transactionId: row.transaction_id, sum: row.sum })),
      orphanEntryTransactions: orphans.map((row) => row.transaction_id),
      negativeBalances: negatives.map((row) => ({ memberId: row.member_id, field: row.field, value: row.value, allowed: row.allowed })),
    };
    report.ok = report.memberDifferences.length === 0 && report.unbalancedTransactions.length === 0
      && report.orphanEntryTransactions.length === 0 && report.negativeBalances.every((negative) => negative.allowed);
    return report;
  });
}
