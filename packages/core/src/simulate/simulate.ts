import { compileProgram, type CompiledRule } from '../earn/compileProgram.ts';
import { decideOrder } from '../earn/evaluate.ts';
import type { BudgetsLeft, RuleCounters } from '../earn/result.ts';
import { divideRounded, parseDecimal } from '../money.ts';
import type { ProgramDocument } from '../program/document.ts';
import type { Channel, MemberContext, Order } from '../program/order.ts';
import { DAY_MS, parseInstant } from '../time/instant.ts';
import type { ZonedClock } from '../time/zonedClock.ts';

export interface SimulationOrder {
  order: Order;
  channel: Channel;
  member: MemberContext;
}

export interface SimulationResult {
  byRule: { ruleId: string; name: string; points: number; orders: number }[];
  totalPoints: number;
  orders: number;
  /** Points issued are new liability; valued with the program's `pointValue` when it has one. */
  liabilityChange: { points: number; amount?: { amount: number; currency: string } };
}

interface Period {
  day: number;
  week: number;
  month: number;
}

/** Local day, ISO week (Monday start) and month numbers of an instant, for per-member limit counters. */
function periodOf(clock: ZonedClock, ms: number): Period {
  const p = clock.partsAt(ms);
  const day = Date.UTC(p.year, p.month - 1, p.day) / DAY_MS;
  return { day, week: Math.floor((day - p.weekday + 3) / 7), month: p.year * 12 + p.month };
}

/**
 * Runs a document over orders in time order, as the ledger would see them: per-member
 * day/week/month counters and campaign budgets carry from one order to the next, so
 * limits bite in the simulation as they would in production.
 */
export function simulate(doc: ProgramDocument, orders: readonly SimulationOrder[]): SimulationResult {
  const cp = compileProgram(doc);
  const sorted = orders.map((o, i) => ({ o, i, ms: parseInstant(o.order.occurredAt) })).sort((a, b) => a.ms - b.ms || a.i - b.i);
  const byRule = new Map(doc.earning.rules.map((r) => [r.id, { ruleId: r.id, name: r.name, points: 0, orders: 0 }]));
  const budgetsLeft: BudgetsLeft = {};
  const memberCounters = new Map<string, Map<string, Period & { dayPoints: number; weekPoints: number; monthPoints: number }>>();
  let totalPoints = 0;

  for (const { o, ms } of sorted) {
    const period = periodOf(cp.clock, ms);
    const memberId = o.member.memberId;
    const mine = memberId === undefined ? undefined : (memberCounters.get(memberId) ?? new Map());
    if (memberId !== undefined && mine) memberCounters.set(memberId, mine);
    const counters: RuleCounters = {};
    for (const [ruleId, c] of mine ?? []) {
      counters[ruleId] = {
        day: c.day === period.day ? c.dayPoints : 0,
        week: c.week === period.week ? c.weekPoints : 0,
        month: c.month === period.month ? c.monthPoints : 0,
      };
    }
    // Per-rule points without sentences, attribution or lots: the rules that fired are
    // evaluateOrder's lines, in the same order, with the same points.
    const fired = decideOrder(cp, { order: o.order, channel: o.channel, member: o.member, counters, budgetsLeft }).rules;
    const { matched, final } = cp.scratch;
    for (let i = 0; i < fired.length; i++) {
      const compiled = fired[i] as CompiledRule;
      if (matched[compiled.slot] === 0) continue;
      const points = final[compiled.slot] as number;
      totalPoints += points;
      const rule = byRule.get(compiled.id);
      if (rule) {
        rule.points += points;
        if (points > 0) rule.orders += 1;
      }
      if (compiled.budgetSlot >= 0) {
        budgetsLeft[compiled.budgetKey] = (budgetsLeft[compiled.budgetKey] ?? compiled.budgetTotal) - points;
      }
      if (mine) {
        const c = counters[compiled.id] ?? {};
        mine.set(compiled.id, { ...period, dayPoints: (c.day ?? 0) + points, weekPoints: (c.week ?? 0) + points, monthPoints: (c.month ?? 0) + points });
      }
    }
  }

  const liabilityChange: SimulationResult['liabilityChange'] = { points: totalPoints };
  if (doc.program.pointValue !== undefined) {
    const value = parseDecimal(doc.program.pointValue);
    liabilityChange.amount = { amount: divideRounded(totalPoints * value.num, value.den, 'round-half-up'), currency: doc.program.currency };
  }
  return { byRule: [...byRule.values()], totalPoints, orders: orders.length, liabilityChange };
}

export interface SimulationComparison {
  a: SimulationResult;
  b: SimulationResult;
  difference: {
    totalPoints: number;
    liabilityChange: { points: number; amount?: { amount: number; currency: string } };
    byRule: { ruleId: string; name: string; a: number; b: number; difference: number }[];
  };
}

/** Runs two documents (e.g. published and draft) over the same orders; differences are b − a. */
export function compareSimulations(docA: ProgramDocument, docB: ProgramDocument, orders: readonly SimulationOrder[]): SimulationComparison {
  const a = simulate(docA, orders);
  const b = simulate(docB, orders);
  const rules = new Map<string, { ruleId: string; name: string; a: number; b: number; difference: number }>();
  for (const r of a.byRule) rules.set(r.ruleId, { ruleId: r.ruleId, name: r.name, a: r.points, b: 0, difference: -r.points });
  for (const r of b.byRule) {
    const row = rules.get(r.ruleId) ?? { ruleId: r.ruleId, name: r.name, a: 0, b: 0, difference: 0 };
    row.b = r.points;
    row.name = r.name;
    row.difference = row.b - row.a;
    rules.set(r.ruleId, row);
  }
  const amountA = a.liabilityChange.amount;
  const amountB = b.liabilityChange.amount;
  const amount = amountA && amountB && amountA.currency === amountB.currency ? { amount: amountB.amount - amountA.amount, currency: amountA.currency } : undefined;
  return {
    a,
    b,
    difference: {
      totalPoints: b.totalPoints - a.totalPoints,
      liabilityChange: { points: b.liabilityChange.points - a.liabilityChange.points, ...(amount ? { amount } : {}) },
      byRule: [...rules.values()],
    },
  };
}
