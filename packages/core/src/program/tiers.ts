import { z } from 'zod';
import { decimalSchema, idSchema, nameSchema, pointsSchema } from './primitives.ts';

export const tierBenefitsSchema = z
  .object({
    /** Multiplies per-amount awards (Gold earns 1.2× the base rate), exactly, before rounding. */
    earnMultiplier: decimalSchema.default('1'),
    /** Points earned while in this tier never expire by date (inactivity still applies). */
    expiryExempt: z.boolean().default(false),
    /** Free-text perks for the portal ("Free refills"); rewards restricted to the tier are listed from the catalog. */
    perks: z.array(z.string().min(1)).default([]),
  })
  .strict();

export const tierSchema = z
  .object({
    id: idSchema,
    name: nameSchema,
    /** Qualifying points needed; the first tier must be 0 (everyone's starting tier). */
    threshold: pointsSchema,
    benefits: tierBenefitsSchema.prefault({}),
  })
  .strict();

export const tierWindowSchema = z.discriminatedUnion('kind', [
  /** Points earned in the last N months up to now. */
  z.object({ kind: z.literal('rolling-months'), months: z.number().int().min(1).max(120) }).strict(),
  /** Points earned since 1 January (program time zone) of the current year. */
  z.object({ kind: z.literal('calendar-year') }).strict(),
]);

export const tiersSchema = z
  .object({
    /** Always points earned (never balance): spending must not cost status. */
    qualifying: z.object({ measure: z.literal('points-earned').default('points-earned'), window: tierWindowSchema }).strict(),
    /** Once reached, a tier is kept at least this many months even if qualifying points fall. */
    statusMonths: z.number().int().min(0).max(120),
    /** When status lapses: drop to the tier the points qualify for, or one tier at a time. */
    downgrade: z.enum(['to-qualified', 'one-tier']),
    levels: z.array(tierSchema).min(1),
  })
  .strict();

export type Tier = z.infer<typeof tierSchema>;
export type Tiers = z.infer<typeof tiersSchema>;
export type TierBenefits = z.infer<typeof tierBenefitsSchema>;
