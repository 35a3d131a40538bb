import { z } from 'zod';
import { uuidv7 } from 'uuidv7';
import type { Db } from '../db.ts';
import { instant, parseInput, post, postingFields, uuid, type Receipt } from './request.ts';

export const adjustInput = z.object({
  ...postingFields,
  memberId: uuid,
  /** Positive credits a new lot; negative spends lots (never below zero). */
  points: z.number().int().refine((points) => points !== 0, 'must not be zero')
    .refine((points) => Number.isSafeInteger(points), 'must be a safe integer'),
  reason: z.string().trim().min(1).max(500),
  /** Who adjusted (a manager's id or e-mail). */
  actor: z.string().min(1).max(200),
  /** For a positive adjustment: when its lot expires (default never). */
  expiresAt: instant.nullable().optional(),
  channel: z.string().min(1).max(40).default('manager'),
});
export type AdjustInput = z.input<typeof adjustInput>;
export interface AdjustReceipt extends Receipt {
  kind: 'adjust';
  reason: string;
  actor: string;
}

export async function adjust(db: Db, input: AdjustInput): Promise<AdjustReceipt> {
  return post(db, 'ledger_adjust', 'adjust', parseInput(adjustInput, input), { id: uuidv7() });
}
