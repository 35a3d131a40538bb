import type { Rounding } from '../money.ts';
import { WEEKDAYS, type Condition } from '../program/condition.ts';
import type { OrderLine } from '../program/order.ts';
import { compileCondition, parseHhmm, rangeEnd, rangeStart, type CompileContext, type Test } from './compileCondition.ts';
import type { CompiledRule } from './compileProgram.ts';
import { maskOf } from './factIndex.ts';
import { groupTotal, type Facts } from './facts.ts';
import { applyRuleLimits, drawBudget } from './limits.ts';
import type { BudgetsLeft, RuleCounters } from './result.ts';

/**
 * One stacking phase of a rule set as generated code: match, price and limit every
 * rule, keep each exclusive group's best, draw on budgets; returns the phase's points.
 * Writes the same scratch arrays the closure path writes (see evaluate.ts runPhase).
 */
export type Phase = (
  f: Facts,
  final: Float64Array,
  raw: Float64Array,
  matched: Uint8Array,
  cutKind: Uint8Array,
  counters: RuleCounters | undefined,
  budgetsLeft: BudgetsLeft | undefined,
  budgetUsed: Float64Array,
) => number;

interface Helpers {
  tests: Test[];
  rules: CompiledRule[];
  weights: ((l: OrderLine) => number)[];
  groupTotal: typeof groupTotal;
  limit: typeof applyRuleLimits;
  budget: typeof drawBudget;
}

/** A number as a JavaScript literal; only finite safe integers ever reach generated code. */
function lit(n: number): string {
  if (!Number.isSafeInteger(n)) throw new RangeError(`refusing to generate code for ${n}`);
  return String(n);
}

/** `x / den` rounded, with `q` as a temporary; floor by division is exact (see floorDiv in money.ts). */
function rounded(x: string, den: number, rounding: Rounding): string {
  const d = lit(den);
  if (den === 1) return x;
  switch (rounding) {
    case 'floor':
      return `Math.floor(${x} / ${d})`;
    case 'ceil':
      return `(q = Math.floor(${x} / ${d}), ${x} - q * ${d} === 0 ? q : q + 1)`;
    case 'round-half-up':
      return `(q = Math.floor(${x} / ${d}), (${x} - q * ${d}) * 2 >= ${d} ? q + 1 : q)`;
  }
}

const LOCAL = '(f.parts || (f.parts = f.clock.partsAt(f.ms)))';

/** A condition as a JavaScript expression over `f`; leaves without an inline form call their compiled closure. */
function expression(c: Condition, ctx: CompileContext, h: Helpers): string {
  if ('all' in c) return c.all.length === 0 ? 'true' : `(${c.all.map((x) => expression(x, ctx, h)).join(' && ')})`;
  if ('any' in c) return c.any.length === 0 ? 'false' : `(${c.any.map((x) => expression(x, ctx, h)).join(' || ')})`;
  if ('not' in c) return `!${expression(c.not, ctx, h)}`;
  const index = ctx.index;
  switch (c.field) {
    case 'subtotal': {
      const op = { eq: '===', gt: '>', gte: '>=', lt: '<', lte: '<=' }[c.op];
      return `(f.subtotal ${op} ${lit(c.value)})`;
    }
    case 'sku':
    case 'category':
    case 'paymentMethod': {
      const bits = c.field === 'sku' ? index.skus : c.field === 'category' ? index.categories : index.paymentMethods;
      const key = c.field === 'sku' ? 'skuMask' : c.field === 'category' ? 'categoryMask' : 'paymentMask';
      if (!bits) break;
      return `((f.${key} & ${lit(maskOf(bits, c.value))}) ${c.op === 'in' ? '!==' : '==='} 0)`;
    }
    case 'tags': {
      if (!index.tags) break;
      const m = lit(maskOf(index.tags, c.value));
      if (c.op === 'has-all') return `((f.tagMask & ${m}) === ${m})`;
      return `((f.tagMask & ${m}) ${c.op === 'has-any' ? '!==' : '==='} 0)`;
    }
    case 'weekday': {
      const mask = c.value.reduce((m, d) => m | (1 << WEEKDAYS.indexOf(d)), 0);
      return `((${lit(mask)} & (1 << ${LOCAL}.weekday)) !== 0)`;
    }
    case 'date':
      return `(f.ms >= ${lit(rangeStart(c.value.from, ctx.clock))} && f.ms < ${lit(rangeEnd(c.value.to, ctx.clock))})`;
    case 'timeOfDay': {
      // Minute of day as in compileCondition: the cached block's start plus the minutes into the block.
      const from = lit(parseHhmm(c.value.from));
      const to = lit(parseHhmm(c.value.to));
      const minute = `(m = ${LOCAL}.blockMinute + Math.floor((f.ms - Math.floor(f.ms / 900000) * 900000) / 60000))`;
      return parseHhmm(c.value.from) <= parseHhmm(c.value.to) ? `(${minute} >= ${from} && m < ${to})` : `(${minute} >= ${from} || m < ${to})`;
    }
    default:
      break;
  }
  h.tests.push(compileCondition(c, ctx));
  return `h.tests[${h.tests.length - 1}](f)`;
}

