import type { Db } from '@omniloyal/ledger';
import { hashSecret, newSecret } from '../auth/secret-token.ts';

/** A member QR code is short-lived so a screenshot of it is useless minutes later. */
const CODE_SECONDS = 5 * 60;

export async function issueMemberCode(db: Db, memberId: string, now: Date): Promise<{ token: string; expiresAt: string }> {
  const token = newSecret('mc');
  const expiresAt = new Date(now.getTime() + CODE_SECONDS * 1000);
  await db.insertInto('member_codes').values({ token_hash: hashSecret(token), member_id: memberId, expires_at: expiresAt }).execute();
  // Expired codes are useless; clear this member's old ones as new ones are made.
  await db.deleteFrom('member_codes').where('member_id', '=', memberId).where('expires_at', '<', now).execute();
  return { token, expiresAt: expiresAt.toISOString() };
}

export async function memberFromCode(db: Db, token: string, now: Date): Promise<string | undefined> {
  const row = await db
    .selectFrom('member_codes')
    .select(['member_id', 'expires_at'])
    .where('token_hash', '=', hashSecret(token.trim()))
    .executeTakeFirst();
  return row && row.expires_at > now ? row.member_id : undefined;
}
