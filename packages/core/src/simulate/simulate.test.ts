import { describe, expect, it } from 'vitest';
import { baseRule, order, testProgram } from '../testing/fixtures.ts';
import { compareSimulations, simulate } from './simulate.ts';

const at = (day: number, hour = 12) => `2026-03-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00-04:00`;
const orders = [
  { order: order(at(16), [['latte', 'drink', 1, 1000]]), channel: 'pos' as const, member: { memberId: 'm1' } },
  { order: order(at(16, 15), [['latte', 'drink', 2, 1000]]), channel: 'app' as const, member: { memberId: 'm1' } },
  { order: order(at(17), [['latte', 'drink', 1, 1000]]), channel: 'app' as const, member: { memberId: 'm1', tier: 'gold' } },
  { order: order(at(16), [['scone', 'bakery', 1, 500]]), channel: 'web' as const, member: { memberId: 'm2' } },
];

describe('simulate', () => {
  it('returns per-rule points, totals and the liability change', () => {
    const doc = testProgram([baseRule, { id: 'app', name: 'App bonus', priority: 1, when: { field: 'channel', op: 'in', value: ['app'] }, award: { kind: 'fixed', points: 5 } }]);
    const r = simulate(doc, orders);
    expect(r.byRule).toEqual([
      { ruleId: 'base', name: 'Stars on purchases', points: 10 + 20 + 12 + 5, orders: 4 },
      { ruleId: 'app', name: 'App bonus', points: 10, orders: 2 },
    ]);
    expect(r).toMatchObject({ totalPoints: 57, orders: 4, liabilityChange: { points: 57, amount: { amount: 228, currency: 'USD' } } });
  });

  it('carries per-member daily limits and campaign budgets from order to order', () => {
    const doc = testProgram([
      { ...baseRule, limits: { perMemberPerDay: 25 } },
      { id: 'promo', name: 'Promo', priority: 1, award: { kind: 'fixed', points: 4 }, limits: { budget: { points: 10 } } },
    ]);
    const r = simulate(doc, orders);
    // m1 on 16 March: 10 then 20 capped to 15; 17 March is a new day: 12
    expect(r.byRule[0]?.points).toBe(10 + 15 + 12 + 5);
    expect(r.byRule[1]?.points).toBe(10);
  });

  it('compares two documents over the same orders (b − a)', () => {
    const a = testProgram([baseRule]);
    const b = testProgram([{ ...baseRule, award: { kind: 'per-amount', rate: { points: 2, per: 100 }, rounding: 'floor' } }, { id: 'new', name: 'New', priority: 1, award: { kind: 'fixed', points: 1 } }]);
    const c = compareSimulations(a, b, orders);
    expect(c.difference.totalPoints).toBe(c.b.totalPoints - c.a.totalPoints);
    expect(c.difference.byRule).toEqual([
      { ruleId: 'base', name: 'Stars on purchases', a: 47, b: 94, difference: 47 },
      { ruleId: 'new', name: 'New', a: 0, b: 4, difference: 4 },
    ]);
    expect(c.difference.liabilityChange).toEqual({ points: 51, amount: { amount: 204, currency: 'USD' } });
  });
});
