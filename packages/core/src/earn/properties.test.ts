import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Condition } from '../program/condition.ts';
import type { ProgramDocumentInput } from '../program/document.ts';
import type { Channel, EarnEvent, MemberContext, Order } from '../program/order.ts';
import { refundPoints } from '../redeem/refundPoints.ts';
import { testProgram } from '../testing/fixtures.ts';
import { compileProgram } from './compileProgram.ts';
import { simulate } from '../simulate/simulate.ts';
import { decideOrder, evaluateEvent, evaluateEventPoints, evaluateOrder, evaluateOrderPoints } from './evaluate.ts';
import type { BudgetsLeft, RuleCounters } from './result.ts';

type RuleInput = ProgramDocumentInput['earning']['rules'][number];

const CATEGORIES = ['drink', 'bakery', 'lunch', 'beans'];
const CHANNELS: Channel[] = ['web', 'app', 'pos', 'partner'];
const TIERS = ['green', 'gold', 'reserve'];

const leaf: fc.Arbitrary<Condition> = fc.oneof(
  fc.subarray(CHANNELS, { minLength: 1 }).map((value) => ({ field: 'channel', op: 'in', value }) as const),
  fc.integer({ min: 0, max: 5000 }).map((value) => ({ field: 'subtotal', op: 'gte', value }) as const),
  fc.subarray(CATEGORIES, { minLength: 1 }).map((value) => ({ field: 'category', op: 'in', value }) as const),
  fc.subarray(TIERS, { minLength: 1 }).map((value) => ({ field: 'tier', op: 'not-in', value }) as const),
  fc.subarray(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const, { minLength: 1 }).map((value) => ({ field: 'weekday', op: 'in', value }) as const),
  fc.constant({ field: 'timeOfDay', op: 'between', value: { from: '20:00', to: '06:00' } } as const),
  fc.constant({ field: 'date', op: 'between', value: { from: '2025-11-01', to: '2026-02-28' } } as const),
  fc.subarray(['student', 'staff', 'vip'], { minLength: 1 }).chain((value) => fc.constantFrom(...(['has-any', 'has-all', 'has-none'] as const)).map((op) => ({ field: 'tags', op, value }) as const)),
);
const condition: fc.Arbitrary<Condition | undefined> = fc.option(
  fc.oneof(leaf, fc.array(leaf, { maxLength: 3 }).map((all) => ({ all })), fc.array(leaf, { minLength: 1, maxLength: 3 }).map((any) => ({ any })), leaf.map((not) => ({ not }))),
  { nil: undefined },
);

const limits = fc.record(
  {
    perOrder: fc.integer({ min: 0, max: 60 }),
    perMemberPerDay: fc.integer({ min: 0, max: 80 }),
    perMemberPerWeek: fc.integer({ min: 0, max: 150 }),
    perMemberPerMonth: fc.integer({ min: 0, max: 300 }),
    // a shared budget has one total, whichever rule names it
    budget: fc.constantFrom({ id: 'camp-a', points: 100 }, { id: 'camp-b', points: 15 }),
  },
  { requiredKeys: [] },
);

const rate = fc.oneof(fc.integer({ min: 1, max: 5 }), fc.constantFrom('0.5', '1.2', '1.75', '0.333'));
const rounding = fc.constantFrom('floor', 'ceil', 'round-half-up' as const);

const baseAward = fc.oneof(
  fc.record({ kind: fc.constant('per-amount' as const), rate: fc.record({ points: rate, per: fc.constantFrom(100, 250) }), rounding, tierMultiplier: fc.boolean() }),
  fc.record({ kind: fc.constant('per-item' as const), points: fc.integer({ min: 0, max: 20 }), lines: fc.subarray(CATEGORIES, { minLength: 1 }).map((categories) => ({ categories })) }),
  fc.record({ kind: fc.constant('fixed' as const), points: fc.integer({ min: 0, max: 50 }) }),
);

