import { computeTier, type ProgramDocument, type TierStatus } from '@omniloyal/core';
import type { Db } from '@omniloyal/ledger';
import { sql } from 'kysely';
import type { ResolvedMember } from './members.ts';

/**
 * Qualifying points: points *earned* in the tier window (earns less reversed earns), never the
 * balance, including members merged into this one. `= any(array(...))` rather than `a or b`, so the
 * (member_id, id) index serves it instead of a scan of every transaction.
 */
export async function qualifyingPoints(db: Db, memberId: string, since: string, until: string): Promise<number> {
  const { rows } = await sql<{ points: number }>`
    select coalesce(sum(points), 0)::bigint as points from ledger_transactions
    where member_id = any(array(select ${memberId}::uuid union all select id from members where merged_into = ${memberId}))
      and (kind = 'earn' or (kind = 'reverse' and points < 0))
      and occurred_at > ${since}::timestamptz and occurred_at <= ${until}::timestamptz`.execute(db);
  return rows[0]?.points ?? 0;
}

/** The member's tier status at `at`, by the document's tier rules. */
export async function tierStatus(db: Db, document: ProgramDocument, member: ResolvedMember, at: string): Promise<TierStatus> {
  const { windowStart } = computeTier(document, { qualifyingPoints: 0, now: at });
  return computeTier(document, {
    qualifyingPoints: await qualifyingPoints(db, member.id, windowStart, at),
    ...(member.tierId ? { currentTier: member.tierId } : {}),
    ...(member.tierSince ? { tierSince: member.tierSince.toISOString() } : {}),
    now: at,
  });
}

/**
 * After an earn: move the member up at once when the points now qualify for a higher tier (downgrades
 * wait for the tier job, which honours status duration). Emits `tier_changed` in the same transaction.
 */
export async function updateTierAfterEarn(
  db: Db,
  input: { programId: string; member: ResolvedMember; document: ProgramDocument; at: string },
): Promise<void> {
  const status = await tierStatus(db, input.document, input.member, input.at);
  const levels = input.document.tiers.levels;
  // A member without a tier (or with one this version no longer has) is in the first tier: reaching it is no change.
  const rank = (id: string | null) => Math.max(0, levels.findIndex((level) => level.id === id));
  if (rank(status.tierId) <= rank(input.member.tierId)) return;
  await db
    .updateTable('members')
    .set({ tier_id: status.tierId, tier_since: input.at })
    .where('id', '=', input.member.id)
    .execute();
  await db
    .insertInto('outbox')
    .values({
      program_id: input.programId,
      type: 'tier_changed',
      payload: JSON.stringify({ memberId: input.member.id, from: input.member.tierId, to: status.tierId, at: input.at }),
    })
    .execute();
}
