import type { Channel, MemberContext, Order } from '@omniloyal/core';
import type { Db } from '@omniloyal/ledger';

/** At most this many past orders are replayed in one simulation, newest first. */
const REPLAY_LIMIT = 20_000;

/**
 * Real past orders as simulation input. Members are taken as they are now (tier, tags, birthday):
 * the question a manager asks is "what would this draft have given these baskets".
 */
export async function replayOrders(
  db: Db,
  programId: string,
  days: number,
  now: Date,
): Promise<{ order: Order; channel: Channel; member: MemberContext }[]> {
  const rows = await db
    .selectFrom('orders')
    .leftJoin('members', 'members.id', 'orders.member_id')
    .select([
      'orders.occurred_at',
      'orders.store_id',
      'orders.channel',
      'orders.currency',
      'orders.lines',
      'orders.payments',
      'orders.member_id',
      'members.tier_id',
      'members.tags',
      'members.birthday',
    ])
    .where('orders.program_id', '=', programId)
    .where('orders.occurred_at', '>=', new Date(now.getTime() - days * 86_400_000))
    .orderBy('orders.occurred_at', 'desc')
    .limit(REPLAY_LIMIT)
    .execute();
  return rows.map((row) => ({
    order: {
      occurredAt: row.occurred_at.toISOString(),
      ...(row.store_id ? { storeId: row.store_id } : {}),
      lines: row.lines as Order['lines'],
      payments: row.payments as Order['payments'],
      currency: row.currency,
    },
    channel: row.channel as Channel,
    member: {
      ...(row.member_id ? { memberId: row.member_id } : {}),
      ...(row.tier_id ? { tier: row.tier_id } : {}),
      tags: row.tags ?? [],
      ...(row.birthday ? { birthday: toDateString(row.birthday) } : {}),
    },
  }));
}

function toDateString(value: Date | string): string {
  return typeof value === 'string' ? value.slice(0, 10) : value.toISOString().slice(0, 10);
}