/** 1–8 random rules; multipliers multiply earlier non-multiplier rules and stay out of mixed groups. */
const program = fc
  .array(fc.record({ award: baseAward, when: condition, limits: fc.option(limits, { nil: undefined }), exclusive: fc.constantFrom(undefined, 'g1', 'g2'), priority: fc.integer({ min: 0, max: 5 }) }), { minLength: 1, maxLength: 6 })
  .chain((bases) =>
    fc
      .array(fc.record({ factor: fc.constantFrom(2, 3, '1.5'), rounding, target: fc.nat(bases.length - 1), when: condition, exclusive: fc.constantFrom(undefined, 'm') }), { maxLength: 2 })
      .map((mults) => {
        const rules: RuleInput[] = bases.map((b, i) => ({ id: `r${i}`, name: `Rule ${i}`, priority: b.priority, award: b.award, ...(b.when ? { when: b.when } : {}), ...(b.limits ? { limits: b.limits } : {}), ...(b.exclusive ? { exclusive: b.exclusive } : {}) }));
        mults.forEach((m, i) =>
          rules.push({ id: `m${i}`, name: `Multiplier ${i}`, priority: 0, award: { kind: 'multiplier', factor: m.factor, of: [`r${m.target}`], rounding: m.rounding }, ...(m.when ? { when: m.when } : {}), ...(m.exclusive ? { exclusive: m.exclusive } : {}) }),
        );
        return testProgram(rules, { pending: { days: 3 } });
      }),
  );

const orderArb: fc.Arbitrary<Order> = fc
  .record({
    lines: fc.array(fc.record({ category: fc.constantFrom(...CATEGORIES), quantity: fc.integer({ min: 1, max: 4 }), unitPrice: fc.integer({ min: 0, max: 3000 }) }), { maxLength: 5 }),
    ms: fc.integer({ min: Date.parse('2025-01-01T00:00:00Z'), max: Date.parse('2027-01-01T00:00:00Z') }),
  })
  .map(({ lines, ms }) => ({
    occurredAt: new Date(ms).toISOString(),
    lines: lines.map((l, i) => ({ lineId: `line-${i}`, sku: `${l.category}-${i}`, ...l })),
    payments: [],
    currency: 'USD',
  }));

const context = fc.record({
  channel: fc.constantFrom(...CHANNELS),
  member: fc.record({ tier: fc.constantFrom(...TIERS), tags: fc.subarray(['student', 'staff', 'vip']) }, { requiredKeys: [] }) as fc.Arbitrary<MemberContext>,
  counters: fc.dictionary(fc.constantFrom('r0', 'r1', 'r2', 'm0'), fc.record({ day: fc.nat(100), week: fc.nat(200), month: fc.nat(400) })) as fc.Arbitrary<RuleCounters>,
  budgetsLeft: fc.dictionary(fc.constantFrom('camp-a', 'camp-b'), fc.nat(150)) as fc.Arbitrary<BudgetsLeft>,
});

const RUNS = { numRuns: 300 };

