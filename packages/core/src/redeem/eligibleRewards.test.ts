import { describe, expect, it } from 'vitest';
import { starbucksDemoProgram as doc } from '../demo/starbucks.ts';
import { eligibleRewards } from './eligibleRewards.ts';

const AT = '2026-03-18T12:00:00-04:00';
const byId = (list: ReturnType<typeof eligibleRewards>) => new Map(list.map((e) => [e.reward.id, e]));

describe('eligibleRewards', () => {
  it('marks what the balance affords and says how many points are missing', () => {
    const list = byId(eligibleRewards(doc, { channel: 'app', tierId: 'green', availablePoints: 80, at: AT }));
    expect(list.get('customize-drink')).toMatchObject({ affordable: true, usable: true });
    expect(list.get('brewed-coffee-bakery')).toMatchObject({ affordable: true, usable: true });
    expect(list.get('handcrafted-drink-breakfast')).toMatchObject({ affordable: false, usable: false, reason: 'Needs 20 more Stars' });
  });

  it('respects channels and tiers', () => {
    const web = byId(eligibleRewards(doc, { channel: 'web', tierId: 'reserve', availablePoints: 1000, at: AT }));
    expect(web.get('reserve-tasting')).toMatchObject({ usable: false, reason: 'Not available in this channel (only pos)' });
    const pos = byId(eligibleRewards(doc, { channel: 'pos', tierId: 'gold', availablePoints: 1000, at: AT }));
    expect(pos.get('reserve-tasting')).toMatchObject({ usable: false, affordable: true, reason: 'For Reserve members only' });
    const reserve = byId(eligibleRewards(doc, { channel: 'pos', tierId: 'reserve', availablePoints: 1000, at: AT }));
    expect(reserve.get('reserve-tasting')?.usable).toBe(true);
  });

  it('a birthday reward only on the birthday, once per year', () => {
    const on = (birthday: string | undefined, redeemed = 0) =>
      byId(eligibleRewards(doc, { channel: 'app', availablePoints: 0, at: AT, redeemedCounts: { 'birthday-treat': redeemed }, ...(birthday ? { birthday } : {}) })).get('birthday-treat');
    expect(on('1990-03-18')).toMatchObject({ usable: true, affordable: true });
    expect(on('1990-03-19')).toMatchObject({ usable: false, reason: 'Only on your birthday' });
    expect(on(undefined)?.usable).toBe(false);
    expect(on('1990-03-18', 1)).toMatchObject({ usable: false, reason: 'Limit reached: 1 per year' });
  });

  it('stock and availability dates', () => {
    const limited = { ...doc, rewards: [{ ...doc.rewards[0]!, stock: 5, availableFrom: '2026-03-01T00:00:00-05:00', availableUntil: '2026-04-01T00:00:00-04:00' }] };
    const one = (at: string, stockLeft?: Record<string, number>) => eligibleRewards(limited, { channel: 'app', availablePoints: 100, at, ...(stockLeft ? { stockLeft } : {}) })[0];
    expect(one(AT)?.usable).toBe(true);
    expect(one(AT, { 'customize-drink': 0 })).toMatchObject({ usable: false, reason: 'Out of stock' });
    expect(one('2026-02-20T00:00:00Z')?.reason).toBe('Not available yet');
    expect(one('2026-04-02T00:00:00Z')?.reason).toBe('No longer available');
  });
});
