import { computeTier, type ProgramDocument, type TierStatus } from '@omniloyal/core';
import { LedgerError, type Balance, type Db } from '@omniloyal/ledger';
import { memberFromRow, memberNotFound, readFollowingMerges, type MemberRow, type ResolvedMember } from './members.ts';
import { namedStatementRows } from './named-statement.ts';

export interface ShopperAccount {
  member: ResolvedMember;
  balance: Balance;
  status: TierStatus;
  /** Open points grouped by expiry, soonest first, up to `expiringBefore`. */
  expiring: { points: number; at: Date }[];
}

interface Row extends MemberRow {
  available: number | null;
  pending: number | null;
  held: number | null;
  qualifying_points: number;
  /** Soonest first; `at` as Postgres writes a timestamptz in JSON. */
  expiring: { at: string; points: number }[];
}

/**
 * $1 window start, $2 the time, $3 expiring before, $4 member id, $5 program id.
 *
 * One row: the expiring points come as one array. They were one row per expiry date, and everything in
 * the select list was evaluated again for each: a member earning every day under a rolling expiry has a
 * date per earn, and the qualifying-points sum ran once per date (721 dates, 271 ms for one account).
 */
const ACCOUNT_SQL = `
  select m.id, m.program_id, m.name, m.tier_id, m.tier_since, m.tags, m.birthday, m.created_at, m.status, m.merged_into,
    balance.available, balance.pending, balance.held, member_qualifying_points(m.id, $1::timestamptz, $2::timestamptz) as qualifying_points,
    expiring.items as expiring
  from members m
  left join lateral (
    select coalesce(survivor.available, a.available) as available, coalesce(survivor.pending, a.pending) as pending,
      coalesce(survivor.held, a.held) as held
    from member_accounts a left join member_accounts survivor on survivor.member_id = a.merged_into
    where a.member_id = m.id
  ) balance on true
  left join lateral (
    select coalesce(jsonb_agg(jsonb_build_object('at', e.expires_at, 'points', e.points) order by e.expires_at), '[]') as items
    from (
      select expires_at, sum(remaining)::bigint as points from point_lots
      where member_id = m.id and remaining > 0 and expires_at is not null and expires_at <= $3::timestamptz
      group by expires_at
    ) e
  ) expiring on true
  where m.id = $4::uuid and m.program_id = $5::uuid`;

/**
 * What the portal's account page shows, in one statement: the member (following merges as
 * resolveMember does), its balance (as getBalance), its qualifying points in the tier window (as
 * tier-status's qualifyingPoints) and its points expiring before `expiringBefore` (as expiringPoints),
 * by expiry date. The portal asks for this on every page, and each separate read was a round
 * trip or a pool connection of its own; the account test holds these to the functions they stand for.
 */
export async function shopperAccount(
  db: Db,
  input: { programId: string; memberId: string; document: ProgramDocument; at: string; expiringBefore: Date },
): Promise<ShopperAccount> {
  const { programId, memberId, document, at } = input;
  // The window depends on the document and the time only, so it is known before the member is read.
  const { windowStart } = computeTier(document, { qualifyingPoints: 0, now: at });
  // The statement reads the member the session names; only a merged one (rare) costs another statement.
  const rows = await readFollowingMerges(memberId, (id) =>
    namedStatementRows<Row>(db, 'shopper_account', ACCOUNT_SQL, [windowStart, at, input.expiringBefore, id, programId]));
  const first = rows[0];
  if (!first) throw memberNotFound(memberId);
  const member = memberFromRow(first);
  if (first.available === null || first.pending === null || first.held === null) {
    throw new LedgerError('NOT_FOUND', `memberId: member ${member.id} not found`);
  }
  const status = computeTier(document, {
    qualifyingPoints: first.qualifying_points,
    ...(member.tierId ? { currentTier: member.tierId } : {}),
    ...(member.tierSince ? { tierSince: member.tierSince.toISOString() } : {}),
    now: at,
  });
  return {
    member,
    balance: { available: first.available, pending: first.pending, held: first.held },
    status,
    expiring: first.expiring.map((e) => ({ points: e.points, at: new Date(e.at) })),
  };
}
