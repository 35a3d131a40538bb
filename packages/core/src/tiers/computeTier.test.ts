import { describe, expect, it } from 'vitest';
import { starbucksDemoProgram as doc } from '../demo/starbucks.ts';
import { testProgram } from '../testing/fixtures.ts';
import { computeTier } from './computeTier.ts';
import { tierBenefits } from './tierBenefits.ts';

const NOW = '2026-06-15T12:00:00-04:00';

describe('computeTier', () => {
  it('counts points earned in the rolling window, not the balance, and shows progress', () => {
    const status = computeTier(doc, {
      earnings: [
        { points: 300, at: '2025-06-10T12:00:00-04:00' }, // outside the 12 months
        { points: 200, at: '2025-07-01T12:00:00-04:00' },
        { points: 150, at: '2026-01-10T12:00:00-05:00' },
        { points: -20, at: '2026-02-01T12:00:00-05:00' }, // a refund reverses qualifying points too
      ],
      now: NOW,
    });
    expect(status).toMatchObject({ tierId: 'green', qualifyingPoints: 330, nextTier: { id: 'gold', name: 'Gold', threshold: 500 }, pointsToNextTier: 170 });
    expect(status.windowStart).toBe('2025-06-15T16:00:00.000Z');
    expect(status.validUntil).toBeUndefined();
  });

  it('reaches Gold at 500 and Reserve at 2,500; the top tier has no next tier', () => {
    expect(computeTier(doc, { qualifyingPoints: 500, now: NOW })).toMatchObject({ tierId: 'gold', pointsToNextTier: 2000 });
    const top = computeTier(doc, { qualifyingPoints: 2600, now: NOW });
    expect(top.tierId).toBe('reserve');
    expect(top.nextTier).toBeUndefined();
    expect(top.pointsToNextTier).toBeUndefined();
  });

  it('keeps a tier for its status duration, then downgrades to what the points qualify for', () => {
    const kept = computeTier(doc, { qualifyingPoints: 100, currentTier: 'reserve', tierSince: '2025-09-01T00:00:00-04:00', now: NOW });
    expect(kept).toMatchObject({ tierId: 'reserve', qualifiedTierId: 'green', validUntil: '2026-09-01T04:00:00.000Z' });
    const lapsed = computeTier(doc, { qualifyingPoints: 600, currentTier: 'reserve', tierSince: '2025-05-01T00:00:00-04:00', now: NOW });
    expect(lapsed.tierId).toBe('gold');
  });

  it('downgrades one tier at a time when the program says so', () => {
    const oneTier = { ...doc, tiers: { ...doc.tiers, downgrade: 'one-tier' as const } };
    expect(computeTier(oneTier, { qualifyingPoints: 0, currentTier: 'reserve', tierSince: '2025-01-01T00:00:00-05:00', now: NOW }).tierId).toBe('gold');
  });

  it('tells when a qualified tier lapses if nothing more is earned (rolling window)', () => {
    const status = computeTier(doc, {
      earnings: [
        { points: 300, at: '2025-08-10T12:00:00-04:00' },
        { points: 300, at: '2026-02-10T12:00:00-05:00' },
      ],
      now: NOW,
    });
    expect(status.tierId).toBe('gold');
    // the August 2025 earnings leave the window on 10 August 2026, leaving 300 < 500
    expect(status.validUntil).toBe('2026-08-10T16:00:00.000Z');
  });

  it('a calendar-year window counts from 1 January in the program zone', () => {
    const calendar = testProgram([], {
      tiers: { qualifying: { window: { kind: 'calendar-year' } }, statusMonths: 0, downgrade: 'to-qualified', levels: [{ id: 'base', name: 'Base', threshold: 0 }, { id: 'plus', name: 'Plus', threshold: 100 }] },
    });
    const status = computeTier(calendar, {
      earnings: [
        { points: 90, at: '2025-12-31T23:00:00-05:00' },
        { points: 100, at: '2026-01-01T00:30:00-05:00' },
      ],
      now: NOW,
    });
    expect(status).toMatchObject({ tierId: 'plus', qualifyingPoints: 100, windowStart: '2026-01-01T05:00:00.000Z', validUntil: '2027-01-01T05:00:00.000Z' });
  });
});

describe('tierBenefits', () => {
  it('lists the earn multiplier, expiry exemption, perks and tier-exclusive rewards', () => {
    expect(tierBenefits(doc, 'gold')).toMatchObject({ earnMultiplier: '1.2', expiryExempt: true, exclusiveRewards: [] });
    expect(tierBenefits(doc, 'reserve')?.exclusiveRewards.map((r) => r.id)).toEqual(['reserve-tasting']);
    expect(tierBenefits(doc, 'green')).toMatchObject({ earnMultiplier: '1', expiryExempt: false });
    expect(tierBenefits(doc, 'platinum')).toBeUndefined();
  });
});
