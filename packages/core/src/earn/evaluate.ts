import { applyRatio } from '../money.ts';
import type { Channel, EarnEvent, MemberContext, Order, OrderLine } from '../program/order.ts';
import { lotExpiryMs } from '../expiry/lotExpiry.ts';
import { formatInstant, parseInstant } from '../time/instant.ts';
import { attributeToLines } from './attribution.ts';
import { FIXED, PER_AMOUNT, PER_ITEM, type CompiledProgram, type CompiledRule, type RuleSet } from './compileProgram.ts';
import { cutText } from './explain.ts';
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

const LIMITS: readonly (LimitKind | undefined)[] = [undefined, 'order', 'day', 'week', 'month', 'budget'];
const BUDGET = 5;

function instantOf(s: string, what: string): number {
  const ms = parseInstant(s);
  if (Number.isNaN(ms)) throw new RangeError(`${what} is not an ISO 8601 instant with offset: "${s}"`);
  return ms;
}

/**
 * Points an order earns under a compiled program. Assumes an order that passed
 * `orderSchema`; throws on a currency other than the program's (that is a caller bug:
 * amounts in another currency would silently earn the wrong points).
 */
export function evaluateOrder(cp: CompiledProgram, input: EvaluateOrderInput): EarnResult {
  const order = input.order;
  if (order.currency !== cp.currency) {
    throw new RangeError(`order currency ${order.currency} differs from the program currency ${cp.currency}`);
  }
  const ms = instantOf(order.occurredAt, 'order.occurredAt');
  const facts = orderFacts(order, ms, input.channel, input.member, cp.clock);
  return run(cp, cp.purchase, facts, input.counters, input.budgetsLeft, order.occurredAt);
}

/** Points a non-purchase event (sign-up, referral, custom…) earns, through the same rules. */
export function evaluateEvent(cp: CompiledProgram, input: EvaluateEventInput): EarnResult {
  const event = input.event;
  const ms = instantOf(event.occurredAt, 'event.occurredAt');
  const facts = eventFacts(event, ms, input.channel, input.member, cp.clock);
  return run(cp, cp.events.get(event.type) ?? EMPTY, facts, input.counters, input.budgetsLeft, event.occurredAt);
}

const EMPTY: RuleSet = { rules: [], phaseTwo: 0 };

function rawPoints(rule: CompiledRule, f: Facts, tier: number, final: Float64Array): number {
  switch (rule.kind) {
    case PER_AMOUNT: {
      let amount = f.subtotal;
      const match = rule.lineMatch;
      if (match !== undefined) {
        amount = 0;
        const lines = f.lines;
        for (let i = 0; i < lines.length; i++) {
          const l = lines[i] as OrderLine;
          if (match(l)) amount += l.quantity * l.unitPrice;
        }
      }
      const rate = rule.rateByTier[tier] ?? rule.rateByTier[0];
      return rate === undefined ? 0 : applyRatio(amount, rate, rule.rounding);
    }
    case PER_ITEM: {
      let items = 0;
      const lines = f.lines;
      const match = rule.lineMatch;
      for (let i = 0; i < lines.length; i++) {
        const l = lines[i] as OrderLine;
        if (match === undefined || match(l)) items += l.quantity;
      }
      return items * rule.points;
    }
    case FIXED:
      return rule.points;
    default: {
      let base = 0;
      const targets = rule.targets;
      for (let i = 0; i < targets.length; i++) base += final[targets[i] as number] as number;
      return applyRatio(base, rule.factorMinusOne, rule.rounding);
    }
  }
}

/** Per-order and per-member limits; returns the allowed points and records the binding limit. */
function applyRuleLimits(rule: CompiledRule, raw: number, counters: RuleCounters | undefined, cutKind: Uint8Array): number {
  let allowed = raw;
  let kind = 0;
  if (rule.perOrder < allowed) {
    allowed = rule.perOrder;
    kind = 1;
  }
  if (rule.hasMemberLimits) {
    const c = counters?.[rule.id];
    const day = Math.max(0, rule.perDay - (c?.day ?? 0));
    if (day < allowed) { allowed = day; kind = 2; }
    const week = Math.max(0, rule.perWeek - (c?.week ?? 0));
    if (week < allowed) { allowed = week; kind = 3; }
    const month = Math.max(0, rule.perMonth - (c?.month ?? 0));
    if (month < allowed) { allowed = month; kind = 4; }
  }
  cutKind[rule.slot] = kind;
  return allowed;
}

