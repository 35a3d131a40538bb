import { z } from 'zod';
import { uuidv7 } from 'uuidv7';
import type { Db } from '../db.ts';
import { parseInput, positivePoints, post, postingFields, sourceFields, uuid, type Receipt } from './request.ts';

export const redeemInput = z.object({
  ...postingFields,
  ...sourceFields,
  memberId: uuid,
  points: positivePoints,
  rewardId: z.string().min(1).max(200).optional(),
  reason: z.string().min(1).max(500).optional(),
});
export type RedeemInput = z.input<typeof redeemInput>;
export interface RedeemReceipt extends Receipt {
  kind: 'redeem';
  rewardId: string | null;
}

/** Spends available points, first to expire first; INSUFFICIENT_POINTS when the member has too few. */
export async function redeem(db: Db, input: RedeemInput): Promise<RedeemReceipt> {
  return post(db, 'ledger_redeem', 'redeem', parseInput(redeemInput, input), { id: uuidv7() });
}
