import type { Ratio, Rounding } from '../money.ts';
import type { OrderLine } from '../program/order.ts';
import { groupTotal, type Facts } from './facts.ts';

/** An award as data: what the code generator inlines. */
export type PriceSpec =
  | { kind: 'per-amount'; group: number; rateByTier: readonly Ratio[]; rounding: Rounding }
  | { kind: 'per-item'; group: number; points: number }
  | { kind: 'fixed'; points: number }
  | { kind: 'multiplier'; targets: readonly number[]; factorMinusOne: Ratio; rounding: Rounding };

/** A rule's award before limits; `final` holds the already-decided points of earlier rules. */
export type Price = (f: Facts, final: Float64Array) => number;

/**
 * amount × num / den with the rounding rule, in exact integer arithmetic (floor by
 * division is exact below 2^53, see floorDiv in money.ts). Specialised
 * per rounding rule at compile time so the hot path has no branch on it.
 */
function divider(rounding: Rounding): (n: number, den: number) => number {
  switch (rounding) {
    case 'floor':
      return (n, den) => Math.floor(n / den);
    case 'ceil':
      return (n, den) => {
        const q = Math.floor(n / den);
        return n - q * den === 0 ? q : q + 1;
      };
    case 'round-half-up':
      return (n, den) => {
        const q = Math.floor(n / den);
        return (n - q * den) * 2 >= den ? q + 1 : q;
      };
  }
}

/** Points per amount: the rate per tier is already multiplied by the tier's earn multiplier. */
export function perAmountPrice(rateByTier: readonly Ratio[], rounding: Rounding, group: number, weightOf: ((l: OrderLine) => number) | undefined): Price {
  const nums = rateByTier.map((r) => r.num);
  const dens = rateByTier.map((r) => r.den);
  const divide = divider(rounding);
  if (weightOf === undefined) {
    return (f) => divide(f.subtotal * (nums[f.tier] as number), dens[f.tier] as number);
  }
  return (f) => divide(groupTotal(f, group, weightOf) * (nums[f.tier] as number), dens[f.tier] as number);
}

export function perItemPrice(points: number, group: number, weightOf: (l: OrderLine) => number): Price {
  return (f) => groupTotal(f, group, weightOf) * points;
}

export function fixedPrice(points: number): Price {
  return () => points;
}

/** (factor − 1) × the decided points of the target rules. */
export function multiplierPrice(factorMinusOne: Ratio, rounding: Rounding, targets: readonly number[]): Price {
  const divide = divider(rounding);
  const { num, den } = factorMinusOne;
  return (_f, final) => {
    let base = 0;
    for (let i = 0; i < targets.length; i++) base += final[targets[i] as number] as number;
    return divide(base * num, den);
  };
}
