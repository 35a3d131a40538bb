import type { Channel, EarnEvent, MemberContext, Order } from '../program/order.ts';
import { lotExpiryMs } from '../expiry/lotExpiry.ts';
import { formatInstant, parseInstant } from '../time/instant.ts';
import { attributeToLines } from './attribution.ts';
import { ruleSetFor, type CompiledProgram, type CompiledRule, type RuleSet } from './compileProgram.ts';
import { cutText } from './explain.ts';
import { applyRuleLimits, drawBudget, LIMITS } from './limits.ts';
import { eventFacts, orderFacts, type Facts } from './facts.ts';
import type { BudgetsLeft, EarnLine, EarnLot, EarnResult, LimitKind, RuleCounters } from './result.ts';

export interface EvaluateOrderInput {
  order: Order;
  channel: Channel;
  member: MemberContext;
  counters?: RuleCounters;
  budgetsLeft?: BudgetsLeft;
}

export interface EvaluateEventInput {
  event: EarnEvent;
  channel: Channel;
  member: MemberContext;
  counters?: RuleCounters;
  budgetsLeft?: BudgetsLeft;
}


function instantOf(s: string, what: string): number {
  const ms = parseInstant(s);
  if (Number.isNaN(ms)) throw new RangeError(`${what} is not an ISO 8601 instant with offset: "${s}"`);
  return ms;
}

/** The order's facts, in the program's reused Facts object. */
function purchaseFacts(cp: CompiledProgram, input: EvaluateOrderInput): Facts {
  const order = input.order;
  if (order.currency !== cp.currency) {
    throw new RangeError(`order currency ${order.currency} differs from the program currency ${cp.currency}`);
  }
  const ms = instantOf(order.occurredAt, 'order.occurredAt');
  return orderFacts(cp.scratch.facts, order, ms, input.channel, input.member, tierOf(cp, input.member), cp.factIndex);
}

function nonPurchaseFacts(cp: CompiledProgram, input: EvaluateEventInput): Facts {
  const event = input.event;
  const ms = instantOf(event.occurredAt, 'event.occurredAt');
  return eventFacts(cp.scratch.facts, event, ms, input.channel, input.member, tierOf(cp, input.member), cp.factIndex);
}

/**
 * Points an order earns under a compiled program. Assumes an order that passed
 * `orderSchema`; throws on a currency other than the program's (that is a caller bug:
 * amounts in another currency would silently earn the wrong points).
 */
export function evaluateOrder(cp: CompiledProgram, input: EvaluateOrderInput): EarnResult {
  const f = purchaseFacts(cp, input);
  const set = ruleSetFor(cp, 'purchase', input.channel, f.tier);
  decide(cp, set, f, input.counters, input.budgetsLeft);
  return result(cp, set, f, input.order.occurredAt);
}

/** Points a non-purchase event (sign-up, referral, custom…) earns, through the same rules. */
export function evaluateEvent(cp: CompiledProgram, input: EvaluateEventInput): EarnResult {
  const f = nonPurchaseFacts(cp, input);
  const set = ruleSetFor(cp, input.event.type, input.channel, f.tier);
  decide(cp, set, f, input.counters, input.budgetsLeft);
  return result(cp, set, f, input.event.occurredAt);
}

/**
 * `evaluateOrder(cp, input).points` without the rest of the result: the same rules,
 * limits, exclusive groups, budgets and multipliers, but no sentences, attribution or
 * lots, and no allocation. For callers that only need the total (quotes, benchmarks).
 */
export function evaluateOrderPoints(cp: CompiledProgram, input: EvaluateOrderInput): number {
  const f = purchaseFacts(cp, input);
  const set = ruleSetFor(cp, 'purchase', input.channel, f.tier);
  return decide(cp, set, f, input.counters, input.budgetsLeft);
}

/** `evaluateEvent(cp, input).points`, without allocating (see evaluateOrderPoints). */
export function evaluateEventPoints(cp: CompiledProgram, input: EvaluateEventInput): number {
  const f = nonPurchaseFacts(cp, input);
  const set = ruleSetFor(cp, input.event.type, input.channel, f.tier);
  return decide(cp, set, f, input.counters, input.budgetsLeft);
}

/**
 * Decides an order's points rule by rule without building a result: returns the rule
 * set that ran; a rule of it fired when `cp.scratch.matched[rule.slot]` is 1, with
 * `cp.scratch.final[rule.slot]` points. Valid until the next evaluation on `cp`.
 * For callers inside core that need per-rule totals but no sentences (simulate).
 */
export function decideOrder(cp: CompiledProgram, input: EvaluateOrderInput): RuleSet {
  const f = purchaseFacts(cp, input);
  const set = ruleSetFor(cp, 'purchase', input.channel, f.tier);
  decide(cp, set, f, input.counters, input.budgetsLeft);
  return set;
}

/** A member without a tier, or with one this version does not know, earns in the first tier. */
function tierOf(cp: CompiledProgram, member: MemberContext): number {
  const id = member.tier;
  return id === undefined ? 0 : (cp.tierIndex.get(id) ?? 0);
}

/**
 * One stacking phase: match and price each rule in priority order, apply its own
 * limits, keep each exclusive group's best match (ties: higher priority), then draw
 * on campaign budgets in priority order so a shared budget is never overspent.
 * Returns the phase's points. Generated code does the same in straight lines.
 */
