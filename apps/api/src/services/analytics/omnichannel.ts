import type { Db } from '@omniloyal/ledger';
import { sql } from 'kysely';

export interface SegmentFigures {
  members: number;
  /** Share of members with orders, 0..1. */
  share: number;
  orders: number;
  spend: number;
  /** Average spend per member over their whole history up to `to`, in minor units. */
  lifetimeValue: number;
}

/**
 * Members who bought in two or more channels against those who bought in one, over their whole
 * history up to `to`, counting members active (an order) in [from, to). Merged members count as one.
 */
export async function omnichannelSegments(
  db: Db,
  programId: string,
  from: string,
  to: string,
): Promise<{ omnichannel: SegmentFigures; singleChannel: SegmentFigures }> {
  const { rows } = await sql<{ omni: boolean; members: number; orders: number; spend: number }>`
    with per_member as (
      select coalesce(m.merged_into, o.member_id) as member_id,
        count(distinct o.channel) as channels, count(*) as orders, sum(o.subtotal - o.discount_total) as spend,
        bool_or(o.occurred_at >= ${from}::timestamptz) as active
      from orders o join members m on m.id = o.member_id
      where o.program_id = ${programId} and o.occurred_at < ${to}::timestamptz
      group by 1
    )
    select channels > 1 as omni, count(*)::bigint as members, coalesce(sum(orders), 0)::bigint as orders, coalesce(sum(spend), 0)::bigint as spend
    from per_member where active group by 1`.execute(db);
  const total = rows.reduce((sum, row) => sum + row.members, 0);
  const segment = (omni: boolean): SegmentFigures => {
    const row = rows.find((r) => r.omni === omni);
    const members = row?.members ?? 0;
    return {
      members,
      share: total > 0 ? members / total : 0,
      orders: row?.orders ?? 0,
      spend: row?.spend ?? 0,
      lifetimeValue: members > 0 ? Math.round((row?.spend ?? 0) / members) : 0,
    };
  };
  return { omnichannel: segment(true), singleChannel: segment(false) };
}