/**
 * One stacking phase: match and price each rule in priority order, apply its own
 * limits, keep each exclusive group's best match (ties: higher priority), then draw
 * on campaign budgets in priority order so a shared budget is never overspent.
 */
function runPhase(cp: CompiledProgram, rules: readonly CompiledRule[], from: number, to: number, f: Facts, tier: number, counters: RuleCounters | undefined, budgetsLeft: BudgetsLeft | undefined): void {
  const { raw, final, cutKind, matched, budgetUsed, groupBest } = cp.scratch;
  let hasGroups = false;
  for (let i = from; i < to; i++) {
    const rule = rules[i] as CompiledRule;
    const s = rule.slot;
    if (!rule.test(f)) continue;
    const r = rawPoints(rule, f, tier, final);
    if (r <= 0) continue;
    matched[s] = 1;
    raw[s] = r;
    final[s] = applyRuleLimits(rule, r, counters, cutKind);
    if (rule.group >= 0) hasGroups = true;
  }
  if (hasGroups) {
    groupBest.fill(-1);
    for (let i = from; i < to; i++) {
      const rule = rules[i] as CompiledRule;
      if (rule.group < 0 || matched[rule.slot] === 0) continue;
      const best = groupBest[rule.group] as number;
      if (best === -1 || (final[rule.slot] as number) > (final[best] as number)) {
        if (best !== -1) matched[best] = 0;
        groupBest[rule.group] = rule.slot;
      } else {
        matched[rule.slot] = 0;
      }
    }
    for (let i = from; i < to; i++) {
      const s = (rules[i] as CompiledRule).slot;
      if (matched[s] === 0) final[s] = 0;
    }
  }
  for (let i = from; i < to; i++) {
    const rule = rules[i] as CompiledRule;
    const s = rule.slot;
    if (rule.budgetSlot < 0 || matched[s] === 0) continue;
    const left = Math.max(0, Math.min(rule.budgetTotal, budgetsLeft?.[rule.budgetKey] ?? rule.budgetTotal) - (budgetUsed[rule.budgetSlot] as number));
    if (left < (final[s] as number)) {
      final[s] = left;
      cutKind[s] = BUDGET;
    }
    budgetUsed[rule.budgetSlot] = (budgetUsed[rule.budgetSlot] as number) + (final[s] as number);
  }
}

function run(cp: CompiledProgram, set: RuleSet, f: Facts, counters: RuleCounters | undefined, budgetsLeft: BudgetsLeft | undefined, occurredAt: string): EarnResult {
  const { raw, final, cutKind, matched } = cp.scratch;
  const rules = set.rules;
  for (let i = 0; i < rules.length; i++) {
    const s = (rules[i] as CompiledRule).slot;
    raw[s] = 0;
    final[s] = 0;
    cutKind[s] = 0;
    matched[s] = 0;
  }
  if (cp.budgetCount > 0) cp.scratch.budgetUsed.fill(0);
  const tierId = f.member.tier;
  const tier = tierId === undefined ? 0 : (cp.tierIndex.get(tierId) ?? 0);

  runPhase(cp, rules, 0, set.phaseTwo, f, tier, counters, budgetsLeft);
  if (set.phaseTwo < rules.length) runPhase(cp, rules, set.phaseTwo, rules.length, f, tier, counters, budgetsLeft);

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

  const lineAttribution = f.order === undefined ? [] : attributeToLines(cp, rules, f.lines);
  const availableMs = f.ms + cp.pendingMs;
  const pendingUntil = cp.pendingMs > 0 && total > 0 ? formatInstant(availableMs) : null;
  const lots: EarnLot[] = total > 0 ? [{ points: total, availableAt: pendingUntil ?? occurredAt, expiresAt: expiresAt(cp, f.ms, tier) }] : [];
  return { points: total, lines, lineAttribution, pendingUntil, lots };
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
