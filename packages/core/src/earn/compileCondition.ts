import type { Condition, ConditionLeaf } from '../program/condition.ts';
import { WEEKDAYS } from '../program/condition.ts';
import type { OrderLine } from '../program/order.ts';
import type { LineFilter } from '../program/earnRule.ts';
import { DAY_MS, parseInstant } from '../time/instant.ts';
import type { ZonedClock } from '../time/zonedClock.ts';
import { maskOf, type FactIndex } from './factIndex.ts';
import { birthdayOf, localParts, type Facts } from './facts.ts';

/** What a condition is compiled against: the program's clock, basket index and tiers. */
export interface CompileContext {
  readonly clock: ZonedClock;
  readonly index: FactIndex;
  /** Tier id → position; a member without a known tier is in the first tier. */
  readonly tierIndex: ReadonlyMap<string, number>;
}

/** A compiled condition: a closure over pre-parsed values, no parsing or allocation per call. */
export type Test = (f: Facts) => boolean;

const TRUE: Test = () => true;

/** Membership test specialised by size: a Set only pays off beyond a handful of values. */
function member<T>(values: readonly T[]): (v: T | undefined) => boolean {
  if (values.length === 1) {
    const only = values[0];
    return (v) => v === only;
  }
  if (values.length <= 8) return (v) => v !== undefined && values.includes(v);
  const set = new Set(values);
  return (v) => v !== undefined && set.has(v);
}

export function compileLineFilter(filter: LineFilter): (line: OrderLine) => boolean {
  const sku = member(filter.skus ?? []);
  const category = member(filter.categories ?? []);
  const hasSkus = (filter.skus?.length ?? 0) > 0;
  const hasCategories = (filter.categories?.length ?? 0) > 0;
  if (!hasCategories) return (l) => sku(l.sku);
  if (!hasSkus) return (l) => category(l.category);
  return (l) => sku(l.sku) || category(l.category);
}

function anyLine(match: (l: OrderLine) => boolean): Test {
  return (f) => {
    const lines = f.lines;
    for (let i = 0; i < lines.length; i++) if (match(lines[i] as OrderLine)) return true;
    return false;
  };
}

function negateIf(test: Test, negate: boolean): Test {
  return negate ? (f) => !test(f) : test;
}

function compare(op: 'eq' | 'neq' | 'gt' | 'gte' | 'lt' | 'lte', a: unknown, b: string | number | boolean): boolean {
  switch (op) {
    case 'eq': return a === b;
    case 'neq': return a !== b;
    case 'gt': return typeof a === typeof b && (a as number) > (b as number);
    case 'gte': return typeof a === typeof b && (a as number) >= (b as number);
    case 'lt': return typeof a === typeof b && (a as number) < (b as number);
    case 'lte': return typeof a === typeof b && (a as number) <= (b as number);
  }
}

/** "14:30" → 870 (minutes since midnight). */
export function parseHhmm(s: string): number {
  return Number(s.slice(0, 2)) * 60 + Number(s.slice(3, 5));
}

/** Start of a date range end: a local date means its first instant in the program zone. */
export function rangeStart(s: string, clock: ZonedClock): number {
  if (s.length === 10) return clock.instantOf(Number(s.slice(0, 4)), Number(s.slice(5, 7)), Number(s.slice(8, 10)));
  return parseInstant(s);
}

/** Exclusive end: a local date covers its whole day, so the range ends at the next local midnight. */
export function rangeEnd(s: string, clock: ZonedClock): number {
  if (s.length === 10) {
    const next = new Date(Date.UTC(Number(s.slice(0, 4)), Number(s.slice(5, 7)) - 1, Number(s.slice(8, 10)) + 1));
    return clock.instantOf(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate());
  }
  return parseInstant(s);
}

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Day number of a birthday in a given year; 29 February is celebrated on 28 February in other years. */
function birthdayDay(year: number, mmdd: number): number {
  let month = Math.floor(mmdd / 100);
  let day = mmdd % 100;
  if (month === 2 && day === 29 && !isLeap(year)) day = 28;
  return Date.UTC(year, month - 1, day) / DAY_MS;
}

/** Days from the nearest birthday to the local date (negative: before it). */
export function daysFromBirthday(year: number, month: number, day: number, mmdd: number): number {
  const today = Date.UTC(year, month - 1, day) / DAY_MS;
  let best = Number.POSITIVE_INFINITY;
  for (let y = year - 1; y <= year + 1; y++) {
    const d = today - birthdayDay(y, mmdd);
    if (Math.abs(d) < Math.abs(best)) best = d;
  }
  return best;
}

/** Local minute of day: the cached block's start plus the minutes into the 15-minute block. */
function minuteOfDay(f: Facts): number {
  return localParts(f).blockMinute + Math.floor((f.ms - Math.floor(f.ms / 900_000) * 900_000) / 60_000);
}