function runPhase(cp: CompiledProgram, set: RuleSet, phase: 0 | 1, from: number, to: number, f: Facts, counters: RuleCounters | undefined, budgetsLeft: BudgetsLeft | undefined): number {
  const { raw, final, cutKind, matched, budgetUsed, groupBest } = cp.scratch;
  const generated = set.phases[phase];
  if (generated !== undefined) return generated(f, final, raw, matched, cutKind, counters, budgetsLeft, budgetUsed);
  const rules = set.rules;
  for (let i = from; i < to; i++) {
    const rule = rules[i] as CompiledRule;
    const s = rule.slot;
    matched[s] = 0;
    cutKind[s] = 0;
    if (rule.test !== undefined && !rule.test(f)) continue;
    const r = rule.price(f, final);
    if (r <= 0) continue;
    matched[s] = 1;
    raw[s] = r;
    final[s] = rule.hasRuleLimits ? applyRuleLimits(rule, r, counters, cutKind) : r;
  }
  const grouped = set.grouped;
  if (grouped.length > 0) {
    for (let g = 0; g < groupBest.length; g++) groupBest[g] = -1;
    for (let k = 0; k < grouped.length; k++) {
      const i = grouped[k] as number;
      if (i < from || i >= to) continue;
      const rule = rules[i] as CompiledRule;
      const s = rule.slot;
      if (matched[s] === 0) continue;
      const best = groupBest[rule.group] as number;
      if (best === -1 || (final[s] as number) > (final[best] as number)) {
        if (best !== -1) {
          matched[best] = 0;
          final[best] = 0;
        }
        groupBest[rule.group] = s;
      } else {
        matched[s] = 0;
        final[s] = 0;
      }
    }
  }
  const budgeted = set.budgeted;
  for (let k = 0; k < budgeted.length; k++) {
    const i = budgeted[k] as number;
    if (i < from || i >= to) continue;
    const rule = rules[i] as CompiledRule;
    if (matched[rule.slot] !== 0) drawBudget(rule, final, cutKind, budgetsLeft, budgetUsed);
  }
  let total = 0;
  for (let i = from; i < to; i++) {
    const s = (rules[i] as CompiledRule).slot;
    if (matched[s] !== 0) total += final[s] as number;
  }
  return total;
}

/** Runs both stacking phases of a rule set (who fired, with how many points, in the scratch arrays); returns the total. */
function decide(cp: CompiledProgram, set: RuleSet, f: Facts, counters: RuleCounters | undefined, budgetsLeft: BudgetsLeft | undefined): number {
  const final = cp.scratch.final;
  // A multiplier may point at a rule outside this event's set: it must read 0, not a stale value.
  // (Loops, not .fill: for arrays this small the builtin call costs more than the stores.)
  for (let i = 0; i < final.length; i++) final[i] = 0;
  const budgetUsed = cp.scratch.budgetUsed;
  for (let i = 0; i < budgetUsed.length; i++) budgetUsed[i] = 0;
  const total = runPhase(cp, set, 0, 0, set.phaseTwo, f, counters, budgetsLeft);
  return set.phaseTwo < set.rules.length ? total + runPhase(cp, set, 1, set.phaseTwo, set.rules.length, f, counters, budgetsLeft) : total;
}

/** The full result of the decided rule set: lines with sentences, attribution, lots. */
function result(cp: CompiledProgram, set: RuleSet, f: Facts, occurredAt: string): EarnResult {
  const { raw, final, cutKind, matched } = cp.scratch;
  const rules = set.rules;
  const tier = f.tier;
  let total = 0;
  const lines: EarnLine[] = [];
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i] as CompiledRule;
    const s = rule.slot;
    if (matched[s] === 0) continue;
    const points = final[s] as number;
    total += points;
    const kind = cutKind[s] as number;
    if (kind === 0) {
      lines.push({ ruleId: rule.id, name: rule.name, points, explanation: rule.explain(points, tier) });
    } else {
      const cut = (raw[s] as number) - points;
      const limit = LIMITS[kind] as LimitKind;
      lines.push({ ruleId: rule.id, name: rule.name, points, explanation: rule.explain(points, tier) + cutText(limit, cut, cp.label), cut: { limit, points: cut } });
    }
  }

  const availableMs = f.ms + cp.pendingMs;
  const pendingUntil = cp.pendingMs > 0 && total > 0 ? formatInstant(availableMs) : null;
  const lots: EarnLot[] = total > 0 ? [{ points: total, availableAt: pendingUntil ?? occurredAt, expiresAt: expiresAt(cp, f.ms, tier) }] : [];
  if (f.order === undefined) return { points: total, lines, lineAttribution: [], pendingUntil, lots };
  // Eager on purpose: an object literal with accessors is ~10x slower to create than
  // the whole attribution (measured), so "lazy via getter" would cost more than it saves.
  return { points: total, lines, lineAttribution: attributeToLines(cp, rules, f.lines, f.subtotal), pendingUntil, lots };

}

/** Expiry of a lot earned at `ms` in `tier`, cached per 15-minute block for month-end policies. */
function expiresAt(cp: CompiledProgram, ms: number, tier: number): string | null {
  if (cp.expiryExemptByTier[tier] === true) return null;
  const policy = cp.document.expiry.lots;
  if (policy.kind !== 'end-of-month-after') {
    const at = lotExpiryMs(policy, false, ms, cp.clock);
    return at === null ? null : formatInstant(at);
  }
  const block = Math.floor(ms / 900_000);
  let iso = cp.expiryCache.get(block);
  if (iso === undefined) {
    if (cp.expiryCache.size > 100_000) cp.expiryCache.clear();
    const at = lotExpiryMs(policy, false, ms, cp.clock);
    iso = at === null ? null : formatInstant(at);
    cp.expiryCache.set(block, iso);
  }
  return iso;
}
