import { z } from 'zod';
import { earnRuleSchema } from './earnRule.ts';
import { expiryPolicySchema, pendingPolicySchema, refundPolicySchema } from './policies.ts';
import { currencySchema, decimalSchema, nameSchema } from './primitives.ts';
import { rewardSchema } from './reward.ts';
import { tiersSchema } from './tiers.ts';

export const programSettingsSchema = z
  .object({
    name: nameSchema,
    /** How points are called, in both grammatical numbers: "Star" / "Stars". */
    pointName: z.object({ one: nameSchema, other: nameSchema }).strict(),
    currency: currencySchema,
    /** IANA zone for weekdays, times of day, birthdays, dates and month-end expiry. */
    timeZone: z.string().min(1),
    /** Liability per point, in minor units (e.g. "4" = 0.04 USD); used by simulation. */
    pointValue: decimalSchema.optional(),
  })
  .strict();

/** The whole versioned program configuration (SPEC.md "Program configuration"). */
export const programDocumentSchema = z
  .object({
    schemaVersion: z.literal(1),
    program: programSettingsSchema,
    earning: z.object({ rules: z.array(earnRuleSchema) }).strict(),
    tiers: tiersSchema,
    rewards: z.array(rewardSchema),
    expiry: expiryPolicySchema,
    pending: pendingPolicySchema,
    refunds: refundPolicySchema,
  })
  .strict();

export type ProgramDocument = z.infer<typeof programDocumentSchema>;
/** The document as written (defaults not yet applied), e.g. for literals in code. */
export type ProgramDocumentInput = z.input<typeof programDocumentSchema>;
