import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { earnCanonicalJson, earnInput, earnRequestJson, fastEarnInput } from './earn.ts';
import { requestHash, sha256Hex } from './request.ts';

/** Mostly valid values, sometimes an invalid or unusual one, so both paths and their agreement are exercised. */
const mostly = <T, U>(valid: fc.Arbitrary<T>, other: fc.Arbitrary<U>) => fc.oneof({ weight: 12, arbitrary: valid }, { weight: 1, arbitrary: other });
const uuidish = mostly(fc.uuid(), fc.oneof(fc.uuid().map((u) => u.toUpperCase()), fc.constantFrom('not-a-uuid', '', '00000000-0000-0000-0000-000000000000')));
const date = fc.date({ min: new Date('1990-01-01'), max: new Date('2100-01-01'), noInvalidDate: true });
const instantish = mostly(fc.oneof(date, date.map((d) => d.toISOString())),
  fc.oneof(fc.constantFrom('2026-01-01T00:00:00Z', '2026-01-01T01:00:00+01:00', '2026-02-30T00:00:00.000Z', 'not a date', '2026-01-01'),
    fc.constant(new Date(Number.NaN))));
const textish = (max: number) => mostly(fc.string({ minLength: 1, maxLength: max }),
  fc.oneof(fc.constantFrom('', 'x'.repeat(max + 1), 'a"b\\c\u2028é\u0000', '🎉x'), fc.integer()));
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const points = mostly(fc.integer({ min: 1, max: 1_000_000 }), fc.constantFrom(0, -1, 0.5, Number.MAX_SAFE_INTEGER, 2 ** 60, Number.NaN, '3'));
const lot = fc.record({ points, availableAt: maybe(instantish), expiresAt: maybe(mostly(instantish, fc.constant(null))) }, { requiredKeys: ['points'] });
const rule = fc.record({ ruleId: textish(10), name: mostly(fc.string(), fc.integer()), points: mostly(fc.integer(), fc.constant(0.5)),
  extra: maybe(fc.string()) }, { requiredKeys: ['ruleId', 'name', 'points'] });
const input = fc.record({
  programId: uuidish, memberId: uuidish, key: textish(200), channel: textish(40),
  now: maybe(instantish), occurredAt: maybe(instantish), storeId: maybe(textish(200)), terminalId: maybe(textish(200)),
  orderId: maybe(textish(200)), reason: maybe(textish(500)), ruleVersion: maybe(mostly(fc.nat(), fc.constantFrom(-1, 1.5))),
  lots: mostly(fc.array(lot, { minLength: 1, maxLength: 3 }), fc.constant([])), rules: maybe(fc.array(rule, { maxLength: 3 })),
  unknownField: maybe(fc.string()),
}, { requiredKeys: ['programId', 'memberId', 'key', 'channel', 'lots'] });

/** Drops keys whose value is undefined, as JSON and the request hash do. */
const defined = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

describe('the earn fast path', () => {
  it('accepts only what zod accepts, gives the same request, and hashes as requestHash does', () => {
    let fast = 0;
    fc.assert(fc.property(input, (candidate) => {
      const byZod = earnInput.safeParse(candidate);
      const byFastPath = fastEarnInput(candidate);
      if (byFastPath) {
        fast++;
        expect(byZod.success).toBe(true);
        expect(defined(byFastPath)).toEqual(defined(byZod.data));
      }
      if (byZod.success) {
        expect(sha256Hex(`earn\n${earnCanonicalJson(byZod.data)}`)).toBe(requestHash('earn', byZod.data));
        const sent = JSON.parse(earnRequestJson(byZod.data));
        expect(sent).toMatchObject({ ...defined(byZod.data) as object, hash: requestHash('earn', byZod.data), id: expect.any(String) });
      }
    }), { numRuns: 3000 });
    expect(fast).toBeGreaterThan(300);
  });

  it('the same logical request hashes the same whatever the key order, case of ids, Date or string; another request differs', () => {
    const base = {
      programId: '0190A000-0000-7000-8000-000000000001', key: 'k', memberId: '0190a000-0000-7000-8000-000000000002', channel: 'pos',
      lots: [{ points: 5, expiresAt: new Date('2026-06-01T00:00:00Z') }], rules: [{ ruleId: 'r', name: 'R', points: 5 }],
    };
    const reordered = {
      rules: [{ points: 5, name: 'R', ruleId: 'r' }], lots: [{ expiresAt: '2026-06-01T00:00:00.000Z', points: 5 }], channel: 'pos',
      memberId: '0190A000-0000-7000-8000-000000000002', key: 'k', programId: '0190a000-0000-7000-8000-000000000001', now: new Date(),
    };
    const hashOf = (value: object) => JSON.parse(earnRequestJson(fastEarnInput(value)!)).hash as string;
    expect(hashOf(base)).toBe(hashOf(reordered));
    expect(hashOf(base)).not.toBe(hashOf({ ...base, lots: [{ points: 6, expiresAt: base.lots[0]!.expiresAt }] }));
    expect(hashOf(base)).not.toBe(hashOf({ ...base, orderId: 'o' }));
  });
});
