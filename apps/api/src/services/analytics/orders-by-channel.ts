import type { Db } from '@omniloyal/ledger';
import { sql } from 'kysely';

export interface ChannelFigures {
  channel: string;
  orders: number;
  /** What members and guests paid, in minor units: line totals less reward discounts. */
  revenue: number;
  averageOrderValue: number;
}

/** Orders, revenue and average order value per channel in [from, to). */
export async function ordersByChannel(db: Db, programId: string, from: string, to: string): Promise<ChannelFigures[]> {
  const { rows } = await sql<{ channel: string; orders: number; revenue: number }>`
    select channel, count(*)::bigint as orders, coalesce(sum(subtotal - discount_total), 0)::bigint as revenue
    from orders
    where program_id = ${programId} and occurred_at >= ${from}::timestamptz and occurred_at < ${to}::timestamptz
    group by channel order by channel`.execute(db);
  return rows.map((row) => ({
    channel: row.channel,
    orders: row.orders,
    revenue: row.revenue,
    averageOrderValue: row.orders > 0 ? Math.round(row.revenue / row.orders) : 0,
  }));
}
