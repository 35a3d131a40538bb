import { starbucksDemoInput } from '../demo/starbucks.ts';
import type { ProgramDocument, ProgramDocumentInput } from '../program/document.ts';
import type { EarnRule } from '../program/earnRule.ts';
import type { Order } from '../program/order.ts';
import { parseProgram } from '../program/validate.ts';

type RuleInput = ProgramDocumentInput['earning']['rules'][number];

/** A small valid program (USD, New York, Green/Gold/Reserve) with the given rules; for tests. */
export function programInput(rules: RuleInput[], overrides: Partial<ProgramDocumentInput> = {}): ProgramDocumentInput {
  return {
    schemaVersion: 1,
    program: { name: 'Test', pointName: { one: 'Star', other: 'Stars' }, currency: 'USD', timeZone: 'America/New_York', pointValue: '4' },
    earning: { rules },
    // Green / Gold (1.2×, no expiry) / Reserve (1.7×, no expiry), as in the demo program.
    tiers: structuredClone(starbucksDemoInput.tiers),
    rewards: [],
    expiry: { lots: { kind: 'end-of-month-after', months: 6 } },
    pending: { days: 0 },
    refunds: { whenSpent: 'floor-at-zero' },
    ...overrides,
  };
}

export function testProgram(rules: RuleInput[], overrides: Partial<ProgramDocumentInput> = {}): ProgramDocument {
  return parseProgram(programInput(rules, overrides));
}

/** 1 Star per 1.00, rounded down, boosted by the tier multiplier. */
export const baseRule = {
  id: 'base',
  name: 'Stars on purchases',
  priority: 100,
  award: { kind: 'per-amount', rate: { points: 1, per: 100 }, rounding: 'floor' },
} satisfies RuleInput;

export type { EarnRule };

let lineCounter = 0;

/** An order at `occurredAt` with lines given as [sku, category, quantity, unitPrice]. */
export function order(occurredAt: string, lines: [string, string, number, number][], extra: Partial<Order> = {}): Order {
  return {
    occurredAt,
    lines: lines.map(([sku, category, quantity, unitPrice]) => ({ lineId: `l${++lineCounter}`, sku, category, quantity, unitPrice })),
    payments: [{ method: 'card', amount: lines.reduce((s, [, , q, p]) => s + q * p, 0) }],
    currency: 'USD',
    ...extra,
  };
}
