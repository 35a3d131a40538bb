import type { BudgetsLeft, ProgramDocument, RuleCounters } from '@omniloyal/core';
import type { Db } from '@omniloyal/ledger';
import { sql } from 'kysely';

/**
 * What limits need to know: the member's points per rule in the order's day, week (Monday first)
 * and month in the program's time zone, and what is left of each campaign budget. Read only for
 * rules that have such limits, so a program without them pays nothing.
 *
 * A budget is read by summing the earns of its rules across the program: fine for launch-sized
 * campaigns; a campaign with millions of earns wants a counter row per budget (future work).
 * Budgets are read, not reserved: two orders at the same instant can both see the last points of a
 * budget. Campaign budgets are soft caps in the product's wording; the overshoot is at most one
 * order's award per concurrent request.
 */
export async function limitInputs(
  db: Db,
  input: { programId: string; memberId: string; document: ProgramDocument; at: string; eventType: string },
): Promise<{ counters?: RuleCounters; budgetsLeft?: BudgetsLeft }> {
  // Only rules listening to this event can be limited by it: a purchase never reads the sign-up budget.
  const rules = input.document.earning.rules.filter((rule) => rule.enabled && rule.on.includes(input.eventType));
  const periodic = rules.filter((r) => r.limits?.perMemberPerDay || r.limits?.perMemberPerWeek || r.limits?.perMemberPerMonth);
  const budgeted = rules.filter((r) => r.limits?.budget);
  const zone = input.document.program.timeZone;
  const result: { counters?: RuleCounters; budgetsLeft?: BudgetsLeft } = {};

  if (periodic.length > 0) {
    const ids = periodic.map((r) => r.id);
    const { rows } = await sql<{ rule_id: string; day: number; week: number; month: number }>`
      with credits as (
        select r->>'ruleId' as rule_id, (r->>'points')::bigint as points, t.occurred_at at time zone ${zone} as local_at
        from ledger_transactions t, jsonb_array_elements(t.rules) r
        where t.member_id = ${input.memberId} and t.kind = 'earn'
          and t.occurred_at >= (date_trunc('month', ${input.at}::timestamptz at time zone ${zone}) - interval '7 days') at time zone ${zone}
          and r->>'ruleId' = any(${ids})
      ), here as (select ${input.at}::timestamptz at time zone ${zone} as local_at)
      select rule_id,
        coalesce(sum(points) filter (where date_trunc('day', c.local_at) = date_trunc('day', here.local_at)), 0)::bigint as day,
        coalesce(sum(points) filter (where date_trunc('week', c.local_at) = date_trunc('week', here.local_at)), 0)::bigint as week,
        coalesce(sum(points) filter (where date_trunc('month', c.local_at) = date_trunc('month', here.local_at)), 0)::bigint as month
      from credits c, here group by rule_id`.execute(db);
    result.counters = Object.fromEntries(rows.map((row) => [row.rule_id, { day: row.day, week: row.week, month: row.month }]));
  }

  if (budgeted.length > 0) {
    const budgets = new Map<string, { points: number; rules: string[] }>();
    for (const rule of budgeted) {
      const budget = rule.limits!.budget!;
      const id = budget.id ?? rule.id;
      const entry = budgets.get(id) ?? { points: budget.points, rules: [] };
      entry.rules.push(rule.id);
      budgets.set(id, entry);
    }
    const allRules = [...budgets.values()].flatMap((b) => b.rules);
    const { rows } = await sql<{ rule_id: string; points: number }>`
      select r->>'ruleId' as rule_id, sum((r->>'points')::bigint)::bigint as points
      from ledger_transactions t, jsonb_array_elements(t.rules) r
      where t.program_id = ${input.programId} and t.kind = 'earn' and t.rules is not null and r->>'ruleId' = any(${allRules})
      group by 1`.execute(db);
    const spent = new Map(rows.map((row) => [row.rule_id, row.points]));
    result.budgetsLeft = Object.fromEntries(
      [...budgets].map(([id, b]) => [id, Math.max(0, b.points - b.rules.reduce((sum, r) => sum + (spent.get(r) ?? 0), 0))]),
    );
  }
  return result;
}
