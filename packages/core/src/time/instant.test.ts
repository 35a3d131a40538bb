import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseInstant } from './instant.ts';

describe('parseInstant', () => {
  it('agrees with Date.parse on offsets, Z and fractions', () => {
    for (const s of ['2026-03-18T10:15:00-04:00', '2025-12-15T23:59:59.999Z', '2026-07-01T00:00:00+05:45', '2026-02-28T12:00:00.5+01:00', '2026-01-01T00:00Z']) {
      expect(parseInstant(s)).toBe(Date.parse(s));
    }
  });

  it('refuses dates that do not exist and strings without an offset', () => {
    expect(parseInstant('2026-02-29T10:00:00Z')).toBeNaN();
    expect(parseInstant('2026-04-31T10:00:00Z')).toBeNaN();
    expect(parseInstant('2026-03-18T10:00:00')).toBeNaN();
    expect(parseInstant('2026-03-18')).toBeNaN();
    expect(parseInstant('yesterday')).toBeNaN();
    expect(parseInstant('2026-03-18T25:00:00Z')).toBeNaN();
  });

  it('matches Date.parse for any instant written with any whole-minute offset', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_102_444_800_000 }), fc.integer({ min: -12 * 60, max: 14 * 60 }), (ms, offset) => {
        const local = new Date(ms + offset * 60_000).toISOString().slice(0, 23);
        const sign = offset < 0 ? '-' : '+';
        const abs = Math.abs(offset);
        const s = `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
        expect(parseInstant(s)).toBe(ms);
      }),
      { numRuns: 300 },
    );
  });
});
