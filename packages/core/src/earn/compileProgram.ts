import { multiplyRatios, parseDecimal, ratio } from '../money.ts';
import type { ProgramDocument } from '../program/document.ts';
import type { EarnRule, LineFilter } from '../program/earnRule.ts';
import type { OrderLine } from '../program/order.ts';
import { zonedClock, type ZonedClock } from '../time/zonedClock.ts';
import { compileCondition, compileLineFilter, type CompileContext, type Test } from './compileCondition.ts';
import { specialize } from './specialize.ts';
import type { Condition } from '../program/condition.ts';
import { CHANNELS, type Channel } from '../program/primitives.ts';
import { pointsLabel, rateText, type PointsLabel } from './explain.ts';
import { buildFactIndex, type FactIndex } from './factIndex.ts';
import { newFacts, type Facts } from './facts.ts';
import { fixedPrice, multiplierPrice, perAmountPrice, perItemPrice, type Price, type PriceSpec } from './pricing.ts';
import { generatePhase, type Phase } from './generatePhase.ts';

/** Weight-group marker for a multiplier whose targets spread points over lines differently. */
export const MIXED_WEIGHTS = -2;

/** One earn rule with everything parsed: the hot path only reads numbers and calls closures. */
export interface CompiledRule {
  readonly slot: number;
  readonly id: string;
  readonly name: string;
  /** The rule's condition with channel, tier and event type already decided; undefined = always. */
  readonly test: Test | undefined;
  readonly price: Price;
  /** The same award as data, for the code generator. */
  readonly priceSpec: PriceSpec;
  readonly isMultiplier: boolean;
  /** Slots of the rules a multiplier multiplies. */
  readonly targets: readonly number[];
  readonly perOrder: number;
  readonly perDay: number;
  readonly perWeek: number;
  readonly perMonth: number;
  readonly hasMemberLimits: boolean;
  /** Any per-order or per-member limit at all. */
  readonly hasRuleLimits: boolean;
  readonly budgetSlot: number;
  readonly budgetKey: string;
  readonly budgetTotal: number;
  readonly group: number;
  /** How the rule's points spread over order lines (see attribution); -1 when they do not. */
  readonly weightGroup: number;
  readonly explain: (points: number, tier: number) => string;
}

/** A set of rules that run for one event type, multipliers last. */
export interface RuleSet {
  readonly rules: readonly CompiledRule[];
  /** Index of the first multiplier in `rules`. */
  readonly phaseTwo: number;
  /** Positions in `rules` of rules in exclusive groups / drawing on budgets (passes skipped when empty). */
  readonly grouped: readonly number[];
  readonly budgeted: readonly number[];
  /** Generated straight-line code for each phase; undefined where code generation is off or unavailable. */
  readonly phases: readonly [Phase | undefined, Phase | undefined];
}

/** A program document compiled once per published version and evaluated many times. */
export interface CompiledProgram {
  readonly document: ProgramDocument;
  readonly clock: ZonedClock;
  readonly currency: string;
  readonly label: PointsLabel;
  readonly rules: readonly CompiledRule[];
  /** Rule sets by event type, then by channel × tier, built on first use. */
  readonly ruleSets: Map<string, (RuleSet | undefined)[]>;
  readonly tierIds: readonly string[];
  readonly tierIndex: ReadonlyMap<string, number>;
  readonly factIndex: FactIndex;
  readonly expiryExemptByTier: readonly boolean[];
  readonly budgetCount: number;
  /** Line weight functions, by weight group: 0 is "amount over all lines". */
  readonly weightGroups: readonly ((line: OrderLine) => number)[];
  readonly hasMixedWeights: boolean;
  readonly pendingMs: number;
  /** Expiry ISO strings cached by the 15-minute block of the earn time (see lotExpiryMs). */
  readonly expiryCache: Map<number, string | null>;
  /** Evaluate through generated code (default) or through closures only (the reference path). */
  readonly codegen: boolean;
  readonly conditions: readonly { on: readonly string[]; when: Condition | undefined }[];
  readonly compileContext: CompileContext;
  /** Scratch buffers reused by every evaluation (evaluation is synchronous). */
  readonly scratch: {
    raw: Float64Array;
    final: Float64Array;
    cutKind: Uint8Array;
    matched: Uint8Array;
    budgetUsed: Float64Array;
    groupBest: Int32Array;
    groupPoints: Float64Array;
    groupTotals: Float64Array;
    /** The facts of the evaluation in progress (see newFacts). */
    facts: Facts;
  };
}