describe('earn evaluation properties', () => {
  it('is deterministic, also when other evaluations run in between', () => {
    fc.assert(
      fc.property(program, orderArb, orderArb, context, (doc, o, other, ctx) => {
        const cp = compileProgram(doc);
        const first = evaluateOrder(cp, { order: o, ...ctx });
        evaluateOrder(cp, { order: other, ...ctx, channel: 'web' });
        expect(evaluateOrder(cp, { order: o, ...ctx })).toEqual(first);
        expect(evaluateOrder(compileProgram(doc), { order: o, ...ctx })).toEqual(first);
      }),
      RUNS,
    );
  });

  it('generated code and the closure reference path agree on everything', () => {
    fc.assert(
      fc.property(program, orderArb, context, (doc, o, ctx) => {
        const generated = evaluateOrder(compileProgram(doc), { order: o, ...ctx });
        expect(evaluateOrder(compileProgram(doc, { codegen: false }), { order: o, ...ctx })).toEqual(generated);
      }),
      RUNS,
    );
  });

  it('the points-only path awards exactly the full result\'s points, through generated code and closures', () => {
    fc.assert(
      fc.property(program, orderArb, orderArb, context, (doc, o, other, ctx) => {
        for (const codegen of [true, false]) {
          const cp = compileProgram(doc, { codegen });
          const full = evaluateOrder(cp, { order: o, ...ctx }).points;
          expect(evaluateOrderPoints(cp, { order: o, ...ctx })).toBe(full);
          // Nothing left over from another evaluation (other basket, channel, no counters) leaks in.
          evaluateOrderPoints(cp, { order: other, member: {}, channel: 'partner' });
          expect(evaluateOrderPoints(cp, { order: o, ...ctx })).toBe(full);
          expect(evaluateOrder(cp, { order: o, ...ctx }).points).toBe(full);
        }
      }),
      RUNS,
    );
  });

  it('the points-only path for events awards exactly the full result\'s points', () => {
    fc.assert(
      fc.property(program, orderArb, context, (purchaseOnly, o, ctx) => {
        // The same rules, also listening to sign-ups: an event has no lines and no subtotal.
        const doc = { ...purchaseOnly, earning: { ...purchaseOnly.earning, rules: purchaseOnly.earning.rules.map((r) => ({ ...r, on: ['purchase', 'signup'] })) } };
        const event: EarnEvent = { type: 'signup', occurredAt: o.occurredAt, properties: {} };
        for (const codegen of [true, false]) {
          const cp = compileProgram(doc, { codegen });
          const full = evaluateEvent(cp, { event, ...ctx }).points;
          evaluateOrderPoints(cp, { order: o, ...ctx });
          expect(evaluateEventPoints(cp, { event, ...ctx })).toBe(full);
        }
      }),
      RUNS,
    );
  });

  it('decideOrder fires exactly the rules of evaluateOrder\'s lines, with their points (what simulate reads)', () => {
    fc.assert(
      fc.property(program, orderArb, context, (doc, o, ctx) => {
        for (const codegen of [true, false]) {
          const cp = compileProgram(doc, { codegen });
          const lines = evaluateOrder(cp, { order: o, ...ctx }).lines.map((l) => ({ ruleId: l.ruleId, points: l.points }));
          const fired = decideOrder(cp, { order: o, ...ctx }).rules.filter((r) => cp.scratch.matched[r.slot] === 1);
          expect(fired.map((r) => ({ ruleId: r.id, points: cp.scratch.final[r.slot] }))).toEqual(lines);
        }
      }),
      RUNS,
    );
  });

  it('simulating one order awards what evaluateOrder awards, rule by rule', () => {
    fc.assert(
      fc.property(program, orderArb, context, (doc, o, ctx) => {
        const earned = evaluateOrder(compileProgram(doc), { order: o, channel: ctx.channel, member: ctx.member });
        const simulated = simulate(doc, [{ order: o, channel: ctx.channel, member: ctx.member }]);
        expect(simulated.totalPoints).toBe(earned.points);
        for (const r of simulated.byRule) {
          const line = earned.lines.find((l) => l.ruleId === r.ruleId);
          expect(r.points).toBe(line?.points ?? 0);
          expect(r.orders).toBe((line?.points ?? 0) > 0 ? 1 : 0);
        }
      }),
      RUNS,
    );
  });

  it('never awards negative points and the parts add up', () => {
    fc.assert(
      fc.property(program, orderArb, context, (doc, o, ctx) => {
        const r = evaluateOrder(compileProgram(doc), { order: o, ...ctx });
        expect(r.points).toBeGreaterThanOrEqual(0);
        for (const line of r.lines) expect(line.points).toBeGreaterThanOrEqual(0);
        for (const a of r.lineAttribution) expect(a.points).toBeGreaterThanOrEqual(0);
        expect(r.lines.reduce((s, l) => s + l.points, 0)).toBe(r.points);
        expect(r.lots.reduce((s, l) => s + l.points, 0)).toBe(r.points);
        expect(r.lineAttribution.reduce((s, a) => s + a.points, 0)).toBeLessThanOrEqual(r.points);
        for (const p of [r.points, ...r.lines.map((l) => l.points)]) expect(Number.isInteger(p)).toBe(true);
      }),
      RUNS,
    );
  });

  it('never exceeds a per-order, per-member or budget limit', () => {
    fc.assert(
      fc.property(program, orderArb, context, (doc, o, ctx) => {
        const r = evaluateOrder(compileProgram(doc), { order: o, ...ctx });
        const spent = new Map<string, number>();
        for (const line of r.lines) {
          const limits = doc.earning.rules.find((x) => x.id === line.ruleId)?.limits;
          if (!limits) continue;
          const c = ctx.counters[line.ruleId] ?? {};
          if (limits.perOrder !== undefined) expect(line.points).toBeLessThanOrEqual(limits.perOrder);
          if (limits.perMemberPerDay !== undefined) expect(line.points).toBeLessThanOrEqual(Math.max(0, limits.perMemberPerDay - (c.day ?? 0)));
          if (limits.perMemberPerWeek !== undefined) expect(line.points).toBeLessThanOrEqual(Math.max(0, limits.perMemberPerWeek - (c.week ?? 0)));
          if (limits.perMemberPerMonth !== undefined) expect(line.points).toBeLessThanOrEqual(Math.max(0, limits.perMemberPerMonth - (c.month ?? 0)));
          if (limits.budget) {
            const key = limits.budget.id ?? line.ruleId;
            spent.set(key, (spent.get(key) ?? 0) + line.points);
            expect(spent.get(key)).toBeLessThanOrEqual(Math.min(limits.budget.points, ctx.budgetsLeft[key] ?? limits.budget.points));
          }
          if (line.cut) expect(line.cut.points).toBeGreaterThan(0);
        }
      }),
      RUNS,
    );
  });

  it('refunding every line, in any number of partial refunds, reverses exactly what was earned', () => {
    fc.assert(
      fc.property(program, orderArb, context, fc.array(fc.tuple(fc.nat(4), fc.integer({ min: 1, max: 4 })), { maxLength: 8 }), (doc, o, ctx, partials) => {
        const earned = evaluateOrder(compileProgram(doc), { order: o, ...ctx });
        const history: { lineId: string; points: number; quantity: number }[] = [];
        const refunded = new Map<string, number>();
        let reversed = 0;
        const refund = (refundLines: { lineId: string; quantity: number }[]) => {
          const r = refundPoints({ earnedTotal: earned.points, lineAttribution: earned.lineAttribution, alreadyReversedByLine: history, refundLines, orderLines: o.lines });
          expect(r.points).toBeGreaterThanOrEqual(0);
          for (const b of r.byLine) {
            const quantity = refundLines.filter((l) => l.lineId === b.lineId).reduce((s, l) => s + l.quantity, 0);
            const line = o.lines.find((l) => l.lineId === b.lineId);
            const already = refunded.get(b.lineId) ?? 0;
            const q = Math.min(quantity, (line?.quantity ?? 0) - already);
            refunded.set(b.lineId, already + q);
            history.push({ lineId: b.lineId, points: b.points, quantity: q });
          }
          reversed += r.points;
          expect(reversed).toBeLessThanOrEqual(earned.points);
        };
        for (const [index, quantity] of partials) {
          const line = o.lines[index % Math.max(1, o.lines.length)];
          if (line) refund([{ lineId: line.lineId, quantity }]);
        }
        refund(o.lines.map((l) => ({ lineId: l.lineId, quantity: l.quantity - (refunded.get(l.lineId) ?? 0) })));
        if (o.lines.length > 0) expect(reversed).toBe(earned.points);
      }),
      RUNS,
    );
  });
});
