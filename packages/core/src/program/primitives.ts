import { z } from 'zod';
import { isDecimal } from '../money.ts';
import { parseInstant } from '../time/instant.ts';

/** Identifiers a manager types and other records point at: short, stable, URL-safe. */
export const idSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'must be 1–64 letters, digits, ".", "_" or "-", starting with a letter or digit');

export const nameSchema = z.string().trim().min(1, 'must not be empty').max(200);

/** Exact decimals such as "1.2" (never floats) or plain non-negative integers. */
export const decimalSchema = z.union([z.number().int().nonnegative(), z.string()]).refine(
  (v) => typeof v === 'number' || isDecimal(v),
  'must be a non-negative integer or a decimal string such as "1.2"',
);

export const pointsSchema = z.number().int('must be a whole number of points').nonnegative('must not be negative').max(1e12);

/** Money in integer minor units (cents for USD). */
export const minorUnitsSchema = z.number().int('must be an integer amount in minor units (cents)').nonnegative('must not be negative').max(1e13);

export const instantSchema = z
  .string()
  .refine((s) => !Number.isNaN(parseInstant(s)), 'must be an ISO 8601 date-time with an offset, e.g. 2026-03-18T10:00:00-04:00');

export const localDateSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'must be a date YYYY-MM-DD');

export const roundingSchema = z.enum(['floor', 'round-half-up', 'ceil']);

export const currencySchema = z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 currency code such as USD');

export const channelSchema = z.enum(['web', 'app', 'pos', 'partner']);
export type Channel = z.infer<typeof channelSchema>;
export const CHANNELS: readonly Channel[] = channelSchema.options;
