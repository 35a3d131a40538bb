import { describe, expect, it } from 'vitest';
import { testProgram } from '../testing/fixtures.ts';
import { inactivityExpiryAt, lotExpiry } from './lotExpiry.ts';

describe('lotExpiry', () => {
  const monthEnd = testProgram([]);

  it('end of the Nth month after the month earned = the first instant of the month after, in the program zone', () => {
    expect(lotExpiry(monthEnd, { earnedAt: '2025-12-15T10:00:00-05:00', tierId: 'green' })).toBe('2026-07-01T04:00:00.000Z');
    expect(lotExpiry(monthEnd, { earnedAt: '2025-12-01T00:00:00-05:00', tierId: 'green' })).toBe('2026-07-01T04:00:00.000Z');
    // 23:30 on 31 December in New York is still December there, although January in UTC
    expect(lotExpiry(monthEnd, { earnedAt: '2026-01-01T04:30:00Z', tierId: 'green' })).toBe('2026-07-01T04:00:00.000Z');
    // across the end of DST: earned in May → expires 1 December 00:00 EST
    expect(lotExpiry(monthEnd, { earnedAt: '2026-05-20T12:00:00-04:00' })).toBe('2026-12-01T05:00:00.000Z');
  });

  it('exempt tiers never expire by date', () => {
    expect(lotExpiry(monthEnd, { earnedAt: '2025-12-15T10:00:00-05:00', tierId: 'gold' })).toBeNull();
  });

  it('N days after earning, or never', () => {
    expect(lotExpiry(testProgram([], { expiry: { lots: { kind: 'days-after-earn', days: 90 } } }), { earnedAt: '2026-01-01T00:00:00Z' })).toBe('2026-04-01T00:00:00.000Z');
    expect(lotExpiry(testProgram([], { expiry: { lots: { kind: 'never' } } }), { earnedAt: '2026-01-01T00:00:00Z' })).toBeNull();
  });

  it('inactivity: N calendar months after the last activity, or null without the rule', () => {
    const inactive = testProgram([], { expiry: { lots: { kind: 'never' }, inactivityMonths: 18 } });
    expect(inactivityExpiryAt(inactive, '2025-08-31T09:30:00-04:00')).toBe('2027-02-28T14:30:00.000Z');
    expect(inactivityExpiryAt(monthEnd, '2025-08-31T09:30:00-04:00')).toBeNull();
  });
});
