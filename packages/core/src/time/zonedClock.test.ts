import { describe, expect, it } from 'vitest';
import { addMonthsToInstant, zonedClock } from './zonedClock.ts';

const ny = zonedClock('America/New_York');

describe('ZonedClock', () => {
  it('gives local date, weekday and minute in the zone', () => {
    const ms = Date.parse('2026-03-18T03:30:00Z'); // 23:30 on Tuesday 17 March in New York
    const p = ny.partsAt(ms);
    expect([p.year, p.month, p.day, p.weekday]).toEqual([2026, 3, 17, 1]);
    expect(ny.minuteOfDay(ms)).toBe(23 * 60 + 30);
  });

  it('finds local midnight across DST changes', () => {
    expect(new Date(ny.instantOf(2026, 7, 1)).toISOString()).toBe('2026-07-01T04:00:00.000Z');
    expect(new Date(ny.instantOf(2026, 1, 1)).toISOString()).toBe('2026-01-01T05:00:00.000Z');
    // 02:30 does not exist on 8 March 2026: read with the pre-gap offset, i.e. 03:30 EDT
    expect(new Date(ny.instantOf(2026, 3, 8, 2, 30)).toISOString()).toBe('2026-03-08T07:30:00.000Z');
    // 01:30 happens twice on 1 November 2026: the earlier one (EDT)
    expect(new Date(ny.instantOf(2026, 11, 1, 1, 30)).toISOString()).toBe('2026-11-01T05:30:00.000Z');
  });

  it('adds calendar months keeping the wall time and clamping the day', () => {
    const aug31 = Date.parse('2026-08-31T10:00:00-04:00');
    expect(new Date(addMonthsToInstant(ny, aug31, 1)).toISOString()).toBe('2026-09-30T14:00:00.000Z');
    const jan = Date.parse('2026-01-15T10:00:00-05:00');
    expect(new Date(addMonthsToInstant(ny, jan, 6)).toISOString()).toBe('2026-07-15T14:00:00.000Z');
  });
});
