import { z } from 'zod';
import { uuidv7 } from 'uuidv7';
import type { Db } from '../db.ts';
import { LedgerError, type LedgerErrorCode } from '../errors.ts';
import {
  callLedger, describeIssues, instant, parseInput, positivePoints, post, postingFields, requestHash, sourceFields, uuid,
  type Receipt,
} from './request.ts';

const lotInput = z.object({
  points: positivePoints,
  /** Pending until then (a returns window); absent or past = available at once. */
  availableAt: instant.optional(),
  /** null or absent = never expires. */
  expiresAt: instant.nullable().optional(),
});

const ruleCredit = z.object({ ruleId: z.string().min(1), name: z.string(), points: z.number().int() });

export const earnInput = z.object({
  ...postingFields,
  ...sourceFields,
  memberId: uuid,
  /** One lot per expiry the rules produced; points are positive integers. */
  lots: z.array(lotInput).min(1).max(100),
  ruleVersion: z.number().int().nonnegative().optional(),
  rules: z.array(ruleCredit).max(500).optional(),
  reason: z.string().min(1).max(500).optional(),
});
export type EarnInput = z.input<typeof earnInput>;

export interface EarnReceipt extends Receipt {
  kind: 'earn';
  /** The part of `points` that is pending. */
  pendingPoints: number;
}

/** Credits points as lots; one round trip. */
export async function earn(db: Db, input: EarnInput): Promise<EarnReceipt> {
  const request = parseInput(earnInput, input);
  return post(db, 'ledger_earn', 'earn', request, { id: uuidv7() });
}

export type EarnBatchResult =
  | { ok: true; receipt: EarnReceipt }
  | { ok: false; code: LedgerErrorCode; message: string };

/**
 * Posts many earns in ONE round trip; each succeeds or fails on its own and results come back in
 * request order. Items fail without a subtransaction in the common case (the SQL checks before
 * writing); if the batch still fails as a whole on something unexpected, it is re-run with a
 * subtransaction per item so the one bad item reports its own error.
 */
export async function earnBatch(db: Db, inputs: readonly EarnInput[]): Promise<EarnBatchResult[]> {
  const results: EarnBatchResult[] = new Array(inputs.length);
  const items: Record<string, unknown>[] = [];
  const positions: number[] = [];
  inputs.forEach((input, index) => {
    const parsed = earnInput.safeParse(input);
    if (!parsed.success) {
      results[index] = { ok: false, code: 'INVALID_REQUEST', message: describeIssues(parsed.error.issues) };
      return;
    }
    items.push({ ...parsed.data, id: uuidv7(), hash: requestHash('earn', parsed.data) });
    positions.push(index);
  });
  if (items.length > 0) {
    let answers: EarnBatchResult[];
    try {
      answers = await callLedger<EarnBatchResult[]>(db, 'ledger_earn_batch', items, false);
    } catch (error) {
      if (error instanceof LedgerError) throw error;
      answers = await callLedger<EarnBatchResult[]>(db, 'ledger_earn_batch', items, true);
    }
    answers.forEach((answer, i) => (results[positions[i]!] = answer));
  }
  return results;
}