/**
 * Sentences repeat (the same rule, tier and points over and over), and building one
 * costs more than the rest of an evaluation, so small point values are cached.
 */
function memoizeSentences(explain: (n: number, tier: number) => string, tierCount: number): (n: number, tier: number) => string {
  const LIMIT = 2048;
  const cache: (string | undefined)[][] = Array.from({ length: tierCount }, () => []);
  return (n, tier) => {
    if (n >= LIMIT || !Number.isInteger(n)) return explain(n, tier);
    const row = cache[tier] as (string | undefined)[];
    // Grown densely: a write far past the end would turn the row into a slow dictionary.
    while (row.length <= n) row.push(undefined);
    return (row[n] ??= explain(n, tier));
  };
}

function limitOrInfinity(v: number | undefined): number {
  return v === undefined ? Number.POSITIVE_INFINITY : v;
}

function byEvaluationOrder(a: EarnRule, b: EarnRule): number {
  const phase = Number(a.award.kind === 'multiplier') - Number(b.award.kind === 'multiplier');
  if (phase !== 0) return phase;
  if (a.priority !== b.priority) return b.priority - a.priority;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function filterKey(kind: string, filter: LineFilter | undefined): string {
  return filter ? `${kind}:${JSON.stringify([filter.skus ?? [], filter.categories ?? []])}` : `${kind}:*`;
}

/** Compiles a validated document: parses rates, conditions, limits and sentences up front. */
export interface CompileOptions {
  /**
   * Generate straight-line JavaScript per rule set (default true). Falls back to
   * closures by itself where `new Function` is forbidden (a strict CSP).
   */
  codegen?: boolean;
}

export function compileProgram(doc: ProgramDocument, options: CompileOptions = {}): CompiledProgram {
  const clock = zonedClock(doc.program.timeZone);
  const label = pointsLabel(doc);
  const tiers = doc.tiers.levels;
  const tierIndex = new Map(tiers.map((t, i) => [t.id, i]));
  const tierMultipliers = tiers.map((t) => parseDecimal(t.benefits.earnMultiplier));
  const ordered = doc.earning.rules.filter((r) => r.enabled).sort(byEvaluationOrder);
  const slotOf = new Map(ordered.map((r, i) => [r.id, i]));

  const groups = new Map<string, number>();
  const budgets = new Map<string, number>();
  const weightKeys = new Map<string, number>([['per-amount:*', 0]]);
  const weightGroups: ((line: OrderLine) => number)[] = [(l) => l.quantity * l.unitPrice];

  const weightGroupOf = (rule: EarnRule): number => {
    const award = rule.award;
    if (award.kind !== 'per-amount' && award.kind !== 'per-item') return -1;
    const key = filterKey(award.kind, award.lines);
    let g = weightKeys.get(key);
    if (g === undefined) {
      const match = award.lines ? compileLineFilter(award.lines) : () => true;
      g = weightGroups.length;
      weightKeys.set(key, g);
      weightGroups.push(award.kind === 'per-amount' ? (l) => (match(l) ? l.quantity * l.unitPrice : 0) : (l) => (match(l) ? l.quantity : 0));
    }
    return g;
  };

  const compiledWeight = new Map<string, number>();
  for (const rule of ordered) if (rule.award.kind !== 'multiplier') compiledWeight.set(rule.id, weightGroupOf(rule));

  const factIndex = buildFactIndex(ordered.map((r) => r.when));
  const ctx = { clock, index: factIndex, tierIndex };
  let hasMixedWeights = false;
  const rules: CompiledRule[] = ordered.map((rule, slot) => {
    const award = rule.award;
    const limits = rule.limits ?? {};
    let budgetSlot = -1;
    const budgetKey = limits.budget?.id ?? rule.id;
    if (limits.budget) {
      budgetSlot = budgets.get(budgetKey) ?? budgets.size;
      budgets.set(budgetKey, budgetSlot);
    }
    let group = -1;
    if (rule.exclusive !== undefined) {
      group = groups.get(rule.exclusive) ?? groups.size;
      groups.set(rule.exclusive, group);
    }
    let targets: number[] = [];
    let weightGroup = compiledWeight.get(rule.id) ?? -1;
    let price: Price;
    let priceSpec: PriceSpec;
    let explain: (n: number, tier: number) => string;

    switch (award.kind) {
      case 'per-amount': {
        const perPoint = parseDecimal(award.rate.points);
        const base = ratio(perPoint.num, perPoint.den * award.rate.per);
        const rateByTier = tierMultipliers.map((m) => (award.tierMultiplier ? multiplyRatios(base, m) : base));
        price = perAmountPrice(rateByTier, award.rounding, weightGroup, award.lines ? weightGroups[weightGroup] : undefined);
        priceSpec = { kind: 'per-amount', group: award.lines ? weightGroup : -1, rateByTier, rounding: award.rounding };
        const prefixes = rateByTier.map((r) => {
          const shown = rateText(doc, multiplyRatios(r, { num: award.rate.per, den: 1 }), award.rate.per);
          return award.lines ? `${rule.name} (${shown} spent on selected items): ` : `${shown} spent: `;
        });
        explain = (n, tier) => (prefixes[tier] as string) + label(n);
        break;
      }
      case 'per-item': {
        price = perItemPrice(award.points, weightGroup, weightGroups[weightGroup] as (l: OrderLine) => number);
        priceSpec = { kind: 'per-item', group: weightGroup, points: award.points };
        const prefix = `${rule.name} (${label(award.points)} per item): `;
        explain = (n) => prefix + label(n);
        break;
      }
      case 'fixed': {
        price = fixedPrice(award.points);
        priceSpec = { kind: 'fixed', points: award.points };
        const prefix = `${rule.name}: +`;
        explain = (n) => prefix + label(n);
        break;
      }
      case 'multiplier': {
        const f = parseDecimal(award.factor);
        targets = award.of.map((id) => slotOf.get(id)).filter((s): s is number => s !== undefined);
        const factorMinusOne = ratio(f.num - f.den, f.den);
        price = multiplierPrice(factorMinusOne, award.rounding, targets);
        priceSpec = { kind: 'multiplier', targets, factorMinusOne, rounding: award.rounding };
        const targetGroups = new Set(award.of.map((id) => compiledWeight.get(id) ?? -1).filter((g) => g >= 0));
        weightGroup = targetGroups.size === 0 ? -1 : targetGroups.size === 1 ? ([...targetGroups][0] as number) : MIXED_WEIGHTS;
        if (weightGroup === MIXED_WEIGHTS) hasMixedWeights = true;
        const prefix = `${rule.name}: +`;
        explain = (n) => prefix + label(n);
        break;
      }
    }
    const template = rule.explanation;
    if (template !== undefined) explain = (n) => template.replaceAll('{points}', label(n));
    explain = memoizeSentences(explain, tiers.length);

    return {
      slot,
      id: rule.id,
      name: rule.name,
      test: undefined,
      price,
      priceSpec,
      isMultiplier: award.kind === 'multiplier',
      targets,
      perOrder: limitOrInfinity(limits.perOrder),
      perDay: limitOrInfinity(limits.perMemberPerDay),
      perWeek: limitOrInfinity(limits.perMemberPerWeek),
      perMonth: limitOrInfinity(limits.perMemberPerMonth),
      hasMemberLimits: limits.perMemberPerDay !== undefined || limits.perMemberPerWeek !== undefined || limits.perMemberPerMonth !== undefined,
      hasRuleLimits: limits.perOrder !== undefined || limits.perMemberPerDay !== undefined || limits.perMemberPerWeek !== undefined || limits.perMemberPerMonth !== undefined,
      budgetSlot,
      budgetKey,
      budgetTotal: limits.budget?.points ?? Number.POSITIVE_INFINITY,
      group,
      weightGroup,
      explain,
    };
  });

  const n = rules.length;
  const groupTotals = new Float64Array(weightGroups.length);
  return {
    document: doc,
    clock,
    currency: doc.program.currency,
    label,
    rules,
    ruleSets: new Map(),
    tierIds: tiers.map((t) => t.id),
    tierIndex,
    factIndex,
    expiryExemptByTier: tiers.map((t) => t.benefits.expiryExempt),
    budgetCount: budgets.size,
    weightGroups,
    hasMixedWeights,
    pendingMs: doc.pending.days * 86_400_000,
    expiryCache: new Map(),
    codegen: options.codegen ?? true,
    conditions: ordered.map((r) => ({ on: r.on, when: r.when })),
    compileContext: ctx,
    scratch: {
      raw: new Float64Array(n),
      final: new Float64Array(n),
      cutKind: new Uint8Array(n),
      matched: new Uint8Array(n),
      budgetUsed: new Float64Array(budgets.size),
      groupBest: new Int32Array(groups.size),
      groupPoints: new Float64Array(weightGroups.length),
      groupTotals,
      facts: newFacts(clock, groupTotals),
    },
  };
}

/**
 * The rules that can fire for one event type, channel and tier, in evaluation order
 * (multipliers last), with conditions partially evaluated. Built once per combination.
 */
export function ruleSetFor(cp: CompiledProgram, eventType: string, channel: Channel, tier: number): RuleSet {
  let byKey = cp.ruleSets.get(eventType);
  if (byKey === undefined) {
    byKey = [];
    cp.ruleSets.set(eventType, byKey);
  }
  const key = CHANNELS.indexOf(channel) * cp.tierIds.length + tier;
  let set = byKey[key];
  if (set === undefined) {
    const known = { eventType, channel, tierId: cp.tierIds[tier] };
    const list: CompiledRule[] = [];
    const sources: (Condition | true)[] = [];
    for (const rule of cp.rules) {
      const source = cp.conditions[rule.slot];
      if (!source || !source.on.includes(eventType)) continue;
      const residual = source.when === undefined ? true : specialize(source.when, known);
      if (residual === false) continue;
      list.push(withTest(rule, residual === true ? undefined : compileCondition(residual, cp.compileContext)));
      sources.push(residual);
    }
    const firstMultiplier = list.findIndex((r) => r.isMultiplier);
    const phaseTwo = firstMultiplier === -1 ? list.length : firstMultiplier;
    const generate = (from: number, to: number) =>
      cp.codegen && to > from ? generatePhase(list.slice(from, to), sources.slice(from, to), tier, cp.compileContext, cp.weightGroups) : undefined;
    set = {
      rules: list,
      phaseTwo,
      phases: [generate(0, phaseTwo), generate(phaseTwo, list.length)],
      grouped: list.flatMap((r, i) => (r.group >= 0 ? [i] : [])),
      budgeted: list.flatMap((r, i) => (r.budgetSlot >= 0 ? [i] : [])),
    };
    byKey[key] = set;
  }
  return set;
}

/**
 * A copy of a rule with its specialised condition. Spelled out field by field (not a
 * spread) so every compiled rule shares one hidden class and property reads in the
 * hot loop stay monomorphic.
 */
function withTest(r: CompiledRule, test: Test | undefined): CompiledRule {
  return {
    slot: r.slot,
    id: r.id,
    name: r.name,
    test,
    price: r.price,
    priceSpec: r.priceSpec,
    isMultiplier: r.isMultiplier,
    targets: r.targets,
    perOrder: r.perOrder,
    perDay: r.perDay,
    perWeek: r.perWeek,
    perMonth: r.perMonth,
    hasMemberLimits: r.hasMemberLimits,
    hasRuleLimits: r.hasRuleLimits,
    budgetSlot: r.budgetSlot,
    budgetKey: r.budgetKey,
    budgetTotal: r.budgetTotal,
    group: r.group,
    weightGroup: r.weightGroup,
    explain: r.explain,
  };
}
