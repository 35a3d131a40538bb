import type { Order, OrderLine } from '@omniloyal/core';

export interface AppliedDiscount {
  amount: number;
  /** The line a free-item reward applies to; absent for order-level discounts (spread over all lines). */
  lineId?: string;
}

const SPLIT = '#discounted';

/**
 * The order as the member paid for it, so points are never earned on what a reward paid for.
 * A discounted line is split into its undiscounted units and one unit carrying the discount
 * (`<lineId>#discounted`), which keeps SKU, category and item counts exact in integer minor units.
 * Order-level discounts are spread over lines in proportion to their value (largest remainder).
 */
export function earningBasis(order: Order, discounts: readonly AppliedDiscount[]): Order {
  if (discounts.length === 0) return order;
  const off = new Map<string, number>();
  const add = (lineId: string, amount: number) => off.set(lineId, (off.get(lineId) ?? 0) + amount);
  for (const discount of discounts) {
    if (discount.lineId) add(discount.lineId, discount.amount);
    else spread(order.lines, discount.amount).forEach((amount, i) => amount > 0 && add(order.lines[i]!.lineId, amount));
  }
  const lines: OrderLine[] = [];
  for (const line of order.lines) {
    const total = line.quantity * line.unitPrice;
    const discount = Math.min(off.get(line.lineId) ?? 0, total);
    if (discount === 0) {
      lines.push(line);
      continue;
    }
    // Take the discount from whole units first, then from one unit; never below zero.
    const freeUnits = line.unitPrice > 0 ? Math.floor(discount / line.unitPrice) : 0;
    const rest = discount - freeUnits * line.unitPrice;
    const fullUnits = line.quantity - freeUnits - (rest > 0 ? 1 : 0);
    if (fullUnits > 0) lines.push({ ...line, quantity: fullUnits });
    if (rest > 0) lines.push({ ...line, lineId: `${line.lineId}${SPLIT}`, quantity: 1, unitPrice: line.unitPrice - rest });
  }
  return { ...order, lines };
}

/** The order line a basis line came from. */
export function originalLineId(lineId: string): string {
  return lineId.endsWith(SPLIT) ? lineId.slice(0, -SPLIT.length) : lineId;
}

/** Per-line points of the basis folded back onto the order's own line ids. */
export function foldAttribution(attribution: readonly { lineId: string; points: number }[]): { lineId: string; points: number }[] {
  const byLine = new Map<string, number>();
  for (const { lineId, points } of attribution) {
    const original = originalLineId(lineId);
    byLine.set(original, (byLine.get(original) ?? 0) + points);
  }
  return [...byLine].map(([lineId, points]) => ({ lineId, points }));
}

/** `amount` split over lines by value, in integers, largest remainder first (deterministic). */
function spread(lines: readonly OrderLine[], amount: number): number[] {
  const values = lines.map((line) => line.quantity * line.unitPrice);
  const total = values.reduce((a, b) => a + b, 0);
  if (total === 0) return values.map(() => 0);
  const capped = Math.min(amount, total);
  const shares = values.map((value) => Math.floor((value * capped) / total));
  let left = capped - shares.reduce((a, b) => a + b, 0);
  const order = values
    .map((value, i) => ({ i, remainder: (value * capped) % total }))
    .sort((a, b) => b.remainder - a.remainder || a.i - b.i);
  for (const { i } of order) {
    if (left === 0) break;
    if (shares[i]! < values[i]!) {
      shares[i]! += 1;
      left -= 1;
    }
  }
  return shares;
}
