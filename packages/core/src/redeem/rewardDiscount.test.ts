import { describe, expect, it } from 'vitest';
import { starbucksDemoProgram as doc } from '../demo/starbucks.ts';
import type { Reward } from '../program/reward.ts';
import { order } from '../testing/fixtures.ts';
import { rewardDiscount } from './rewardDiscount.ts';

const reward = (id: string) => doc.rewards.find((r) => r.id === id) as Reward;
const basket = order('2026-03-18T12:00:00-04:00', [['drip', 'brewed-coffee', 1, 325], ['croissant', 'bakery', 2, 425], ['latte', 'handcrafted-drink', 1, 1050]]);

describe('rewardDiscount', () => {
  it('free item: the most expensive eligible unit, up to the reward value', () => {
    expect(rewardDiscount(reward('brewed-coffee-bakery'), basket)).toEqual({ amount: 425, lineId: basket.lines[1]?.lineId, description: 'Brewed hot coffee, hot tea or a bakery item: one croissant free (−$4.25)' });
    expect(rewardDiscount(reward('handcrafted-drink-breakfast'), basket)).toMatchObject({ amount: 900, lineId: basket.lines[2]?.lineId });
    expect(rewardDiscount(reward('lunch'), basket)).toEqual({ amount: 0, description: 'Lunch sandwich, protein box or salad: no eligible item in the basket' });
  });

  it('amount off and percent off never exceed the subtotal; percent rounds down', () => {
    const base = { id: 'x', name: 'Deal', cost: 10 };
    expect(rewardDiscount({ ...base, benefit: { kind: 'amount-off', amount: 500 } }, basket)).toEqual({ amount: 500, description: 'Deal: −$5.00' });
    expect(rewardDiscount({ ...base, benefit: { kind: 'amount-off', amount: 99_999 } }, basket).amount).toBe(2225);
    expect(rewardDiscount({ ...base, benefit: { kind: 'percent-off', percent: 15 } }, basket)).toEqual({ amount: 333, description: 'Deal: 15% off (−$3.33)' });
    expect(rewardDiscount({ ...base, benefit: { kind: 'percent-off', percent: 50, maxAmount: 1000 } }, basket).amount).toBe(1000);
    expect(rewardDiscount({ ...base, benefit: { kind: 'partner-voucher', partner: 'Airline' } }, basket)).toEqual({ amount: 0, description: 'Deal: a voucher from Airline' });
  });
});
