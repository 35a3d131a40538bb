import type { Db, RuleCredit, TransactionKind } from '@omniloyal/ledger';
import { memberNotFound, readFollowingMerges } from './members.ts';
import { namedStatementRows } from './named-statement.ts';

export interface ShopperHistoryItem {
  id: string;
  at: Date;
  kind: TransactionKind;
  points: number;
  /**
   * Points moved into (a reservation) or out of (its release, expiry or capture) the held part of the
   * balance. Reserving changes `points` — the balance as a whole — by nothing, yet takes points out of
   * what the shopper can spend; without this the history said "0" for it.
   */
  held: number;
  channel: string | null;
  /** With the store's name, when the store still exists in the program. */
  store: { id: string; name: string | null } | null;
  orderId: string | null;
  reason: string | null;
  rules: RuleCredit[];
}

interface Row {
  status: string;
  merged_into: string | null;
  id: string | null;
  occurred_at: Date;
  kind: TransactionKind;
  points: number;
  held: number;
  channel: string | null;
  store_id: string | null;
  store_name: string | null;
  order_id: string | null;
  reason: string | null;
  rules: RuleCredit[] | null;
}

/** $1 member id, $2 program id, $3 rows to read (a page and one more); $4 (`after`) the cursor. */
const historySql = (after: string) => `
  select m.status, m.merged_into, t.id, t.occurred_at, t.kind, t.points, t.held, t.channel, t.store_id, s.name as store_name,
    t.order_id, t.reason, t.rules
  from members m
  left join lateral (
    -- One index condition, not an OR across the member and its merged members (see memberHistory).
    -- held: a hold's receipt names its points; a capture or release ends the whole hold (captured + returned),
    -- as the ledger's memberHistory reckons it for the console (account-history.db.test.ts holds the two equal).
    select id, occurred_at, kind, points, channel, store_id, order_id, reason, rules,
      case when kind = 'hold' then (result->>'points')::bigint
        when kind in ('capture', 'release') then -((result->>'captured')::bigint + (result->>'returned')::bigint)
        else 0 end as held
    from ledger_transactions
    where member_id = any(array(select m.id union all select id from members where merged_into = m.id))
      and kind != 'available' ${after}
    order by id desc
    limit $3
  ) t on true
  left join stores s on s.program_id = m.program_id and s.id = t.store_id
  where m.id = $1::uuid and m.program_id = $2::uuid
  order by t.id desc`;
const HISTORY_SQL = historySql('');
const HISTORY_AFTER_SQL = historySql('and id < $4::uuid');

/**
 * A page of the portal's history in one statement: the member (following merges as resolveMember
 * does), its ledger transactions and those of members merged into it, newest first
 * (as the ledger's memberHistory: `cursor` is the last id of the previous page), and the names of
 * their stores. Each of those was a round trip or a pool connection of its own; the history test holds
 * this to memberHistory.
 */
export async function shopperHistory(
  db: Db,
  input: { programId: string; memberId: string; cursor?: string; limit: number },
): Promise<{ items: ShopperHistoryItem[]; nextCursor?: string }> {
  const { programId, memberId, limit } = input;
  // The statement reads the member the session names; only a merged one (rare) costs another statement.
  const rows = await readFollowingMerges(memberId, (id) => input.cursor
    ? namedStatementRows<Row>(db, 'shopper_history_after', HISTORY_AFTER_SQL, [id, programId, limit + 1, input.cursor])
    : namedStatementRows<Row>(db, 'shopper_history', HISTORY_SQL, [id, programId, limit + 1]));
  // No row at all: no such member. One row without an id: the member, with no transactions yet.
  if (rows.length === 0) throw memberNotFound(memberId);
  const items = rows
    .filter((row): row is Row & { id: string } => row.id !== null)
    .slice(0, limit)
    .map((row) => ({
      id: row.id,
      at: row.occurred_at,
      kind: row.kind,
      points: row.points,
      held: row.held,
      channel: row.channel,
      store: row.store_id ? { id: row.store_id, name: row.store_name } : null,
      orderId: row.order_id,
      reason: row.reason,
      rules: row.rules ?? [],
    }));
  return rows.length > limit ? { items, nextCursor: items[items.length - 1]!.id } : { items };
}
