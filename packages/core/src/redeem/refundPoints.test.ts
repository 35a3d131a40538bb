import { describe, expect, it } from 'vitest';
import { refundPoints } from './refundPoints.ts';

const orderLines = [
  { lineId: 'a', quantity: 3, unitPrice: 500 },
  { lineId: 'b', quantity: 1, unitPrice: 1000 },
];
// 25 line-based points (15 on a, 10 on b) plus a 10-point fixed bonus
const base = { earnedTotal: 35, lineAttribution: [{ lineId: 'a', points: 15 }, { lineId: 'b', points: 10 }], orderLines };

describe('refundPoints', () => {
  it('refunding every line reverses exactly everything, bonus included', () => {
    const r = refundPoints({ ...base, refundLines: [{ lineId: 'a', quantity: 3 }, { lineId: 'b', quantity: 1 }] });
    expect(r.points).toBe(35);
    expect(r.byLine).toEqual([{ lineId: 'a', points: 21 }, { lineId: 'b', points: 14 }]);
  });

  it('a partial quantity reverses its proportional share, rounded half up, cumulatively', () => {
    const first = refundPoints({ ...base, refundLines: [{ lineId: 'a', quantity: 1 }] });
    expect(first.points).toBe(7); // 21 × 1/3
    const second = refundPoints({ ...base, refundLines: [{ lineId: 'a', quantity: 1 }], alreadyReversedByLine: [{ lineId: 'a', points: 7, quantity: 1 }] });
    expect(second.points).toBe(7); // 14 − 7
    const last = refundPoints({ ...base, refundLines: [{ lineId: 'a', quantity: 1 }, { lineId: 'b', quantity: 1 }], alreadyReversedByLine: [{ lineId: 'a', points: 7, quantity: 1 }, { lineId: 'a', points: 7, quantity: 1 }] });
    expect(first.points + second.points + last.points).toBe(35);
  });

  it('never reverses more than was earned, even when asked to refund too much', () => {
    const r = refundPoints({ ...base, refundLines: [{ lineId: 'a', quantity: 10 }, { lineId: 'a', quantity: 2 }] });
    expect(r.points).toBe(21);
    const again = refundPoints({ ...base, refundLines: [{ lineId: 'a', quantity: 1 }], alreadyReversedByLine: [{ lineId: 'a', points: 21, quantity: 3 }] });
    expect(again.points).toBe(0);
  });

  it('rejects a line that is not in the order', () => {
    expect(() => refundPoints({ ...base, refundLines: [{ lineId: 'zz', quantity: 1 }] })).toThrow(/not in the order/);
  });
});
