import { z } from 'zod';

/**
 * When a lot of points expires. `end-of-month-after` with months 6 means "at the end
 * of the 6th calendar month after the month earned": earned 15 December, the lot is
 * valid through 30 June and expires at 1 July 00:00 in the program's time zone.
 */
export const lotExpirySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('never') }).strict(),
  z.object({ kind: z.literal('days-after-earn'), days: z.number().int().min(1).max(36_500) }).strict(),
  z.object({ kind: z.literal('end-of-month-after'), months: z.number().int().min(0).max(1200) }).strict(),
]);

export const expiryPolicySchema = z
  .object({
    lots: lotExpirySchema,
    /** All points expire after this many months without activity (earn or redeem). */
    inactivityMonths: z.number().int().min(1).max(1200).optional(),
  })
  .strict();

/** Earned points wait this many days (a returns window) before they can be spent. */
export const pendingPolicySchema = z.object({ days: z.number().int().min(0).max(365) }).strict();

/**
 * What happens when a refund reverses points the member already spent:
 * allow-negative — the balance goes below zero; floor-at-zero — reverse only what is
 * left; claw-back-pending-first — take from pending points first, then available, then floor at zero.
 */
export const refundPolicySchema = z.object({ whenSpent: z.enum(['allow-negative', 'floor-at-zero', 'claw-back-pending-first']) }).strict();

export type LotExpiry = z.infer<typeof lotExpirySchema>;
export type ExpiryPolicy = z.infer<typeof expiryPolicySchema>;
export type PendingPolicy = z.infer<typeof pendingPolicySchema>;
export type RefundPolicy = z.infer<typeof refundPolicySchema>;
