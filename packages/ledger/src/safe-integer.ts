/**
 * Postgres returns int8 and numeric as text because they can exceed a JS number.
 * Points and minor units must stay exact, so we parse them once, here, and refuse
 * anything beyond 2^53 instead of silently losing precision.
 */
export function parseSafeInteger(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(`database value ${text} is not a safe integer`);
  }
  return value;
}

/** numeric: integer values (sums of bigint) become safe integers; fractions (ratios, averages) become numbers. */
export function parseNumeric(text: string): number {
  if (/^-?\d+$/.test(text)) return parseSafeInteger(text);
  return Number(text);
}
