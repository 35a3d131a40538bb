import { parseDecimal, type ProgramDocument } from '@omniloyal/core';
import { programTotals, type Db } from '@omniloyal/ledger';
import { sql } from 'kysely';
import { ordersByChannel } from './orders-by-channel.ts';
import { omnichannelSegments } from './omnichannel.ts';
import { retentionByCohort } from './retention.ts';

/**
 * The manager's overview for [from, to). Definitions, so the numbers can be checked by hand:
 * - liability: points members hold at `to` (available + pending + held), and their value at the
 *   document's `pointValue` (minor units per point) when it has one;
 * - issued / redeemed / expired: points moved that way in the range, by the transactions' own time;
 * - breakage rate: expired / (redeemed + expired) in the range — of the points that left members,
 *   the share that left unused;
 * - active members: distinct members who earned or redeemed in the range.
 */
export async function analyticsSummary(db: Db, input: { programId: string; document: ProgramDocument; zone: string; from: string; to: string }) {
  const { programId, from, to } = input;
  const inRange = await programTotals(db, programId, { from: new Date(from), to: new Date(to) });
  const liabilityPoints = (await programTotals(db, programId, { to: new Date(to) })).outstanding;
  const flows = {
    issued: inRange.issued,
    redeemed: inRange.redeemed,
    expired: inRange.expired,
    // Shown as points taken back by refunds (the ledger counts them as a negative credit).
    reversed: 0 - inRange.reversed || 0,
    adjusted: inRange.adjusted,
  };
  const { rows } = await sql<{ active: number }>`
    select count(distinct member_id)::bigint as active from ledger_transactions
    where program_id = ${programId} and kind in ('earn', 'redeem', 'capture')
      and occurred_at >= ${from}::timestamptz and occurred_at < ${to}::timestamptz`.execute(db);
  const pointValue = input.document.program.pointValue;
  const value = pointValue ? parseDecimal(pointValue) : undefined;
  const left = flows.redeemed + flows.expired;
  return {
    from,
    to,
    currency: input.document.program.currency,
    liability: {
      points: liabilityPoints,
      ...(value ? { amount: Math.round((liabilityPoints * value.num) / value.den) } : {}),
    },
    ...flows,
    breakageRate: left > 0 ? flows.expired / left : 0,
    activeMembers: rows[0]?.active ?? 0,
    channels: await ordersByChannel(db, programId, from, to),
    ...(await omnichannelSegments(db, programId, from, to)),
    retention: await retentionByCohort(db, programId, input.zone, from, to),
  };
}
