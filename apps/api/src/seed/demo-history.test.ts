import { describe, expect, it } from 'vitest';
import { demoYear } from './demo-history.ts';
import { seededRandom } from './random.ts';

const stores = ['seattle-pike-place', 'nyc-union-square', 'chicago-michigan-ave'];
const yearAt = (now: string) => demoYear(seededRandom(2026), 200, stores, new Date(now));

describe('the demo year', () => {
  it('is the same at any hour of a day, so the demo shopper has the same orders and tier all day', () => {
    const morning = yearAt('2026-11-23T00:00:00Z');
    expect(yearAt('2026-11-23T18:38:12Z')).toEqual(morning);
    expect(yearAt('2026-11-23T23:59:59.999Z')).toEqual(morning);
    // a day later it is the same shape a day on
    const next = yearAt('2026-11-24T09:00:00Z');
    expect(next.actions.map((a) => a.at.getTime() - 86_400_000)).toEqual(morning.actions.map((a) => a.at.getTime()));
  });

  it('ends before the day it is seeded on, with orders up to the day before', () => {
    const { actions } = yearAt('2026-11-23T18:38:12Z');
    const last = Math.max(...actions.map((a) => a.at.getTime()));
    expect(last).toBeLessThan(Date.parse('2026-11-23T00:00:00Z'));
    expect(last).toBeGreaterThanOrEqual(Date.parse('2026-11-22T00:00:00Z'));
    expect(actions.filter((a) => a.kind === 'order').length).toBeGreaterThan(400);
  });
});
