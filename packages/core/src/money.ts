/**
 * Money and rates without floats: amounts are integer minor units, rates are
 * integer ratios, and every division names its rounding rule. A float such as
 * 1.2 cannot represent "1.2 points per 1.00" exactly, so we never create one.
 */

export type Rounding = 'floor' | 'round-half-up' | 'ceil';

/** An exact non-negative rational number: num / den, den > 0, both safe integers. */
export interface Ratio {
  readonly num: number;
  readonly den: number;
}

const DECIMAL = /^(\d+)(?:\.(\d+))?$/;

function gcd(a: number, b: number): number {
  while (b !== 0) {
    const t = a % b;
    a = b;
    b = t;
  }
  return a;
}

export function ratio(num: number, den: number): Ratio {
  if (!Number.isSafeInteger(num) || !Number.isSafeInteger(den) || den <= 0 || num < 0) {
    throw new RangeError(`invalid ratio ${num}/${den}`);
  }
  const g = gcd(num, den) || 1;
  return { num: num / g, den: den / g };
}

/** Parses "1.2" or 3 into an exact ratio (12/10 → 6/5). */
export function parseDecimal(value: string | number): Ratio {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`not a non-negative integer: ${value}`);
    return { num: value, den: 1 };
  }
  const m = DECIMAL.exec(value);
  if (!m) throw new RangeError(`not a decimal number: "${value}"`);
  const fraction = m[2] ?? '';
  return ratio(Number((m[1] ?? '0') + fraction), 10 ** fraction.length);
}

export function isDecimal(value: string): boolean {
  return DECIMAL.test(value) && value.length <= 15;
}

export function multiplyRatios(a: Ratio, b: Ratio): Ratio {
  // Reduce crosswise first so products stay small.
  const g1 = gcd(a.num, b.den) || 1;
  const g2 = gcd(b.num, a.den) || 1;
  return ratio((a.num / g1) * (b.num / g2), (a.den / g2) * (b.den / g1));
}

/**
 * ⌊n / d⌋ for integers 0 <= n < 2^53 − d, d > 0, without `%`. Exact: if n = k·d − r with
 * 0 < r < d, then n / d = k − r/d and r/d >= 1/d exceeds half an ulp of k whenever
 * k·d < 2^53, so the correctly rounded quotient stays below k. (`%` on doubles is a
 * libm fmod call, several times slower on the hot path.)
 */
export function floorDiv(n: number, d: number): number {
  return Math.floor(n / d);
}

/** Rounds the exact quotient n / d (n >= 0, d > 0) with an explicit rule; exact for safe integers. */
export function divideRounded(n: number, d: number, rounding: Rounding): number {
  const q = floorDiv(n, d);
  const rem = n - q * d;
  if (rem === 0) return q;
  if (rounding === 'floor') return q;
  if (rounding === 'ceil') return q + 1;
  return rem * 2 >= d ? q + 1 : q;
}

/** amount × ratio, rounded. */
export function applyRatio(amount: number, r: Ratio, rounding: Rounding): number {
  return divideRounded(amount * r.num, r.den, rounding);
}

/** Decimal text of a ratio for people: 6/5 → "1.2"; non-terminating values get 2 decimals. */
export function formatRatio(r: Ratio): string {
  if (r.num % r.den === 0) return String(r.num / r.den);
  for (let digits = 1; digits <= 6; digits++) {
    const scaled = r.num * 10 ** digits;
    if (scaled % r.den === 0) return toFixedDecimal(scaled / r.den, digits);
  }
  return toFixedDecimal(divideRounded(r.num * 100, r.den, 'round-half-up'), 2);
}

function toFixedDecimal(scaled: number, digits: number): string {
  const s = String(scaled).padStart(digits + 1, '0');
  return `${s.slice(0, -digits)}.${s.slice(-digits)}`;
}

/**
 * Splits `total` over `weights` proportionally, by largest remainder, so the parts
 * always sum to `total` exactly; ties go to the earlier weight, so the split is deterministic.
 */
export function allocate(total: number, weights: readonly number[]): number[] {
  const n = weights.length;
  const parts = new Array<number>(n).fill(0);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += weights[i] as number;
  if (n === 0 || total === 0) return parts;
  if (sum === 0) {
    parts[0] = total;
    return parts;
  }
  const remainders = new Array<number>(n);
  let given = 0;
  for (let i = 0; i < n; i++) {
    const p = total * (weights[i] as number);
    const q = Math.floor(p / sum);
    const rem = p - q * sum;
    parts[i] = q;
    remainders[i] = rem;
    given += parts[i] as number;
  }
  for (let left = total - given; left > 0; left--) {
    let best = 0;
    for (let i = 1; i < n; i++) if ((remainders[i] as number) > (remainders[best] as number)) best = i;
    parts[best] = (parts[best] as number) + 1;
    remainders[best] = -1;
  }
  return parts;
}

const moneyFormats = new Map<string, Intl.NumberFormat>();

function moneyFormat(currency: string): Intl.NumberFormat {
  let f = moneyFormats.get(currency);
  if (!f) {
    f = new Intl.NumberFormat('en-US', { style: 'currency', currency });
    moneyFormats.set(currency, f);
  }
  return f;
}

/** Digits after the decimal point for a currency: USD 2, JPY 0, BHD 3. */
export function minorUnitDigits(currency: string): number {
  return moneyFormat(currency).resolvedOptions().maximumFractionDigits ?? 2;
}

/** "$10.00" for (1000, "USD"); display only — the exponent comes from ISO 4217 via Intl. */
export function formatMoney(amount: number, currency: string): string {
  const digits = minorUnitDigits(currency);
  const sign = amount < 0 ? '-' : '';
  const abs = Math.abs(amount);
  const major = digits === 0 ? String(abs) : toFixedDecimal(abs, digits);
  return sign + moneyFormat(currency).format(Number(major));
}
