import { z } from 'zod';
import { lineFilterSchema } from './earnRule.ts';
import { channelSchema, idSchema, instantSchema, minorUnitsSchema, nameSchema, pointsSchema } from './primitives.ts';

export const rewardKindSchema = z.discriminatedUnion('kind', [
  /** One unit of a matching line free, up to `maxValue` minor units (any line when `lines` is absent). */
  z.object({ kind: z.literal('free-item'), maxValue: minorUnitsSchema, lines: lineFilterSchema.optional() }).strict(),
  z.object({ kind: z.literal('amount-off'), amount: minorUnitsSchema.min(1) }).strict(),
  /** Percent of the subtotal, rounded down to the minor unit, optionally capped. */
  z.object({ kind: z.literal('percent-off'), percent: z.number().int().min(1).max(100), maxAmount: minorUnitsSchema.optional() }).strict(),
  /** Fulfilled by a partner; no discount on our basket. */
  z.object({ kind: z.literal('partner-voucher'), partner: nameSchema, value: minorUnitsSchema.optional() }).strict(),
]);

export const rewardSchema = z
  .object({
    id: idSchema,
    name: nameSchema,
    description: z.string().max(500).optional(),
    cost: pointsSchema,
    benefit: rewardKindSchema,
    /** Channels where it can be used; all when absent. */
    channels: z.array(channelSchema).min(1).optional(),
    /** Tiers that may use it; all when absent. A subset makes it a tier-exclusive reward. */
    tiers: z.array(idSchema).min(1).optional(),
    /** Per-member limit; the caller counts redemptions in the named period. */
    limit: z.object({ count: z.number().int().min(1), per: z.enum(['lifetime', 'year', 'month', 'day']) }).strict().optional(),
    /** Usable only within this many days of the member's birthday (0 = on the day). */
    birthdayWindowDays: z.number().int().min(0).max(31).optional(),
    /** Units left; unlimited when absent. The caller passes live stock to eligibility. */
    stock: z.number().int().nonnegative().optional(),
    availableFrom: instantSchema.optional(),
    availableUntil: instantSchema.optional(),
  })
  .strict();

export type Reward = z.infer<typeof rewardSchema>;
export type RewardBenefit = z.infer<typeof rewardKindSchema>;