function priceExpression(rule: CompiledRule, tier: number): string {
  const spec = rule.priceSpec;
  const total = (group: number) => `h.groupTotal(f, ${lit(group)}, h.weights[${lit(group)}])`;
  switch (spec.kind) {
    case 'per-amount': {
      const rate = spec.rateByTier[tier] ?? spec.rateByTier[0];
      if (!rate) return '0';
      const amount = spec.group < 0 ? 'f.subtotal' : total(spec.group);
      return `(x = ${amount} * ${lit(rate.num)}, ${rounded('x', rate.den, spec.rounding)})`;
    }
    case 'per-item':
      return `${total(spec.group)} * ${lit(spec.points)}`;
    case 'fixed':
      return lit(spec.points);
    case 'multiplier': {
      const base = spec.targets.length === 0 ? '0' : spec.targets.map((t) => `final[${lit(t)}]`).join(' + ');
      return `(x = (${base}) * ${lit(spec.factorMinusOne.num)}, ${rounded('x', spec.factorMinusOne.den, spec.rounding)})`;
    }
  }
}

/**
 * Generates one function for a phase of a rule set whose channel, tier and event type
 * are fixed: conditions become inline expressions over the basket's precomputed facts,
 * awards become arithmetic on constants. Only numbers computed here are spliced into
 * the source (document strings never are), and the closure path stays as the reference
 * implementation and the fallback. Returns undefined where `new Function` is forbidden.
 */
export function generatePhase(
  rules: readonly CompiledRule[],
  conditions: readonly (Condition | true)[],
  tier: number,
  ctx: CompileContext,
  weights: readonly ((l: OrderLine) => number)[],
): Phase | undefined {
  const h: Helpers = { tests: [], rules: [...rules], weights: [...weights], groupTotal, limit: applyRuleLimits, budget: drawBudget };
  try {
    const body: string[] = ['let x = 0, q = 0, r = 0, m = 0, b = -1;'];
    rules.forEach((rule, i) => {
      const s = lit(rule.slot);
      const c = conditions[i];
      const test = c === undefined || c === true ? 'true' : expression(c, ctx, h);
      const allowed = rule.hasRuleLimits ? `h.limit(h.rules[${i}], r, counters, cutKind)` : 'r';
      body.push(
        `matched[${s}] = 0; cutKind[${s}] = 0;`,
        `if (${test}) { r = ${priceExpression(rule, tier)}; if (r > 0) { matched[${s}] = 1; raw[${s}] = r; final[${s}] = ${allowed}; } }`,
      );
    });
    // Exclusive groups, as runPhase does: in rule order, a member replaces the best so far only with strictly more points.
    const groups = new Map<number, number[]>();
    for (const rule of rules) if (rule.group >= 0) groups.set(rule.group, [...(groups.get(rule.group) ?? []), rule.slot]);
    for (const slots of groups.values()) {
      body.push('b = -1;');
      for (const slot of slots) {
        const s = lit(slot);
        body.push(`if (matched[${s}] !== 0) { if (b === -1 || final[${s}] > final[b]) { if (b !== -1) { matched[b] = 0; final[b] = 0; } b = ${s}; } else { matched[${s}] = 0; final[${s}] = 0; } }`);
      }
    }
    rules.forEach((rule, i) => {
      if (rule.budgetSlot >= 0) body.push(`if (matched[${lit(rule.slot)}] !== 0) h.budget(h.rules[${i}], final, cutKind, budgetsLeft, budgetUsed);`);
    });
    // Unmatched rules hold 0 in `final` (cleared before the first phase), so the phase's points are a plain sum.
    body.push(`return ${rules.length === 0 ? '0' : rules.map((r) => `final[${lit(r.slot)}]`).join(' + ')};`);
    const make = new Function('h', `return function phase(f, final, raw, matched, cutKind, counters, budgetsLeft, budgetUsed) {\n${body.join('\n')}\n};`) as (h: Helpers) => Phase;
    return make(h);
  } catch {
    // A forbidden `new Function` (strict CSP) or a value we refuse to splice: use the closures.
    return undefined;
  }
}
