import { z } from 'zod';
import { conditionSchema } from './condition.ts';
import { decimalSchema, idSchema, minorUnitsSchema, nameSchema, pointsSchema, roundingSchema } from './primitives.ts';

/** Which order lines an award counts: a line matches if its SKU or its category is listed. */
export const lineFilterSchema = z
  .object({ skus: z.array(z.string().min(1)).optional(), categories: z.array(z.string().min(1)).optional() })
  .strict()
  .refine((f) => (f.skus?.length ?? 0) + (f.categories?.length ?? 0) > 0, 'must list at least one SKU or category');

export type LineFilter = z.infer<typeof lineFilterSchema>;

/**
 * `points` per `per` minor units spent, e.g. { points: "1.2", per: 100 } is 1.2 points
 * per 1.00. Kept as a decimal string so it stays exact.
 */
export const rateSchema = z.object({ points: decimalSchema, per: minorUnitsSchema.min(1) }).strict();

export const awardSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('per-amount'),
      rate: rateSchema,
      rounding: roundingSchema,
      /** Count only these lines; all lines when absent. */
      lines: lineFilterSchema.optional(),
      /** Apply the member's tier earn multiplier (Gold 1.2×) before rounding. */
      tierMultiplier: z.boolean().default(true),
    })
    .strict(),
  z.object({ kind: z.literal('per-item'), points: pointsSchema, lines: lineFilterSchema }).strict(),
  z.object({ kind: z.literal('fixed'), points: pointsSchema }).strict(),
  /**
   * Adds (factor − 1) × the points of the listed rules, e.g. factor 2 on the base
   * rule is a Double Star Day. Evaluated after the rules it multiplies.
   */
  z.object({ kind: z.literal('multiplier'), factor: decimalSchema, of: z.array(idSchema).min(1), rounding: roundingSchema }).strict(),
]);

export type Award = z.infer<typeof awardSchema>;

export const limitsSchema = z
  .object({
    perOrder: pointsSchema.optional(),
    perMemberPerDay: pointsSchema.optional(),
    perMemberPerWeek: pointsSchema.optional(),
    perMemberPerMonth: pointsSchema.optional(),
    /** A campaign budget across all members; rules sharing an `id` share the budget. */
    budget: z.object({ id: idSchema.optional(), points: pointsSchema }).strict().optional(),
  })
  .strict();

export type Limits = z.infer<typeof limitsSchema>;

export const earnRuleSchema = z
  .object({
    id: idSchema,
    name: nameSchema,
    /** Higher runs first and wins ties in an exclusive group; equal priorities fall back to id order. */
    priority: z.number().int().min(-1_000_000).max(1_000_000),
    enabled: z.boolean().default(true),
    /** Event types the rule listens to: "purchase" for orders, or sign-up, referral, custom… */
    on: z.array(z.string().min(1).max(64)).min(1).default(['purchase']),
    when: conditionSchema.optional(),
    award: awardSchema,
    limits: limitsSchema.optional(),
    /** Rules stack; rules sharing an exclusive group keep only the group's best match. */
    exclusive: idSchema.optional(),
    /** Shown to shoppers instead of the generated sentence; "{points}" is replaced. */
    explanation: z.string().min(1).max(200).optional(),
  })
  .strict();

export type EarnRule = z.infer<typeof earnRuleSchema>;
