import { parseDecimal } from '../money.ts';
import { toInstant } from '../time/instant.ts';
import { isTimeZone } from '../time/zonedClock.ts';
import type { Condition } from './condition.ts';
import type { ProgramDocument } from './document.ts';
import { formatPath, type Problem } from './problems.ts';

type Path = (string | number)[];

const knownCurrencies = new Set(Intl.supportedValuesOf('currency'));

/** Rules zod cannot express: references between parts of the document, ordering, uniqueness. */
export function semanticProblems(doc: ProgramDocument): Problem[] {
  const problems: Problem[] = [];
  const report = (path: Path, message: string) => problems.push({ path: formatPath(path), message });

  if (!isTimeZone(doc.program.timeZone)) report(['program', 'timeZone'], `unknown IANA time zone "${doc.program.timeZone}"`);
  if (!knownCurrencies.has(doc.program.currency)) report(['program', 'currency'], `unknown ISO 4217 currency "${doc.program.currency}"`);

  const tierIds = new Set<string>();
  doc.tiers.levels.forEach((tier, i) => {
    if (tierIds.has(tier.id)) report(['tiers', 'levels', i, 'id'], `duplicate tier id "${tier.id}"`);
    tierIds.add(tier.id);
    if (i === 0 && tier.threshold !== 0) report(['tiers', 'levels', 0, 'threshold'], 'the first tier is where every member starts: its threshold must be 0');
    const previous = doc.tiers.levels[i - 1];
    if (previous && tier.threshold <= previous.threshold) {
      report(['tiers', 'levels', i, 'threshold'], `must be greater than the threshold of "${previous.id}" (${previous.threshold})`);
    }
  });

  const rules = doc.earning.rules;
  const ruleIndex = new Map<string, number>();
  rules.forEach((rule, i) => {
    if (ruleIndex.has(rule.id)) report(['earning', 'rules', i, 'id'], `duplicate rule id "${rule.id}"`);
    else ruleIndex.set(rule.id, i);
  });

  const groupKinds = new Map<string, boolean>();
  const budgetTotals = new Map<string, number>();
  rules.forEach((rule, i) => {
    const at: Path = ['earning', 'rules', i];
    const isMultiplier = rule.award.kind === 'multiplier';
    if ((rule.award.kind === 'per-amount' || rule.award.kind === 'per-item') && !rule.on.includes('purchase')) {
      report([...at, 'award', 'kind'], `a ${rule.award.kind} award needs an order: add "purchase" to "on"`);
    }
    if (rule.award.kind === 'per-amount') {
      if (parseDecimal(rule.award.rate.points).num === 0) report([...at, 'award', 'rate', 'points'], 'must be greater than 0');
    }
    if (rule.award.kind === 'multiplier') {
      const factor = parseDecimal(rule.award.factor);
      if (factor.num < factor.den) report([...at, 'award', 'factor'], 'must be at least 1 (a multiplier adds points, it never removes them)');
      rule.award.of.forEach((target, j) => {
        const t = ruleIndex.get(target);
        const path: Path = [...at, 'award', 'of', j];
        if (t === undefined) report(path, `unknown rule "${target}"`);
        else if (t === i) report(path, 'a multiplier cannot multiply itself');
        else if (rules[t]?.award.kind === 'multiplier') report(path, `"${target}" is itself a multiplier; multiply the rules it multiplies instead`);
      });
    }
    if (rule.exclusive !== undefined) {
      const seen = groupKinds.get(rule.exclusive);
      if (seen !== undefined && seen !== isMultiplier) {
        report([...at, 'exclusive'], `group "${rule.exclusive}" mixes multipliers and other awards; a multiplier is decided after the awards it multiplies`);
      }
      groupKinds.set(rule.exclusive, isMultiplier);
    }
    const budget = rule.limits?.budget;
    if (budget?.id !== undefined) {
      const total = budgetTotals.get(budget.id);
      if (total !== undefined && total !== budget.points) report([...at, 'limits', 'budget', 'points'], `budget "${budget.id}" is shared: every rule naming it must give the same total (${total})`);
      budgetTotals.set(budget.id, budget.points);
    }
    if (rule.when) checkCondition(rule.when, [...at, 'when'], tierIds, doc.program.timeZone, report);
  });

  const rewardIds = new Set<string>();
  doc.rewards.forEach((reward, i) => {
    if (rewardIds.has(reward.id)) report(['rewards', i, 'id'], `duplicate reward id "${reward.id}"`);
    rewardIds.add(reward.id);
    reward.tiers?.forEach((t, j) => {
      if (!tierIds.has(t)) report(['rewards', i, 'tiers', j], `unknown tier "${t}"`);
    });
    if (reward.availableFrom && reward.availableUntil && toInstant(reward.availableFrom) >= toInstant(reward.availableUntil)) {
      report(['rewards', i, 'availableUntil'], 'must be after availableFrom');
    }
  });
  return problems;
}

function checkCondition(c: Condition, at: Path, tierIds: Set<string>, timeZone: string, report: (p: Path, m: string) => void): void {
  if ('all' in c) return c.all.forEach((x, i) => checkCondition(x, [...at, 'all', i], tierIds, timeZone, report));
  if ('any' in c) return c.any.forEach((x, i) => checkCondition(x, [...at, 'any', i], tierIds, timeZone, report));
  if ('not' in c) return checkCondition(c.not, [...at, 'not'], tierIds, timeZone, report);
  if (c.field === 'tier') {
    c.value.forEach((t, i) => {
      if (!tierIds.has(t)) report([...at, 'value', i], `unknown tier "${t}"`);
    });
  }
  if (c.field === 'date') {
    const from = c.value.from.length === 10 ? Date.parse(c.value.from) : toInstant(c.value.from);
    const to = c.value.to.length === 10 ? Date.parse(c.value.to) + 86_400_000 : toInstant(c.value.to);
    if (from >= to) report([...at, 'value', 'to'], 'must be after "from"');
  }
}
