import { z } from 'zod';
import { orderSchema } from '@omniloyal/core';

/** Inputs several channels share, so a till and a site are validated the same way. */
export const externalId = z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters');
export const idempotencyKey = z.string().min(8, 'must be at least 8 characters').max(200);

export const redeemItemInput = z.union(
  [z.object({ holdId: z.uuid() }).strict(), z.object({ code: z.string().trim().min(4).max(32) }).strict(), z.object({ rewardId: z.string().min(1).max(100) }).strict()],
  { error: 'each redeem item is { holdId }, { code } or { rewardId }' },
);

export const checkoutInput = z.object({
  orderId: externalId,
  memberId: z.uuid().optional(),
  order: orderSchema,
  redeem: z.array(redeemItemInput).max(20).optional(),
});

export const refundInput = z.object({
  orderId: externalId,
  refundId: externalId,
  lines: z
    .array(z.object({ lineId: z.string().min(1).max(100), quantity: z.number().int('must be a whole number').positive('must be at least 1') }))
    .min(1, 'name at least one line to refund')
    .max(1000),
});
