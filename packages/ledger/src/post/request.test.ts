import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonicalJson, requestHash, sha256Hex } from './request.ts';

/** The canonical form as the request hash was first written: sorted copies of every object, then JSON.stringify. Stored hashes were made this way. */
function sortedCopy(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedCopy);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
        .sort()
        .map((key) => [key, sortedCopy((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

// anything fast-check makes (nested objects and arrays, undefined, null prototypes, boxed values, odd keys,
// -0, NaN, sparse arrays), plus values JSON treats specially. (Not an object with its own toJSON method:
// requests are parsed JSON, and the copy called it where this reads keys.)
const unusual = fc.constantFrom<unknown>(new Date('2026-01-02T03:04:05.000Z'), () => 1, Symbol('s'), [undefined, () => 1], { f: () => 1, u: undefined });
const value = fc.oneof(fc.anything({ withBoxedValues: true, withNullPrototype: true, withSparseArray: true, withObjectString: true }), unusual,
  fc.dictionary(fc.string(), fc.oneof(fc.anything(), unusual)));

describe('canonicalJson', () => {
  it('writes exactly what JSON.stringify of the sorted copies wrote, so every stored request hash still matches', () => {
    fc.assert(fc.property(value, (v) => {
      expect(canonicalJson(v)).toBe(JSON.stringify(sortedCopy(v)));
    }), { numRuns: 2_000 });
  });

  it('is the same for the same request with its keys in another order, and leaves undefined keys out', () => {
    expect(canonicalJson({ b: [{ y: 1, x: undefined, w: 'é"' }], a: null })).toBe('{"a":null,"b":[{"w":"é\\"","y":1}]}');
    expect(requestHash('checkout', { orderId: 'o1', order: { lines: [1, 2], currency: 'USD' }, now: 'later' }))
      .toBe(sha256Hex('checkout\n{"order":{"currency":"USD","lines":[1,2]},"orderId":"o1"}'));
  });
});
