import type { Db } from '@omniloyal/ledger';

/** A reserved reward a till can still take. */
export interface ActiveReservation {
  holdId: string;
  code: string;
  rewardId: string | null;
  points: number;
  expiresAt: Date;
  reservedAt: Date;
}

/**
 * A member's reservations that a till can still capture: active, with a code, and not expired at `now`,
 * newest first. An expired reservation stays active until the release job returns its points; until
 * then the till and the portal must not offer it, as a live sale would be refused its capture.
 */
export async function activeReservations(db: Db, memberId: string, now: Date): Promise<ActiveReservation[]> {
  const rows = await db
    .selectFrom('holds')
    .select(['id', 'code', 'reward_id', 'points', 'expires_at', 'created_at'])
    .where('member_id', '=', memberId)
    .where('status', '=', 'active')
    .where('code', 'is not', null)
    .where('expires_at', '>', now)
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map((row) => ({
    holdId: row.id,
    code: row.code!,
    rewardId: row.reward_id,
    points: row.points,
    expiresAt: row.expires_at,
    reservedAt: row.created_at,
  }));
}
