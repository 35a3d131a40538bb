import type { CompiledRule } from './compileProgram.ts';
import type { BudgetsLeft, LimitKind, RuleCounters } from './result.ts';

/** Limit kinds by the code stored in the `cutKind` scratch array (0 = not cut). */
export const LIMITS: readonly (LimitKind | undefined)[] = [undefined, 'order', 'day', 'week', 'month', 'budget'];
export const BUDGET = 5;

/** Per-order and per-member limits; returns the allowed points and records the binding limit. */
export function applyRuleLimits(rule: CompiledRule, raw: number, counters: RuleCounters | undefined, cutKind: Uint8Array): number {
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
 * Draws a matched rule's points from its campaign budget (rules draw in priority order,
 * so a shared budget is never overspent); records a cut when the budget runs short.
 */
export function drawBudget(rule: CompiledRule, final: Float64Array, cutKind: Uint8Array, budgetsLeft: BudgetsLeft | undefined, budgetUsed: Float64Array): void {
  const s = rule.slot;
  const left = Math.max(0, Math.min(rule.budgetTotal, budgetsLeft?.[rule.budgetKey] ?? rule.budgetTotal) - (budgetUsed[rule.budgetSlot] as number));
  if (left < (final[s] as number)) {
    final[s] = left;
    cutKind[s] = BUDGET;
  }
  budgetUsed[rule.budgetSlot] = (budgetUsed[rule.budgetSlot] as number) + (final[s] as number);
}
