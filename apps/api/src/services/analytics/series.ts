import type { Db } from '@omniloyal/ledger';
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
}

const interval: Record<Bucket, RawBuilder<unknown>> = {
  day: sql`interval '1 day'`,
  week: sql`interval '1 week'`,
  month: sql`interval '1 month'`,
};

/**
 * One metric per bucket (day, week starting Monday, month) in the program's time zone, over [from, to).
 * Flows are per bucket; liability is the balance members hold at each bucket's end.
 */
export async function metricSeries(
  db: Db,
  input: { programId: string; zone: string; metric: SeriesMetric; from: string; to: string; bucket: Bucket },
): Promise<SeriesPoint[]> {
  const { programId, zone, from, to } = input;
  const step = interval[input.bucket];
  const buckets = sql`
    select (b at time zone ${zone}) as starts, ((b + ${step}) at time zone ${zone}) as ends
    from generate_series(date_trunc(${input.bucket}, ${from}::timestamptz at time zone ${zone}),
                         ${to}::timestamptz at time zone ${zone}, ${step}) as b
    where (b at time zone ${zone}) < ${to}::timestamptz`;
  const flow = (kind: string, sign: number) => sql<{ starts: Date; value: number }>`
    with buckets as (${buckets})
    select b.starts, coalesce(${sign} * sum(e.amount), 0)::bigint as value
    from buckets b
    left join ledger_transactions t on t.program_id = ${programId} and t.occurred_at >= b.starts and t.occurred_at < b.ends
    left join ledger_entries e on e.transaction_id = t.id
      and e.account_id = (select id from accounts where program_id = ${programId} and member_id is null and kind = ${kind})
    group by b.starts order by b.starts`;

  let query;
  switch (input.metric) {
    case 'issued':
      query = flow('issued', -1);
      break;
    case 'redeemed':
      query = flow('redeemed', 1);
      break;
    case 'expired':
      query = flow('expired', 1);
      break;
    case 'liability':
      query = sql<{ starts: Date; value: number }>`
        with buckets as (${buckets}),
        program_accounts as (select id from accounts where program_id = ${programId} and member_id is null)
        select b.starts, coalesce((
          select -sum(e.amount) from ledger_transactions t join ledger_entries e on e.transaction_id = t.id
          where t.program_id = ${programId} and t.occurred_at < b.ends and e.account_id in (select id from program_accounts)
        ), 0)::bigint as value
        from buckets b order by b.starts`;
      break;
    case 'active_members':
      query = sql<{ starts: Date; value: number }>`
        with buckets as (${buckets})
        select b.starts, count(distinct t.member_id)::bigint as value
        from buckets b
        left join ledger_transactions t on t.program_id = ${programId} and t.occurred_at >= b.starts and t.occurred_at < b.ends
          and t.kind in ('earn', 'redeem', 'capture')
        group by b.starts order by b.starts`;
      break;
    default: {
      const value =
        input.metric === 'orders'
          ? sql`count(o.id)`
          : input.metric === 'revenue'
            ? sql`coalesce(sum(o.subtotal - o.discount_total), 0)`
            : sql`coalesce(round(avg(o.subtotal - o.discount_total)), 0)`;
      query = sql<{ starts: Date; value: number }>`
        with buckets as (${buckets})
        select b.starts, ${value}::bigint as value
        from buckets b
        left join orders o on o.program_id = ${programId} and o.occurred_at >= b.starts and o.occurred_at < b.ends
        group by b.starts order by b.starts`;
    }
  }
  const { rows } = await query.execute(db);
  return rows.map((row) => ({ at: new Date(row.starts).toISOString(), value: row.value || 0 }));
}
