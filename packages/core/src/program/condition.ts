import { z } from 'zod';
import { channelSchema, idSchema, instantSchema, localDateSchema, minorUnitsSchema } from './primitives.ts';

/**
 * The condition tree of an earn rule: `all` / `any` / `not` over leaves of the
 * form `{ field, op, value }`. Leaves are a discriminated union on `field` so a bad
 * leaf is reported at its own path (`when.all[1].value`), not as "invalid union".
 */

const stringList = z.array(z.string().min(1)).min(1, 'must list at least one value');
const membership = z.enum(['in', 'not-in']);
const comparison = z.enum(['eq', 'gt', 'gte', 'lt', 'lte']);
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'must be a time HH:MM');

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

const leafSchemas = [
  z.object({ field: z.literal('channel'), op: membership, value: z.array(channelSchema).min(1) }).strict(),
  z.object({ field: z.literal('store'), op: membership, value: stringList }).strict(),
  /** `in`: some payment used one of the methods; `not-in`: none did. */
  z.object({ field: z.literal('paymentMethod'), op: membership, value: stringList }).strict(),
  /** Sum of quantity × unit price over all lines, in minor units. */
  z.object({ field: z.literal('subtotal'), op: comparison, value: minorUnitsSchema }).strict(),
  /** `in`: some line has one of the SKUs; `not-in`: no line has. */
  z.object({ field: z.literal('sku'), op: membership, value: stringList }).strict(),
  z.object({ field: z.literal('category'), op: membership, value: stringList }).strict(),
  z.object({ field: z.literal('tier'), op: membership, value: z.array(idSchema).min(1) }).strict(),
  z.object({ field: z.literal('tags'), op: z.enum(['has-any', 'has-all', 'has-none']), value: stringList }).strict(),
  /** Birthday in the program's time zone: the day itself, or a window of days around it. */
  z.object({ field: z.literal('birthday'), op: z.literal('on-day') }).strict(),
  z.object({ field: z.literal('birthday'), op: z.literal('in-month') }).strict(),
  z
    .object({
      field: z.literal('birthday'),
      op: z.literal('within-days'),
      value: z.object({ before: z.number().int().min(0).max(31), after: z.number().int().min(0).max(31) }).strict(),
    })
    .strict(),
  z.object({ field: z.literal('weekday'), op: z.literal('in'), value: z.array(z.enum(WEEKDAYS)).min(1) }).strict(),
  /** Local time of day, `from` inclusive, `to` exclusive; from > to wraps past midnight. */
  z.object({ field: z.literal('timeOfDay'), op: z.literal('between'), value: z.object({ from: hhmm, to: hhmm }).strict() }).strict(),
  /**
   * A date range: each end is a local date (YYYY-MM-DD, whole days, both inclusive, in
   * the program's time zone) or an instant with offset (`from` inclusive, `to` exclusive).
   */
  z
    .object({
      field: z.literal('date'),
      op: z.literal('between'),
      value: z.object({ from: z.union([localDateSchema, instantSchema]), to: z.union([localDateSchema, instantSchema]) }).strict(),
    })
    .strict(),
  z.object({ field: z.literal('eventType'), op: membership, value: stringList }).strict(),
  z
    .object({
      field: z.literal('eventProperty'),
      property: z.string().min(1),
      op: z.enum(['eq', 'neq', 'gt', 'gte', 'lt', 'lte']),
      value: z.union([z.string(), z.number(), z.boolean()]),
    })
    .strict(),
  z.object({ field: z.literal('eventProperty'), property: z.string().min(1), op: z.enum(['in', 'not-in']), value: z.array(z.union([z.string(), z.number()])).min(1) }).strict(),
  z.object({ field: z.literal('eventProperty'), property: z.string().min(1), op: z.literal('exists') }).strict(),
] as const;

const leafSchema = z.union(leafSchemas);
export type ConditionLeaf = z.infer<typeof leafSchema>;
export type ConditionField = ConditionLeaf['field'];
export type Condition = ConditionLeaf | { all: Condition[] } | { any: Condition[] } | { not: Condition };

export const conditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.object({ all: z.array(conditionSchema) }).strict(),
    z.object({ any: z.array(conditionSchema) }).strict(),
    z.object({ not: conditionSchema }).strict(),
    leafSchema,
  ]),
);
