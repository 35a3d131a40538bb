import { z } from 'zod';
import { uuidv7 } from 'uuidv7';
import type { Db } from '../db.ts';
import { parseInput, post, postingFields, uuid, type Balance, type Receipt } from './request.ts';

export const mergeInput = z.object({
  ...postingFields,
  fromMemberId: uuid,
  intoMemberId: uuid,
  actor: z.string().min(1).max(200).optional(),
  reason: z.string().min(1).max(500).optional(),
}).refine((input) => input.fromMemberId !== input.intoMemberId, {
  path: ['intoMemberId'],
  message: 'a member cannot be merged into itself',
});
export type MergeInput = z.input<typeof mergeInput>;
export interface MergeReceipt extends Receipt {
  kind: 'merge';
  fromMemberId: string;
  moved: Balance;
}

/** Moves one member's lots, holds, balances and identifiers into another and marks it merged. */
export async function merge(db: Db, input: MergeInput): Promise<MergeReceipt> {
  return post(db, 'ledger_merge', 'merge', parseInput(mergeInput, input), { id: uuidv7() });
}
