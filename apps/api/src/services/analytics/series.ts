import { programTotals, type Db } from '@omniloyal/ledger';
import { sql, type RawBuilder } from 'kysely';

export const seriesMetrics = [
  'liability',
  'issued',
  'redeemed',
  'expired',
  'active_members',
  'orders',
  'revenue',
  'average_order_value',
] as const;
export type SeriesMetric = (typeof seriesMetrics)[number];
export type Bucket = 'day' | 'week' | 'month';

export interface SeriesPoint {
  /** The bucket's start, as an instant (the bucket starts at local midnight in the program's zone). */
  at: string;
  value: number;
  /**
   * False when part of the bucket lies outside the range or is still to come (this week, the first month
   * of a range starting mid-month): its counts cover only part of a period, and a chart that drew them
   * like the others would show a drop that did not happen.
   */
  complete: boolean;
}

const interval: Record<Bucket, RawBuilder<unknown>> = {
  day: sql`interval '1 day'`,
  week: sql`interval '1 week'`,
  month: sql`interval '1 month'`,
};

/**
 * One metric per bucket (day, week starting Monday, month) in the program's time zone, over [from, to).
 * Each metric is one pass over the range grouped by bucket (never a query per bucket); liability is
 * the balance at `from` plus the running sum of each bucket's net flow, read at each bucket's end.
 */
export async function metricSeries(
  db: Db,
  input: { programId: string; zone: string; metric: SeriesMetric; from: string; to: string; bucket: Bucket; now: Date },
): Promise<SeriesPoint[]> {
  const { programId, zone, from, to, bucket } = input;
  const local = (column: RawBuilder<unknown>) => sql`date_trunc(${bucket}, ${column} at time zone ${zone})`;
  // Local bucket starts covering [from, to), the instant each one starts, and whether it is whole: it
  // starts at or after `from` and ends (its local start plus a day, week or month) by `to` and by now.
  const buckets = sql`
    select b as local_start, (b at time zone ${zone}) as starts,
      (b at time zone ${zone}) >= ${from}::timestamptz
        and ((b + ${interval[bucket]}) at time zone ${zone}) <= least(${to}::timestamptz, ${input.now}::timestamptz) as complete
    from generate_series(date_trunc(${bucket}, ${from}::timestamptz at time zone ${zone}),
                         ${to}::timestamptz at time zone ${zone}, ${interval[bucket]}) as b
    where (b at time zone ${zone}) < ${to}::timestamptz`;
  const inRange = (column: RawBuilder<unknown>) => sql`${column} >= ${from}::timestamptz and ${column} < ${to}::timestamptz`;
  // Per bucket: net program-side amount by account kind (issued is negative there, like every credit to members).
  const flows = sql`
    select ${local(sql`t.occurred_at`)} as local_start, a.kind, sum(e.amount) as amount
    from ledger_transactions t
    join ledger_entries e on e.transaction_id = t.id
    join accounts a on a.id = e.account_id and a.member_id is null
    where t.program_id = ${programId} and ${inRange(sql`t.occurred_at`)}
    group by 1, 2`;

  let query: RawBuilder<{ starts: Date; value: number; complete: boolean }>;
  switch (input.metric) {
    case 'issued':
    case 'redeemed':
    case 'expired': {
      const sign = input.metric === 'issued' ? -1 : 1;
      query = sql`
        with buckets as (${buckets}), flows as (${flows})
        select b.starts, b.complete, coalesce(${sign} * sum(f.amount) filter (where f.kind = ${input.metric}), 0)::bigint as value
        from buckets b left join flows f on f.local_start = b.local_start
        group by b.starts, b.complete order by b.starts`;
      break;
    }
    case 'liability': {
      const opening = (await programTotals(db, programId, { to: new Date(from) })).outstanding;
      query = sql`
        with buckets as (${buckets}), flows as (${flows}),
        net as (
          select b.starts, b.complete, coalesce(-sum(f.amount), 0) as change
          from buckets b left join flows f on f.local_start = b.local_start
          group by b.starts, b.complete
        )
        select starts, complete, (${opening} + sum(change) over (order by starts))::bigint as value from net order by starts`;
      break;
    }
    case 'active_members':
      query = sql`
        with buckets as (${buckets}),
        active as (
          select ${local(sql`occurred_at`)} as local_start, count(distinct member_id) as members
          from ledger_transactions
          where program_id = ${programId} and kind in ('earn', 'redeem', 'capture') and ${inRange(sql`occurred_at`)}
          group by 1
        )
        select b.starts, b.complete, coalesce(a.members, 0)::bigint as value
        from buckets b left join active a on a.local_start = b.local_start order by b.starts`;
      break;
    default: {
      const value =
        input.metric === 'orders'
          ? sql`count(*)`
          : input.metric === 'revenue'
            ? sql`sum(subtotal - discount_total)`
            : sql`round(avg(subtotal - discount_total))`;
      query = sql`
        with buckets as (${buckets}),
        per_bucket as (
          select ${local(sql`occurred_at`)} as local_start, ${value} as value
          from orders where program_id = ${programId} and ${inRange(sql`occurred_at`)}
          group by 1
        )
        select b.starts, b.complete, coalesce(p.value, 0)::bigint as value
        from buckets b left join per_bucket p on p.local_start = b.local_start order by b.starts`;
    }
  }
  const { rows } = await query.execute(db);
  return rows.map((row) => ({ at: new Date(row.starts).toISOString(), value: row.value || 0, complete: row.complete }));
}
