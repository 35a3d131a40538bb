import { z } from 'zod';
import { currencySchema, idSchema, instantSchema, localDateSchema, minorUnitsSchema } from './primitives.ts';

export { channelSchema, type Channel } from './primitives.ts';

/** API.md's `order`: what a till, a site or a partner sends us. */
export const orderLineSchema = z.object({
  lineId: z.string().min(1).max(100),
  sku: z.string().min(1).max(100),
  category: z.string().min(1).max(100).optional(),
  quantity: z.number().int('must be a whole number').positive('must be at least 1').max(1e6),
  unitPrice: minorUnitsSchema,
});

export const orderSchema = z
  .object({
    occurredAt: instantSchema,
    storeId: z.string().min(1).max(100).optional(),
    lines: z.array(orderLineSchema).max(1000),
    payments: z.array(z.object({ method: z.string().min(1).max(50), amount: minorUnitsSchema })).max(50),
    currency: currencySchema,
  })
  .superRefine((order, ctx) => {
    const seen = new Set<string>();
    order.lines.forEach((line, i) => {
      if (seen.has(line.lineId)) ctx.addIssue({ code: 'custom', path: ['lines', i, 'lineId'], message: `duplicate line id "${line.lineId}"` });
      seen.add(line.lineId);
    });
  });

export type Order = z.infer<typeof orderSchema>;
export type OrderLine = z.infer<typeof orderLineSchema>;

export const memberContextSchema = z.object({
  memberId: z.string().optional(),
  tier: idSchema.optional(),
  tags: z.array(z.string()).optional(),
  birthday: localDateSchema.optional(),
  enrolledAt: instantSchema.optional(),
});

/** What the caller knows about the member at the time of the order or event. */
export type MemberContext = z.infer<typeof memberContextSchema>;

export const eventPropertyValueSchema = z.union([z.string(), z.number(), z.boolean()]);

/** A non-purchase event: sign-up, referral, profile completed, app download or a custom one. */
export const earnEventSchema = z.object({
  type: z.string().min(1).max(64),
  occurredAt: instantSchema,
  properties: z.record(z.string(), eventPropertyValueSchema).optional(),
});

export type EarnEvent = z.infer<typeof earnEventSchema>;
