import { z } from 'zod';

/**
 * What the pos.* procedures answer, written down for tills in other languages. The procedures have no
 * output validators, so these are documentation; openapi.db.test.ts parses real answers with them
 * to keep them true.
 */
const balance = z.object({ available: z.number().int(), pending: z.number().int(), held: z.number().int() }).describe('Points, by state');
const rule = z.object({ ruleId: z.string(), name: z.string(), points: z.number().int(), explanation: z.string() });

export const posOutputs = {
  identify: z.object({
    memberId: z.uuid(),
    name: z.string().nullable().describe('Masked, e.g. "Ada L."'),
    tier: z.object({ id: z.string(), name: z.string() }),
    balance,
    rewards: z.array(z.object({ rewardId: z.string(), name: z.string(), points: z.number().int() })).describe('Rewards usable now'),
    reservations: z.array(z.object({ holdId: z.uuid(), code: z.string(), rewardId: z.string().nullable(), points: z.number().int(), expiresAt: z.string() })).describe('Rewards the member reserved in the app or portal'),
  }),
  enroll: z.object({ memberId: z.uuid(), name: z.string().nullable(), identifiers: z.array(z.object({ kind: z.string(), value: z.string() })) }),
  quote: z.object({
    earn: z.object({ points: z.number().int(), pending: z.number().int(), pendingUntil: z.string().nullable().optional(), rules: z.array(rule) }),
    rewards: z.array(
      z.object({
        rewardId: z.string(),
        name: z.string(),
        points: z.number().int(),
        discount: z.object({ amount: z.number().int(), lineId: z.string().optional(), description: z.string() }),
        earnWith: z.number().int().describe('What the basket would earn with this reward applied'),
      }),
    ),
  }),
  hold: z.object({ holdId: z.uuid(), points: z.number().int(), expiresAt: z.string(), balance }),
  release: z.object({ holdId: z.uuid(), released: z.literal(true), balance }),
  checkout: z.object({
    orderId: z.string(),
    memberId: z.uuid().nullable(),
    occurredAt: z.string(),
    programVersion: z.number().int().describe('The program version in effect at occurredAt, which decided the earn'),
    earned: z.object({ points: z.number().int(), pending: z.number().int(), pendingUntil: z.string().nullable(), rules: z.array(rule) }),
    redeemed: z.array(z.object({ rewardId: z.string(), name: z.string(), points: z.number().int(), holdId: z.string().optional() })),
    discounts: z.array(z.object({ rewardId: z.string(), amount: z.number().int(), lineId: z.string().optional(), description: z.string() })),
    discountTotal: z.number().int(),
    balance: balance.nullable().describe('After this order; null for a guest sale'),
    lines: z.array(z.string()).describe('Sentences for the printed receipt'),
    replayed: z.boolean().describe('True when this orderId was seen before: the first answer, nothing written'),
  }),
  refund: z.object({
    refundId: z.string(),
    orderId: z.string(),
    memberId: z.uuid().nullable(),
    reversed: z.number().int(),
    shortfall: z.number().int(),
    debt: z.number().int(),
    rewardsReturned: z.array(z.object({ rewardId: z.string(), points: z.number().int(), transactionId: z.string() })),
    balance: balance.nullable(),
    lines: z.array(z.string()),
    replayed: z.boolean(),
  }),
};
posOutputs satisfies Record<string, z.ZodType>;
export type PosProcedureName = keyof typeof posOutputs | 'void';