function compileLeaf(c: ConditionLeaf, ctx: CompileContext): Test {
  const { clock, index } = ctx;
  switch (c.field) {
    case 'channel': {
      const has = member(c.value);
      return negateIf((f) => has(f.channel), c.op === 'not-in');
    }
    case 'store': {
      const has = member(c.value);
      return negateIf((f) => has(f.order?.storeId), c.op === 'not-in');
    }
    case 'paymentMethod': {
      if (index.paymentMethods) {
        const mask = maskOf(index.paymentMethods, c.value);
        return c.op === 'in' ? (f) => (f.paymentMask & mask) !== 0 : (f) => (f.paymentMask & mask) === 0;
      }
      const has = member(c.value);
      const some: Test = (f) => {
        const payments = f.order?.payments;
        if (!payments) return false;
        for (let i = 0; i < payments.length; i++) if (has(payments[i]?.method)) return true;
        return false;
      };
      return negateIf(some, c.op === 'not-in');
    }
    case 'subtotal': {
      const v = c.value;
      switch (c.op) {
        case 'eq': return (f) => f.subtotal === v;
        case 'gt': return (f) => f.subtotal > v;
        case 'gte': return (f) => f.subtotal >= v;
        case 'lt': return (f) => f.subtotal < v;
        case 'lte': return (f) => f.subtotal <= v;
      }
      break;
    }
    case 'sku': {
      if (index.skus) {
        const mask = maskOf(index.skus, c.value);
        return c.op === 'in' ? (f) => (f.skuMask & mask) !== 0 : (f) => (f.skuMask & mask) === 0;
      }
      const has = member(c.value);
      return negateIf(anyLine((l) => has(l.sku)), c.op === 'not-in');
    }
    case 'category': {
      if (index.categories) {
        const mask = maskOf(index.categories, c.value);
        return c.op === 'in' ? (f) => (f.categoryMask & mask) !== 0 : (f) => (f.categoryMask & mask) === 0;
      }
      const has = member(c.value);
      return negateIf(anyLine((l) => has(l.category)), c.op === 'not-in');
    }
    case 'tier': {
      let mask = 0;
      for (const id of c.value) {
        const i = ctx.tierIndex.get(id);
        if (i !== undefined) mask |= 1 << i;
      }
      return c.op === 'in' ? (f) => (mask & (1 << f.tier)) !== 0 : (f) => (mask & (1 << f.tier)) === 0;
    }
    case 'tags': {
      if (index.tags) {
        const mask = maskOf(index.tags, c.value);
        if (c.op === 'has-all') return (f) => (f.tagMask & mask) === mask;
        return c.op === 'has-any' ? (f) => (f.tagMask & mask) !== 0 : (f) => (f.tagMask & mask) === 0;
      }
      const wanted = c.value;
      if (c.op === 'has-all') return (f) => wanted.every((t) => f.member.tags?.includes(t) === true);
      const any: Test = (f) => {
        const tags = f.member.tags;
        if (!tags) return false;
        for (let i = 0; i < tags.length; i++) if (wanted.includes(tags[i] as string)) return true;
        return false;
      };
      return negateIf(any, c.op === 'has-none');
    }
    case 'birthday': {
      if (c.op === 'in-month') {
        return (f) => {
          const b = birthdayOf(f);
          return b > 0 && Math.floor(b / 100) === localParts(f).month;
        };
      }
      const before = c.op === 'within-days' ? c.value.before : 0;
      const after = c.op === 'within-days' ? c.value.after : 0;
      return (f) => {
        const b = birthdayOf(f);
        if (b <= 0) return false;
        const p = localParts(f);
        const d = daysFromBirthday(p.year, p.month, p.day, b);
        return d >= -before && d <= after;
      };
    }
    case 'weekday': {
      let mask = 0;
      for (const d of c.value) mask |= 1 << WEEKDAYS.indexOf(d);
      return (f) => (mask & (1 << localParts(f).weekday)) !== 0;
    }
    case 'timeOfDay': {
      const from = parseHhmm(c.value.from);
      const to = parseHhmm(c.value.to);
      if (from <= to) {
        return (f) => {
          const m = minuteOfDay(f);
          return m >= from && m < to;
        };
      }
      return (f) => {
        const m = minuteOfDay(f);
        return m >= from || m < to;
      };
    }
    case 'date': {
      const from = rangeStart(c.value.from, clock);
      const to = rangeEnd(c.value.to, clock);
      return (f) => f.ms >= from && f.ms < to;
    }
    case 'eventType': {
      const has = member(c.value);
      return negateIf((f) => has(f.eventType), c.op === 'not-in');
    }
    case 'eventProperty': {
      const key = c.property;
      if (c.op === 'exists') return (f) => f.event?.properties?.[key] !== undefined;
      if (c.op === 'in' || c.op === 'not-in') {
        const values: readonly unknown[] = c.value;
        return negateIf((f) => values.includes(f.event?.properties?.[key]), c.op === 'not-in');
      }
      const op = c.op;
      const value = c.value as string | number | boolean;
      return (f) => {
        const actual = f.event?.properties?.[key];
        return actual !== undefined && compare(op, actual, value);
      };
    }
  }
  throw new Error(`unsupported condition ${JSON.stringify(c)}`);
}

/** Compiles a condition tree into one closure; `all`/`any` short-circuit in document order. */
export function compileCondition(c: Condition | undefined, ctx: CompileContext): Test {
  if (c === undefined) return TRUE;
  if ('all' in c) {
    const parts = c.all.map((x) => compileCondition(x, ctx));
    if (parts.length === 0) return TRUE;
    if (parts.length === 1) return parts[0] as Test;
    if (parts.length === 2) {
      const [a, b] = parts as [Test, Test];
      return (f) => a(f) && b(f);
    }
    return (f) => {
      for (let i = 0; i < parts.length; i++) if (!(parts[i] as Test)(f)) return false;
      return true;
    };
  }
  if ('any' in c) {
    const parts = c.any.map((x) => compileCondition(x, ctx));
    if (parts.length === 1) return parts[0] as Test;
    return (f) => {
      for (let i = 0; i < parts.length; i++) if ((parts[i] as Test)(f)) return true;
      return false;
    };
  }
  if ('not' in c) {
    const inner = compileCondition(c.not, ctx);
    return (f) => !inner(f);
  }
  return compileLeaf(c, ctx);
}
