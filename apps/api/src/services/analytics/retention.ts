import type { Db } from '@omniloyal/ledger';
import { sql } from 'kysely';

export interface Cohort {
  /** The month of the members' first order, YYYY-MM in the program's time zone. */
  cohort: string;
  members: number;
  /** For month 0, 1, 2 … after the first: how many of the cohort ordered that month, and the share. */
  months: { offset: number; active: number; rate: number }[];
}

/** Retention by monthly cohort of first purchase, for cohorts starting in [from, to), observed up to `to`. */
export async function retentionByCohort(db: Db, programId: string, zone: string, from: string, to: string): Promise<Cohort[]> {
  const { rows } = await sql<{ cohort: string; offset: number; active: number; size: number }>`
    with member_months as (
      select distinct coalesce(m.merged_into, o.member_id) as member_id,
        date_trunc('month', o.occurred_at at time zone ${zone}) as month
      from orders o join members m on m.id = o.member_id
      where o.program_id = ${programId} and o.occurred_at < ${to}::timestamptz
    ), firsts as (
      select member_id, min(month) as cohort from member_months group by member_id
    ), sized as (
      select cohort, count(*) as size from firsts group by cohort
    )
    select to_char(f.cohort, 'YYYY-MM') as cohort,
      ((extract(year from mm.month) - extract(year from f.cohort)) * 12 + extract(month from mm.month) - extract(month from f.cohort))::int as offset,
      count(distinct mm.member_id)::bigint as active, s.size::bigint as size
    from firsts f
    join member_months mm on mm.member_id = f.member_id
    join sized s on s.cohort = f.cohort
    where f.cohort >= date_trunc('month', ${from}::timestamptz at time zone ${zone})
    group by f.cohort, mm.month, s.size
    order by f.cohort, 2`.execute(db);
  const cohorts = new Map<string, Cohort>();
  for (const row of rows) {
    const cohort = cohorts.get(row.cohort) ?? { cohort: row.cohort, members: row.size, months: [] };
    cohort.months.push({ offset: row.offset, active: row.active, rate: row.size > 0 ? row.active / row.size : 0 });
    cohorts.set(row.cohort, cohort);
  }
  return [...cohorts.values()];
}
