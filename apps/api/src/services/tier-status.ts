import { computeTier, type ProgramDocument, type TierStatus } from '@omniloyal/core';
import type { Db } from '@omniloyal/ledger';
import { sql } from 'kysely';
import type { ResolvedMember } from './members.ts';

/** Qualifying points in (since, until]: the SQL function `member_qualifying_points` (earns less reversed earns, merged members included). */
export async function qualifyingPoints(db: Db, memberId: string, since: string, until: string): Promise<number> {
  const { rows } = await sql<{ points: number }>`
    select member_qualifying_points(${memberId}::uuid, ${since}::timestamptz, ${until}::timestamptz) as points`.execute(db);
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
 * The counting and the update are the SQL function `member_tier_after_earn` (also run by a checkout's
 * single round trip); the document gives it the window and the thresholds.
 */
export async function updateTierAfterEarn(
  db: Db,
  input: { programId: string; member: ResolvedMember; document: ProgramDocument; at: string },
): Promise<void> {
  const tier = tierRules(input.document, input.at);
  await sql`select member_tier_after_earn(${input.programId}::uuid, ${input.member.id}::uuid, ${tier.at}, ${tier.windowStart}::timestamptz, ${JSON.stringify(tier.levels)}::jsonb)`.execute(db);
}

/** What `member_tier_after_earn` needs from the program document for an earn at `at`. */
export function tierRules(document: ProgramDocument, at: string): { at: string; windowStart: string; levels: { id: string; threshold: number }[] } {
  const { windowStart } = computeTier(document, { qualifyingPoints: 0, now: at });
  return { at, windowStart, levels: document.tiers.levels.map((level) => ({ id: level.id, threshold: level.threshold })) };
}
