import type { OrderLine } from '../program/order.ts';
import { MIXED_WEIGHTS, type CompiledProgram, type CompiledRule } from './compileProgram.ts';

// Scratch buffers shared by all evaluations (they are synchronous), grown on demand.
let weights = new Float64Array(64);
let remainders = new Float64Array(64);
let sums = new Float64Array(64);

function ensureCapacity(n: number): void {
  if (weights.length < n) {
    weights = new Float64Array(n * 2);
    remainders = new Float64Array(n * 2);
    sums = new Float64Array(n * 2);
  }
}

/**
 * Adds `total` to `out`, split over lines in proportion to `weights[0..n)` by largest
 * remainder: exact sum, ties to the earlier line, so refunds can reverse line by line.
 */
function allocateInto(total: number, n: number, out: Float64Array | number[]): void {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += weights[i] as number;
  if (sum === 0) {
    if (n > 0) out[0] = (out[0] as number) + total;
    return;
  }
  let given = 0;
  for (let i = 0; i < n; i++) {
    const p = total * (weights[i] as number);
    const q = Math.floor(p / sum); // exact, see floorDiv in money.ts
    const r = p - q * sum;
    out[i] = (out[i] as number) + q;
    given += q;
    remainders[i] = r;
  }
  for (let left = total - given; left > 0; left--) {
    let best = 0;
    for (let i = 1; i < n; i++) if ((remainders[i] as number) > (remainders[best] as number)) best = i;
    out[best] = (out[best] as number) + 1;
    remainders[best] = -1;
  }
}

/** The common case, every line-based award is "per amount over all lines": one split by line amount. */
function byAmount(total: number, lines: readonly OrderLine[], subtotal: number): { lineId: string; points: number }[] {
  const n = lines.length;
  const result = new Array<{ lineId: string; points: number }>(n);
  let given = 0;
  for (let i = 0; i < n; i++) {
    const line = lines[i] as OrderLine;
    let q = 0;
    if (subtotal > 0) {
      const p = total * line.quantity * line.unitPrice;
      q = Math.floor(p / subtotal); // exact, see floorDiv in money.ts
      const r = p - q * subtotal;
      remainders[i] = r;
    }
    given += q;
    result[i] = { lineId: line.lineId, points: q };
  }
  if (given < total && n > 0) {
    if (subtotal === 0) {
      (result[0] as { points: number }).points += total - given;
      return result;
    }
    for (let left = total - given; left > 0; left--) {
      let best = 0;
      for (let i = 1; i < n; i++) if ((remainders[i] as number) > (remainders[best] as number)) best = i;
      (result[best] as { points: number }).points += 1;
      remainders[best] = -1;
    }
  }
  return result;
}

/**
 * Spreads each purchase award over the order lines it was computed from: per-amount
 * by line amount, per-item by quantity, a multiplier like the awards it multiplies.
 * Awards sharing a weighting are summed first and split once. Fixed bonuses are not
 * line-based and stay out (refunds reverse them proportionally).
 */
export function attributeToLines(cp: CompiledProgram, rules: readonly CompiledRule[], lines: readonly OrderLine[], subtotal: number): { lineId: string; points: number }[] {
  const n = lines.length;
  const { final, matched, groupPoints } = cp.scratch;
  for (let g = 0; g < groupPoints.length; g++) groupPoints[g] = 0;
  let mixed: number[] | undefined;
  let otherGroups = false;
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i] as CompiledRule;
    if (matched[rule.slot] === 0) continue;
    const points = final[rule.slot] as number;
    if (points === 0) continue;
    const g = rule.weightGroup;
    if (g >= 0) {
      groupPoints[g] = (groupPoints[g] as number) + points;
      if (g !== 0) otherGroups = true;
    } else if (g === MIXED_WEIGHTS) (mixed ??= []).push(i);
  }
  ensureCapacity(n);
  if (!otherGroups && mixed === undefined) return byAmount(groupPoints[0] as number, lines, subtotal);
  const out = sums;
  for (let i = 0; i < n; i++) out[i] = 0;
  const byGroup: number[][] | undefined = mixed ? [] : undefined;
  for (let g = 0; g < groupPoints.length; g++) {
    const points = groupPoints[g] as number;
    if (points === 0) continue;
    const weightOf = cp.weightGroups[g] as (l: OrderLine) => number;
    for (let i = 0; i < n; i++) weights[i] = weightOf(lines[i] as OrderLine);
    if (byGroup) {
      const part = new Array<number>(n).fill(0);
      allocateInto(points, n, part);
      byGroup[g] = part;
      for (let i = 0; i < n; i++) out[i] = (out[i] as number) + (part[i] as number);
    } else {
      allocateInto(points, n, out);
    }
  }
  if (mixed && byGroup) {
    for (const k of mixed) {
      const rule = rules[k] as CompiledRule;
      weights.fill(0, 0, n);
      for (const t of rule.targets) {
        const part = byGroup[cp.rules[t]?.weightGroup ?? -1];
        if (part) for (let i = 0; i < n; i++) weights[i] = (weights[i] as number) + (part[i] as number);
      }
      allocateInto(final[rule.slot] as number, n, out);
    }
  }
  const result = new Array<{ lineId: string; points: number }>(n);
  for (let i = 0; i < n; i++) result[i] = { lineId: (lines[i] as OrderLine).lineId, points: out[i] as number };
  return result;
}
