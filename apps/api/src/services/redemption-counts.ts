import type { ProgramDocument } from '@omniloyal/core';
import type { Db } from '@omniloyal/ledger';
import { sql } from 'kysely';
import type { ResolvedMember } from './members.ts';

/**
 * How often the member used each limited reward in the period its limit names (day, month, year in the
 * program's time zone, or lifetime), counting live reservations too so a member cannot reserve past a limit.
 */
export async function redemptionCounts(
  db: Db,
  input: { member: ResolvedMember; document: ProgramDocument; at: string },
): Promise<Record<string, number>> {
  const limited = input.document.rewards.filter((reward) => reward.limit);
  if (limited.length === 0) return {};
  const zone = input.document.program.timeZone;
  const { rows } = await sql<{ reward_id: string; day: number; month: number; year: number; lifetime: number }>`
    with used as (
      select t.result->>'rewardId' as reward_id, t.occurred_at at time zone ${zone} as local_at
      from ledger_transactions t
      where t.member_id = ${input.member.id} and t.kind in ('redeem', 'capture') and t.result->>'rewardId' = any(${limited.map((r) => r.id)})
        and not exists (select 1 from ledger_transactions r where r.reverses = t.id)
      union all
      select h.reward_id, h.created_at at time zone ${zone}
      from holds h where h.member_id = ${input.member.id} and h.status = 'active' and h.reward_id is not null
    ), here as (select ${input.at}::timestamptz at time zone ${zone} as local_at)
    select reward_id,
      count(*) filter (where date_trunc('day', u.local_at) = date_trunc('day', here.local_at))::int as day,
      count(*) filter (where date_trunc('month', u.local_at) = date_trunc('month', here.local_at))::int as month,
      count(*) filter (where date_trunc('year', u.local_at) = date_trunc('year', here.local_at))::int as year,
      count(*)::int as lifetime
    from used u, here group by reward_id`.execute(db);
  const byReward = new Map(rows.map((row) => [row.reward_id, row]));
  return Object.fromEntries(
    limited.map((reward) => {
      const row = byReward.get(reward.id);
      return [reward.id, row ? row[reward.limit!.per] : 0];
    }),
  );
}
