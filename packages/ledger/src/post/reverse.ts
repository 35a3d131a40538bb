import { z } from 'zod';
import { uuidv7 } from 'uuidv7';
import type { Db } from '../db.ts';
import { parseInput, positivePoints, post, postingFields, sourceFields, uuid, type Receipt } from './request.ts';

export const refundPolicies = ['allow-negative', 'floor-at-zero', 'claw-back-pending-first'] as const;
export type RefundPolicy = (typeof refundPolicies)[number];

export const reverseInput = z.object({
  ...postingFields,
  ...sourceFields,
  /** The earn, redeem or capture being reversed. */
  transactionId: uuid,
  points: positivePoints,
  policy: z.enum(refundPolicies),
  reason: z.string().min(1).max(500).optional(),
});
export type ReverseInput = z.input<typeof reverseInput>;

export interface ReverseReceipt extends Receipt {
  kind: 'reverse';
  /** Points asked to reverse; counts against what is left to reverse even when not all could be taken. */
  requested: number;
  /** floor-at-zero / claw-back-pending-first: what could not be taken because it was already spent. */
  shortfall: number;
  /** allow-negative: what went below zero (a debt lot that later points pay first). */
  debt: number;
  reverses: string;
  reversedKind: 'earn' | 'redeem' | 'capture';
}

/**
 * Reverses part or all of an earn (points leave: the earn's own lots first, then other lots per policy)
 * or of a redeem/capture (points come back as new lots keeping the spent lots' expiries).
 * INVALID_REQUEST when more than what is left to reverse is asked.
 */
export async function reverse(db: Db, input: ReverseInput): Promise<ReverseReceipt> {
  return post(db, 'ledger_reverse', 'reverse', parseInput(reverseInput, input), { id: uuidv7() });
}
