import { describe, expect, it } from 'vitest';
import type { Order } from '@omniloyal/core';
import { earningBasis, foldAttribution } from './earning-basis.ts';

const order: Order = {
  occurredAt: '2026-03-02T10:00:00-05:00',
  currency: 'USD',
  payments: [{ method: 'card', amount: 1100 }],
  lines: [
    { lineId: 'l1', sku: 'latte', category: 'drinks', quantity: 2, unitPrice: 450 },
    { lineId: 'l2', sku: 'muffin', category: 'food', quantity: 1, unitPrice: 200 },
  ],
};
const value = (o: Order) => o.lines.reduce((sum, line) => sum + line.quantity * line.unitPrice, 0);

describe('earningBasis', () => {
  it('takes a free item off its line as one whole unit, keeping the item count', () => {
    const basis = earningBasis(order, [{ lineId: 'l1', amount: 450 }]);
    expect(value(basis)).toBe(1100 - 450);
    expect(basis.lines).toEqual([
      { lineId: 'l1', sku: 'latte', category: 'drinks', quantity: 1, unitPrice: 450 },
      { lineId: 'l2', sku: 'muffin', category: 'food', quantity: 1, unitPrice: 200 },
    ]);
  });

  it('puts a partial discount on one split unit', () => {
    const basis = earningBasis(order, [{ lineId: 'l1', amount: 300 }]);
    expect(value(basis)).toBe(800);
    expect(basis.lines.filter((l) => l.sku === 'latte').reduce((n, l) => n + l.quantity, 0)).toBe(2);
  });

  it('spreads an order-level discount by value, exactly, never below zero', () => {
    const basis = earningBasis(order, [{ amount: 333 }]);
    expect(value(basis)).toBe(1100 - 333);
    expect(value(earningBasis(order, [{ amount: 5000 }]))).toBe(0);
  });

  it('folds split lines back onto the order line ids', () => {
    expect(foldAttribution([{ lineId: 'l1', points: 4 }, { lineId: 'l1#discounted', points: 1 }, { lineId: 'l2', points: 2 }])).toEqual([
      { lineId: 'l1', points: 5 },
      { lineId: 'l2', points: 2 },
    ]);
  });
});
