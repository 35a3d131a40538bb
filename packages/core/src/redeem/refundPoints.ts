import { allocate, divideRounded } from '../money.ts';

export interface RefundInput {
  /** Everything the order earned, line-based and bonus points alike. */
  earnedTotal: number;
  /** The earn result's per-line attribution. */
  lineAttribution: readonly { lineId: string; points: number }[];
  /** Earlier refunds of this order: points reversed and quantity refunded per line. */
  alreadyReversedByLine?: readonly { lineId: string; points: number; quantity: number }[];
  refundLines: readonly { lineId: string; quantity: number }[];
  orderLines: readonly { lineId: string; quantity: number; unitPrice: number }[];
}

export interface RefundResult {
  points: number;
  /** Points to reverse now, per line (bonus share included); lines this refund touches only. */
  byLine: { lineId: string; points: number }[];
}

/**
 * Which earned points to reverse when lines are refunded. Each line carries its own
 * points plus a share of the order's bonus points (split by line value, largest
 * remainder), so the shares sum to `earnedTotal`. A line refunded in part reverses
 * round-half-up(share × refunded quantity / quantity) cumulatively across refunds,
 * minus what earlier refunds reversed; a fully refunded line reverses exactly its
 * share. Hence: deterministic, never more than was earned, and refunding every line
 * reverses exactly everything.
 */
export function refundPoints(input: RefundInput): RefundResult {
  const lines = input.orderLines;
  const attributed = new Map(input.lineAttribution.map((a) => [a.lineId, a.points]));
  const linePoints = lines.map((l) => Math.max(0, attributed.get(l.lineId) ?? 0));
  const lineSum = linePoints.reduce((s, p) => s + p, 0);
  const earned = Math.max(0, input.earnedTotal);

  let shares: number[];
  if (lineSum <= earned) {
    const values = lines.map((l) => l.quantity * l.unitPrice);
    const bonusWeights = values.some((v) => v > 0) ? values : lines.map((l) => l.quantity);
    const bonus = allocate(earned - lineSum, bonusWeights);
    shares = linePoints.map((p, i) => p + (bonus[i] ?? 0));
  } else {
    // The attribution claims more than was earned (a caller mix-up): scale it down.
    shares = allocate(earned, linePoints);
  }

  const prior = new Map<string, { points: number; quantity: number }>();
  for (const r of input.alreadyReversedByLine ?? []) {
    const p = prior.get(r.lineId) ?? { points: 0, quantity: 0 };
    prior.set(r.lineId, { points: p.points + r.points, quantity: p.quantity + r.quantity });
  }
  const refunded = new Map<string, number>();
  const index = new Map(lines.map((l, i) => [l.lineId, i]));
  for (const r of input.refundLines) {
    if (!index.has(r.lineId)) throw new RangeError(`refund names line "${r.lineId}", which is not in the order`);
    if (!Number.isSafeInteger(r.quantity) || r.quantity < 0) throw new RangeError(`refund quantity for line "${r.lineId}" must be a non-negative integer`);
    refunded.set(r.lineId, (refunded.get(r.lineId) ?? 0) + r.quantity);
  }

  const byLine: { lineId: string; points: number }[] = [];
  let points = 0;
  for (const [lineId, qty] of refunded) {
    const i = index.get(lineId) as number;
    const line = lines[i] as { quantity: number };
    const share = shares[i] ?? 0;
    const before = prior.get(lineId) ?? { points: 0, quantity: 0 };
    const cumulative = Math.min(line.quantity, before.quantity + qty);
    const target = cumulative >= line.quantity ? share : divideRounded(share * cumulative, line.quantity, 'round-half-up');
    const now = Math.max(0, Math.min(target, share) - before.points);
    byLine.push({ lineId, points: now });
    points += now;
  }
  return { points, byLine };
}
