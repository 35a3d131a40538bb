import type { Condition } from '../program/condition.ts';

/**
 * Bits for the values conditions ask about (SKUs, categories, payment methods, tags).
 * Each evaluation scans the basket once into bit masks, so a rule's "category in
 * [bakery, lunch]" is one AND instead of a loop over lines per rule. Beyond 30
 * distinct values in a dimension (small-integer masks) that dimension is not indexed
 * and its conditions loop over the basket instead.
 */
export interface FactIndex {
  readonly skus: ReadonlyMap<string, number> | undefined;
  readonly categories: ReadonlyMap<string, number> | undefined;
  readonly paymentMethods: ReadonlyMap<string, number> | undefined;
  readonly tags: ReadonlyMap<string, number> | undefined;
  /**
   * Bit (length mod 32) set for every indexed value of a dimension: a basket value
   * whose length has no bit cannot be indexed, and most basket values are not, so
   * the scan skips their hash lookups.
   */
  readonly skuLengths: number;
  readonly categoryLengths: number;
  readonly paymentMethodLengths: number;
  readonly tagLengths: number;
}

const MAX_BITS = 30;

type Dimension = 'sku' | 'category' | 'paymentMethod' | 'tags';

function collect(c: Condition, into: Record<Dimension, Set<string>>): void {
  if ('all' in c) return c.all.forEach((x) => collect(x, into));
  if ('any' in c) return c.any.forEach((x) => collect(x, into));
  if ('not' in c) return collect(c.not, into);
  if (c.field === 'sku' || c.field === 'category' || c.field === 'paymentMethod' || c.field === 'tags') {
    for (const v of c.value) into[c.field].add(v);
  }
}

function bits(values: Set<string>): ReadonlyMap<string, number> | undefined {
  if (values.size === 0 || values.size > MAX_BITS) return undefined;
  return new Map([...values].map((v, i) => [v, 1 << i]));
}

/** See FactIndex.skuLengths; the test is `lengths & lengthBit(value)`. */
export function lengthBit(value: string): number {
  return 1 << (value.length & 31);
}

function lengthBits(values: Set<string>): number {
  let m = 0;
  for (const v of values) m |= lengthBit(v);
  return m;
}

export function buildFactIndex(conditions: readonly (Condition | undefined)[]): FactIndex {
  const into: Record<Dimension, Set<string>> = { sku: new Set(), category: new Set(), paymentMethod: new Set(), tags: new Set() };
  for (const c of conditions) if (c) collect(c, into);
  return {
    skus: bits(into.sku),
    categories: bits(into.category),
    paymentMethods: bits(into.paymentMethod),
    tags: bits(into.tags),
    skuLengths: lengthBits(into.sku),
    categoryLengths: lengthBits(into.category),
    paymentMethodLengths: lengthBits(into.paymentMethod),
    tagLengths: lengthBits(into.tags),
  };
}

/** OR of the bits of `values`; values absent from the index cannot occur in a basket mask. */
export function maskOf(index: ReadonlyMap<string, number>, values: readonly string[]): number {
  let m = 0;
  for (const v of values) m |= index.get(v) ?? 0;
  return m;
}
