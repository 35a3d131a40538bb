import { describe, expect, it } from 'vitest';
import { compileProgram } from '../earn/compileProgram.ts';
import { evaluateEvent, evaluateOrder } from '../earn/evaluate.ts';
import { lotExpiry } from '../expiry/lotExpiry.ts';
import { validateProgram } from '../program/validate.ts';
import { eligibleRewards } from '../redeem/eligibleRewards.ts';
import { order } from '../testing/fixtures.ts';
import { computeTier } from '../tiers/computeTier.ts';
import { starbucksDemoInput, starbucksDemoProgram } from './starbucks.ts';

const cp = compileProgram(starbucksDemoProgram);
const tenDollars = (at = '2026-03-10T09:00:00-04:00') => order(at, [['latte', 'handcrafted-drink', 2, 500]]);
const earn = (tier: string, at?: string) => evaluateOrder(cp, { order: tenDollars(at), channel: 'pos', member: { tier } });

describe('Starbucks Rewards demo program', () => {
  it('validates as a program document', () => {
    expect(validateProgram(JSON.parse(JSON.stringify(starbucksDemoInput)))).toEqual({ ok: true, document: starbucksDemoProgram });
  });

  it('10.00 USD earns 10 Stars for Green, 12 for Gold, 17 for Reserve', () => {
    expect(earn('green').points).toBe(10);
    expect(earn('gold').points).toBe(12);
    expect(earn('reserve').points).toBe(17);
    expect(earn('green').lines[0]?.explanation).toBe('1 Star per $1.00 spent: 10 Stars');
    expect(earn('gold').lines[0]?.explanation).toBe('1.2 Stars per $1.00 spent: 12 Stars');
  });

  it('a Green Star earned on 15 December expires on 1 July (New York midnight); Gold and Reserve Stars do not expire', () => {
    const dec15 = '2025-12-15T08:30:00-05:00';
    expect(earn('green', dec15).lots).toEqual([{ points: 10, availableAt: dec15, expiresAt: '2026-07-01T04:00:00.000Z' }]);
    expect(lotExpiry(starbucksDemoProgram, { earnedAt: dec15, tierId: 'green' })).toBe('2026-07-01T04:00:00.000Z');
    expect(earn('gold', dec15).lots[0]?.expiresAt).toBeNull();
    expect(earn('reserve', dec15).lots[0]?.expiresAt).toBeNull();
  });

  it('a Double Star Day doubles the Stars of the day (18 March, New York time)', () => {
    const dsd = earn('gold', '2026-03-18T23:30:00-04:00');
    expect(dsd.points).toBe(24);
    expect(dsd.lines.map((l) => l.explanation)).toEqual(['1.2 Stars per $1.00 spent: 12 Stars', 'Double Star Day: +12 Stars']);
    expect(earn('green', '2026-03-18T08:00:00-04:00').points).toBe(20);
    expect(earn('green', '2026-03-19T00:00:00-04:00').points).toBe(10);
  });

  it('reward levels 25 / 60 / 100 / 200 / 300 / 400', () => {
    const levels = starbucksDemoProgram.rewards.filter((r) => r.cost > 0 && !r.tiers).map((r) => r.cost);
    expect(levels).toEqual([25, 60, 100, 200, 300, 400]);
    const usable = eligibleRewards(starbucksDemoProgram, { channel: 'app', tierId: 'green', availablePoints: 120, at: '2026-03-10T12:00:00-04:00' })
      .filter((e) => e.usable)
      .map((e) => e.reward.cost);
    expect(usable).toEqual([25, 60, 100]);
  });

  it('Gold from 500 Stars earned in 12 months, Reserve from 2,500', () => {
    expect(computeTier(starbucksDemoProgram, { qualifyingPoints: 499, now: '2026-03-10T12:00:00-04:00' })).toMatchObject({ tierId: 'green', pointsToNextTier: 1 });
    expect(computeTier(starbucksDemoProgram, { qualifyingPoints: 500, now: '2026-03-10T12:00:00-04:00' }).tierId).toBe('gold');
    expect(computeTier(starbucksDemoProgram, { qualifyingPoints: 2500, now: '2026-03-10T12:00:00-04:00' }).tierId).toBe('reserve');
  });

  it('sign-up and referral (both sides) through event rules', () => {
    const event = (type: string, properties?: Record<string, string>) => ({ type, occurredAt: '2026-03-10T12:00:00-04:00', ...(properties ? { properties } : {}) });
    expect(evaluateEvent(cp, { event: event('signup'), channel: 'web', member: {} }).points).toBe(25);
    expect(evaluateEvent(cp, { event: event('referral', { role: 'referrer' }), channel: 'app', member: {} }).points).toBe(50);
    expect(evaluateEvent(cp, { event: event('referral', { role: 'friend' }), channel: 'app', member: {} }).points).toBe(25);
  });

  it('declares its pending period and refund policy', () => {
    expect(starbucksDemoProgram.pending).toEqual({ days: 0 });
    expect(starbucksDemoProgram.refunds).toEqual({ whenSpent: 'floor-at-zero' });
  });
});
