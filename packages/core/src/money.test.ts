import { describe, expect, it } from 'vitest';
import { allocate, applyRatio, divideRounded, formatMoney, formatRatio, minorUnitDigits, multiplyRatios, parseDecimal } from './money.ts';

describe('money', () => {
  it('parses decimal rates into exact reduced ratios', () => {
    expect(parseDecimal('1.2')).toEqual({ num: 6, den: 5 });
    expect(parseDecimal('0.05')).toEqual({ num: 1, den: 20 });
    expect(parseDecimal(3)).toEqual({ num: 3, den: 1 });
    expect(() => parseDecimal('1.2.3')).toThrow(/decimal/);
    expect(() => parseDecimal('-1')).toThrow();
  });

  it('rounds by the named rule, exactly', () => {
    expect(divideRounded(7, 2, 'floor')).toBe(3);
    expect(divideRounded(7, 2, 'ceil')).toBe(4);
    expect(divideRounded(7, 2, 'round-half-up')).toBe(4);
    expect(divideRounded(5, 3, 'round-half-up')).toBe(2);
    expect(divideRounded(4, 3, 'round-half-up')).toBe(1);
    expect(divideRounded(6, 3, 'ceil')).toBe(2);
  });

  it('1.2 points per 1.00 on 10.99 is 13.188 → 13 with floor, never a float error', () => {
    const rate = { num: 12, den: 1000 };
    expect(applyRatio(1099, rate, 'floor')).toBe(13);
    expect(applyRatio(1099, rate, 'ceil')).toBe(14);
    // 0.1 + 0.2 style traps: 1.7 per 1.00 on 1.00 is exactly 1.7 → 1 (floor), 2 (half-up)
    const reserve = multiplyRatios({ num: 1, den: 100 }, parseDecimal('1.7'));
    expect(applyRatio(100, reserve, 'floor')).toBe(1);
    expect(applyRatio(100, reserve, 'round-half-up')).toBe(2);
    expect(applyRatio(1000, reserve, 'floor')).toBe(17);
  });

  it('allocates by largest remainder: exact sum, ties to the earlier weight', () => {
    expect(allocate(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(allocate(5, [0, 0])).toEqual([5, 0]);
    expect(allocate(7, [500, 300, 200])).toEqual([4, 2, 1]);
    const parts = allocate(1001, [3, 7, 11, 13]);
    expect(parts.reduce((a, b) => a + b, 0)).toBe(1001);
  });

  it('formats ratios and money for sentences', () => {
    expect(formatRatio({ num: 6, den: 5 })).toBe('1.2');
    expect(formatRatio({ num: 1, den: 3 })).toBe('0.33');
    expect(formatMoney(1000, 'USD')).toBe('$10.00');
    expect(formatMoney(500, 'JPY')).toBe('¥500');
    expect(minorUnitDigits('BHD')).toBe(3);
  });
});
