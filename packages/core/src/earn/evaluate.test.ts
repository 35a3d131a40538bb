import { describe, expect, it, vi } from 'vitest';
import type { Condition } from '../program/condition.ts';
import type { Channel, MemberContext, Order } from '../program/order.ts';
import { baseRule, order, testProgram } from '../testing/fixtures.ts';
import { compileProgram, ruleSetFor } from './compileProgram.ts';
import { evaluateEvent, evaluateOrder } from './evaluate.ts';

// Wednesday 18 March 2026, 10:15 in New York (EDT, -04:00).
const WED = '2026-03-18T10:15:00-04:00';
const basket = (at = WED, extra: Partial<Order> = {}) =>
  order(at, [['latte', 'handcrafted-drink', 2, 500], ['muffin', 'bakery', 1, 350]], extra);

/** Whether a fixed 10-point rule with `when` fires for this order/channel/member. */
function fires(when: Condition, o: Order = basket(), channel: Channel = 'pos', member: MemberContext = {}): boolean {
  const cp = compileProgram(testProgram([{ id: 'r', name: 'R', priority: 1, when, award: { kind: 'fixed', points: 10 } }]));
  return evaluateOrder(cp, { order: o, channel, member }).points === 10;
}

describe('conditions', () => {
  it('channel, store and payment method', () => {
    expect(fires({ field: 'channel', op: 'in', value: ['pos', 'app'] })).toBe(true);
    expect(fires({ field: 'channel', op: 'in', value: ['web'] })).toBe(false);
    expect(fires({ field: 'channel', op: 'not-in', value: ['web'] }, basket(), 'partner')).toBe(true);
    expect(fires({ field: 'store', op: 'in', value: ['S1'] }, basket(WED, { storeId: 'S1' }))).toBe(true);
    expect(fires({ field: 'store', op: 'in', value: ['S1'] }, basket())).toBe(false);
    expect(fires({ field: 'store', op: 'not-in', value: ['S1'] }, basket(WED, { storeId: 'S2' }))).toBe(true);
    const split = basket(WED, { payments: [{ method: 'card', amount: 1000 }, { method: 'stored-value', amount: 350 }] });
    expect(fires({ field: 'paymentMethod', op: 'in', value: ['stored-value'] }, split)).toBe(true);
    expect(fires({ field: 'paymentMethod', op: 'not-in', value: ['stored-value'] }, split)).toBe(false);
    expect(fires({ field: 'paymentMethod', op: 'in', value: ['cash'] }, split)).toBe(false);
  });

  it('subtotal comparisons in minor units', () => {
    expect(fires({ field: 'subtotal', op: 'gte', value: 1350 })).toBe(true);
    expect(fires({ field: 'subtotal', op: 'gt', value: 1350 })).toBe(false);
    expect(fires({ field: 'subtotal', op: 'lt', value: 1351 })).toBe(true);
    expect(fires({ field: 'subtotal', op: 'lte', value: 1349 })).toBe(false);
    expect(fires({ field: 'subtotal', op: 'eq', value: 1350 })).toBe(true);
  });

  it('line SKU and category: some line matches / no line matches', () => {
    expect(fires({ field: 'sku', op: 'in', value: ['muffin', 'scone'] })).toBe(true);
    expect(fires({ field: 'sku', op: 'not-in', value: ['muffin'] })).toBe(false);
    expect(fires({ field: 'category', op: 'in', value: ['lunch'] })).toBe(false);
    expect(fires({ field: 'category', op: 'not-in', value: ['lunch'] })).toBe(true);
  });

  it('member tier (no tier = the first tier) and tags', () => {
    expect(fires({ field: 'tier', op: 'in', value: ['gold'] }, basket(), 'pos', { tier: 'gold' })).toBe(true);
    expect(fires({ field: 'tier', op: 'in', value: ['gold'] }, basket(), 'pos', { tier: 'green' })).toBe(false);
    expect(fires({ field: 'tier', op: 'in', value: ['green'] }, basket(), 'pos', {})).toBe(true);
    expect(fires({ field: 'tier', op: 'not-in', value: ['green'] }, basket(), 'pos', { tier: 'reserve' })).toBe(true);
    const member = { tags: ['student', 'staff'] };
    expect(fires({ field: 'tags', op: 'has-any', value: ['vip', 'staff'] }, basket(), 'pos', member)).toBe(true);
    expect(fires({ field: 'tags', op: 'has-all', value: ['student', 'vip'] }, basket(), 'pos', member)).toBe(false);
    expect(fires({ field: 'tags', op: 'has-all', value: ['student', 'staff'] }, basket(), 'pos', member)).toBe(true);
    expect(fires({ field: 'tags', op: 'has-none', value: ['vip'] }, basket(), 'pos', member)).toBe(true);
    expect(fires({ field: 'tags', op: 'has-any', value: ['vip'] }, basket(), 'pos', {})).toBe(false);
  });

  it('birthday on the day, in a window, in the month — in the program time zone', () => {
    const born = { birthday: '1990-03-18' };
    expect(fires({ field: 'birthday', op: 'on-day' }, basket(), 'pos', born)).toBe(true);
    // 23:30 on 17 March in New York is already 18 March in UTC: not the birthday yet.
    expect(fires({ field: 'birthday', op: 'on-day' }, basket('2026-03-18T03:30:00Z'), 'pos', born)).toBe(false);
    expect(fires({ field: 'birthday', op: 'within-days', value: { before: 3, after: 0 } }, basket('2026-03-15T12:00:00-04:00'), 'pos', born)).toBe(true);
    expect(fires({ field: 'birthday', op: 'within-days', value: { before: 3, after: 0 } }, basket('2026-03-19T12:00:00-04:00'), 'pos', born)).toBe(false);
    expect(fires({ field: 'birthday', op: 'within-days', value: { before: 0, after: 7 } }, basket('2026-01-03T12:00:00-05:00'), 'pos', { birthday: '1990-12-30' })).toBe(true);
    expect(fires({ field: 'birthday', op: 'in-month' }, basket(), 'pos', { birthday: '1990-03-02' })).toBe(true);
    expect(fires({ field: 'birthday', op: 'on-day' }, basket(), 'pos', {})).toBe(false);
    // 29 February is celebrated on 28 February in other years.
    expect(fires({ field: 'birthday', op: 'on-day' }, basket('2026-02-28T12:00:00-05:00'), 'pos', { birthday: '2000-02-29' })).toBe(true);
  });

  it('weekday and time of day in the program zone, including windows past midnight', () => {
    expect(fires({ field: 'weekday', op: 'in', value: ['wed'] })).toBe(true);
    expect(fires({ field: 'weekday', op: 'in', value: ['wed'] }, basket('2026-03-19T02:00:00Z'))).toBe(true); // Wed 22:00 NY
    expect(fires({ field: 'weekday', op: 'in', value: ['sat', 'sun'] })).toBe(false);
    expect(fires({ field: 'timeOfDay', op: 'between', value: { from: '10:00', to: '10:15' } })).toBe(false);
    expect(fires({ field: 'timeOfDay', op: 'between', value: { from: '10:15', to: '11:00' } })).toBe(true);
    expect(fires({ field: 'timeOfDay', op: 'between', value: { from: '22:00', to: '02:00' } }, basket('2026-03-19T05:30:00Z'))).toBe(true); // 01:30 NY
    expect(fires({ field: 'timeOfDay', op: 'between', value: { from: '22:00', to: '02:00' } })).toBe(false);
  });

  it('date ranges by local day (both inclusive) or by instant (to exclusive)', () => {
    const day = { field: 'date', op: 'between', value: { from: '2026-03-18', to: '2026-03-18' } } as const;
    expect(fires(day, basket('2026-03-18T00:00:00-04:00'))).toBe(true);
    expect(fires(day, basket('2026-03-18T23:59:59-04:00'))).toBe(true);
    expect(fires(day, basket('2026-03-19T00:00:00-04:00'))).toBe(false);
    expect(fires(day, basket('2026-03-17T23:59:59-04:00'))).toBe(false);
    const window = { field: 'date', op: 'between', value: { from: '2026-03-18T10:00:00-04:00', to: '2026-03-18T10:15:00-04:00' } } as const;
    expect(fires(window, basket('2026-03-18T10:00:00-04:00'))).toBe(true);
    expect(fires(window)).toBe(false);
  });

  it('all / any / not compose and nest', () => {
    const c: Condition = {
      all: [{ any: [{ field: 'channel', op: 'in', value: ['web'] }, { field: 'sku', op: 'in', value: ['latte'] }] }, { not: { field: 'tier', op: 'in', value: ['gold'] } }],
    };
    expect(fires(c)).toBe(true);
    expect(fires(c, basket(), 'pos', { tier: 'gold' })).toBe(false);
    expect(fires({ any: [] })).toBe(false);
    expect(fires({ all: [] })).toBe(true);
  });
});

describe('awards', () => {
  it('points per amount at an exact decimal rate, with the named rounding', () => {
    const run = (rounding: 'floor' | 'ceil' | 'round-half-up', amount: number) => {
      const cp = compileProgram(testProgram([{ id: 'r', name: 'R', priority: 1, award: { kind: 'per-amount', rate: { points: '1.2', per: 100 }, rounding, tierMultiplier: false } }]));
      return evaluateOrder(cp, { order: order(WED, [['x', 'c', 1, amount]]), channel: 'pos', member: {} }).points;
    };
    expect(run('floor', 1099)).toBe(13); // 13.188
    expect(run('ceil', 1099)).toBe(14);
    expect(run('round-half-up', 1099)).toBe(13);
    expect(run('round-half-up', 125)).toBe(2); // 1.5
    expect(run('floor', 1000)).toBe(12);
  });

  it('tier earn multiplier applies to the exact rate before rounding', () => {
    const cp = compileProgram(testProgram([baseRule]));
    const o = order(WED, [['x', 'c', 1, 1050]]);
    expect(evaluateOrder(cp, { order: o, channel: 'pos', member: { tier: 'green' } }).points).toBe(10);
    expect(evaluateOrder(cp, { order: o, channel: 'pos', member: { tier: 'gold' } }).points).toBe(12); // 12.6
    expect(evaluateOrder(cp, { order: o, channel: 'pos', member: { tier: 'reserve' } }).points).toBe(17); // 17.85
  });

  it('per matching item, per amount on matching lines, fixed bonus', () => {
    const cp = compileProgram(
      testProgram([
        { id: 'pastry', name: 'Pastry bonus', priority: 3, award: { kind: 'per-item', points: 5, lines: { categories: ['bakery'] } } },
        { id: 'drinks', name: 'Drinks', priority: 2, award: { kind: 'per-amount', rate: { points: 2, per: 100 }, rounding: 'floor', lines: { skus: ['latte'] } } },
        { id: 'visit', name: 'Visit bonus', priority: 1, award: { kind: 'fixed', points: 7 } },
      ]),
    );
    const o = order(WED, [['latte', 'handcrafted-drink', 2, 500], ['muffin', 'bakery', 3, 350], ['scone', 'bakery', 1, 300]]);
    const r = evaluateOrder(cp, { order: o, channel: 'pos', member: {} });
    expect(r.lines.map((l) => [l.ruleId, l.points])).toEqual([['pastry', 20], ['drinks', 20], ['visit', 7]]);
    expect(r.points).toBe(47);
    expect(r.lines[0]?.explanation).toBe('Pastry bonus (5 Stars per item): 20 Stars');
    expect(r.lines[2]?.explanation).toBe('Visit bonus: +7 Stars');
    // line attribution: pastry by quantity (15 + 5), drinks on the latte line only; the fixed bonus is not line-based
    expect(r.lineAttribution.map((a) => a.points)).toEqual([20, 15, 5]);
  });

  it('a multiplier multiplies the decided points of other rules', () => {
    const cp = compileProgram(
      testProgram([baseRule, { id: 'triple', name: 'Triple Stars', priority: 1, award: { kind: 'multiplier', factor: 3, of: ['base'], rounding: 'floor' } }]),
    );
    const r = evaluateOrder(cp, { order: basket(), channel: 'pos', member: { tier: 'gold' } });
    expect(r.lines.map((l) => l.explanation)).toEqual(['1.2 Stars per $1.00 spent: 16 Stars', 'Triple Stars: +32 Stars']);
    expect(r.points).toBe(48);
    expect(r.lineAttribution.reduce((s, a) => s + a.points, 0)).toBe(48);
  });

  it('a multiplier of awards weighted differently spreads its points like theirs', () => {
    const cp = compileProgram(
      testProgram([
        baseRule,
        { id: 'pastry', name: 'Pastry bonus', priority: 3, award: { kind: 'per-item', points: 10, lines: { categories: ['bakery'] } } },
        { id: 'x2', name: 'Double', priority: 0, award: { kind: 'multiplier', factor: 2, of: ['base', 'pastry'], rounding: 'floor' } },
      ]),
    );
    const r = evaluateOrder(cp, { order: basket(), channel: 'pos', member: {} });
    // base 13 (10 on the lattes, 3 on the muffin) + pastry 10 (muffin) = 23, doubled: +23
    expect(r.points).toBe(46);
    expect(r.lineAttribution.map((a) => a.points)).toEqual([20, 26]);
  });

  it('uses a custom explanation template when the rule has one', () => {
    const cp = compileProgram(testProgram([{ ...baseRule, explanation: 'Thanks for visiting: {points}' }]));
    expect(evaluateOrder(cp, { order: basket(), channel: 'pos', member: {} }).lines[0]?.explanation).toBe('Thanks for visiting: 13 Stars');
  });
});

describe('limits', () => {
  it('per order', () => {
    const cp = compileProgram(testProgram([{ ...baseRule, limits: { perOrder: 5 } }]));
    const r = evaluateOrder(cp, { order: basket(), channel: 'pos', member: {} });
    expect(r.points).toBe(5);
    expect(r.lines[0]?.cut).toEqual({ limit: 'order', points: 8 });
    expect(r.lines[0]?.explanation).toBe('1 Star per $1.00 spent: 5 Stars (capped by the per-order limit; 8 Stars not awarded)');
  });

  it('per member per day / week / month, from the caller counters; the tightest limit is named', () => {
    const cp = compileProgram(testProgram([{ ...baseRule, limits: { perMemberPerDay: 20, perMemberPerWeek: 50, perMemberPerMonth: 100 } }]));
    const run = (c: { day?: number; week?: number; month?: number }) => evaluateOrder(cp, { order: basket(), channel: 'pos', member: {}, counters: { base: c } });
    expect(run({}).points).toBe(13);
    expect(run({ day: 10 }).lines[0]).toMatchObject({ points: 10, cut: { limit: 'day', points: 3 } });
    expect(run({ day: 0, week: 45 }).lines[0]).toMatchObject({ points: 5, cut: { limit: 'week', points: 8 } });
    expect(run({ month: 99 }).lines[0]).toMatchObject({ points: 1, cut: { limit: 'month', points: 12 } });
    expect(run({ day: 25 }).lines[0]).toMatchObject({ points: 0, cut: { limit: 'day', points: 13 } });
  });

  it('a campaign budget, shared by the rules naming it, never overspent', () => {
    const cp = compileProgram(
      testProgram([
        { id: 'a', name: 'A', priority: 2, award: { kind: 'fixed', points: 30 }, limits: { budget: { id: 'spring', points: 1000 } } },
        { id: 'b', name: 'B', priority: 1, award: { kind: 'fixed', points: 30 }, limits: { budget: { id: 'spring', points: 1000 } } },
      ]),
    );
    const r = evaluateOrder(cp, { order: basket(), channel: 'pos', member: {}, budgetsLeft: { spring: 45 } });
    expect(r.lines.map((l) => [l.ruleId, l.points, l.cut?.limit])).toEqual([['a', 30, undefined], ['b', 15, 'budget']]);
    expect(evaluateOrder(cp, { order: basket(), channel: 'pos', member: {} }).points).toBe(60);
  });
});

describe('stacking', () => {
  const group = (id: string, priority: number, points: number) => ({ id, name: id.toUpperCase(), priority, award: { kind: 'fixed', points }, exclusive: 'promo' }) as const;

  it('rules stack by default; an exclusive group keeps only its best match', () => {
    const cp = compileProgram(testProgram([baseRule, group('small', 3, 10), group('big', 2, 25), group('mid', 1, 15)]));
    const r = evaluateOrder(cp, { order: basket(), channel: 'pos', member: {} });
    expect(r.lines.map((l) => l.ruleId)).toEqual(['base', 'big']);
    expect(r.points).toBe(38);
  });

  it('equal points in a group go to the higher priority, regardless of document order', () => {
    const a = compileProgram(testProgram([group('late', 1, 10), group('early', 5, 10)]));
    const b = compileProgram(testProgram([group('early', 5, 10), group('late', 1, 10)]));
    for (const cp of [a, b]) expect(evaluateOrder(cp, { order: basket(), channel: 'pos', member: {} }).lines.map((l) => l.ruleId)).toEqual(['early']);
  });

  it('the best match is judged after its own limits', () => {
    const cp = compileProgram(testProgram([{ ...group('capped', 5, 100), limits: { perOrder: 5 } }, group('plain', 1, 8)]));
    expect(evaluateOrder(cp, { order: basket(), channel: 'pos', member: {} }).lines.map((l) => l.ruleId)).toEqual(['plain']);
  });

  it('a multiplier of a rule that lost its group adds nothing', () => {
    const cp = compileProgram(
      testProgram([group('big', 2, 25), group('small', 3, 10), { id: 'x2', name: 'Double', priority: 0, award: { kind: 'multiplier', factor: 2, of: ['small'], rounding: 'floor' } }]),
    );
    expect(evaluateOrder(cp, { order: basket(), channel: 'pos', member: {} }).points).toBe(25);
  });
});

describe('events', () => {
  const cp = compileProgram(
    testProgram([
      baseRule,
      { id: 'signup', name: 'Welcome bonus', priority: 1, on: ['signup'], award: { kind: 'fixed', points: 50 } },
      { id: 'referrer', name: 'You referred a friend', priority: 1, on: ['referral'], when: { field: 'eventProperty', property: 'role', op: 'eq', value: 'referrer' }, award: { kind: 'fixed', points: 100 } },
      { id: 'friend', name: 'Joined through a friend', priority: 1, on: ['referral'], when: { field: 'eventProperty', property: 'role', op: 'eq', value: 'friend' }, award: { kind: 'fixed', points: 40 } },
      {
        id: 'review',
        name: 'Review bonus',
        priority: 1,
        on: ['review', 'purchase'],
        when: { all: [{ field: 'eventType', op: 'in', value: ['review'] }, { field: 'eventProperty', property: 'stars', op: 'gte', value: 4 }] },
        award: { kind: 'fixed', points: 5 },
      },
    ]),
  );
  const event = (type: string, properties?: Record<string, string | number | boolean>) => ({ type, occurredAt: WED, ...(properties ? { properties } : {}) });

  it('sign-up, both sides of a referral and custom events earn through the same rules', () => {
    expect(evaluateEvent(cp, { event: event('signup'), channel: 'web', member: {} }).lines.map((l) => l.explanation)).toEqual(['Welcome bonus: +50 Stars']);
    expect(evaluateEvent(cp, { event: event('referral', { role: 'referrer' }), channel: 'app', member: {} }).points).toBe(100);
    expect(evaluateEvent(cp, { event: event('referral', { role: 'friend' }), channel: 'app', member: {} }).points).toBe(40);
    expect(evaluateEvent(cp, { event: event('review', { stars: 5 }), channel: 'web', member: {} }).points).toBe(5);
    expect(evaluateEvent(cp, { event: event('review', { stars: 3 }), channel: 'web', member: {} }).points).toBe(0);
    expect(evaluateEvent(cp, { event: event('unknown'), channel: 'web', member: {} })).toEqual({ points: 0, lines: [], lineAttribution: [], pendingUntil: null, lots: [] });
  });

  it('purchase rules do not fire on events and event rules do not fire on orders', () => {
    expect(evaluateEvent(cp, { event: event('signup'), channel: 'web', member: {} }).lines.map((l) => l.ruleId)).toEqual(['signup']);
    expect(evaluateOrder(cp, { order: basket(), channel: 'web', member: {} }).lines.map((l) => l.ruleId)).toEqual(['base']);
  });
});

describe('the earn result', () => {
  it('points pending until the end of the pending period, and each lot with its expiry', () => {
    const cp = compileProgram(testProgram([baseRule], { pending: { days: 14 } }));
    const r = evaluateOrder(cp, { order: basket('2025-12-15T10:00:00-05:00'), channel: 'pos', member: { tier: 'green' } });
    expect(r.pendingUntil).toBe('2025-12-29T15:00:00.000Z');
    expect(r.lots).toEqual([{ points: 13, availableAt: '2025-12-29T15:00:00.000Z', expiresAt: '2026-07-01T04:00:00.000Z' }]);
    const gold = evaluateOrder(cp, { order: basket('2025-12-15T10:00:00-05:00'), channel: 'pos', member: { tier: 'gold' } });
    expect(gold.lots[0]?.expiresAt).toBeNull();
  });

  it('without a pending period the points are available at the order time', () => {
    const cp = compileProgram(testProgram([baseRule], { expiry: { lots: { kind: 'days-after-earn', days: 30 } } }));
    const r = evaluateOrder(cp, { order: basket(), channel: 'pos', member: {} });
    expect(r.pendingUntil).toBeNull();
    expect(r.lots).toEqual([{ points: 13, availableAt: WED, expiresAt: '2026-04-17T14:15:00.000Z' }]);
  });

  it('line attribution sums to the line-based points, split by line amount', () => {
    const cp = compileProgram(testProgram([baseRule, { id: 'bonus', name: 'Bonus', priority: 1, award: { kind: 'fixed', points: 9 } }]));
    const r = evaluateOrder(cp, { order: order(WED, [['a', 'c', 1, 333], ['b', 'c', 1, 333], ['c', 'c', 1, 334]]), channel: 'pos', member: {} });
    expect(r.points).toBe(19);
    expect(r.lineAttribution.map((a) => a.points)).toEqual([3, 3, 4]);
  });

  it('line attribution is plain data, unaffected by later evaluations', () => {
    const cp = compileProgram(testProgram([baseRule]));
    const o = order(WED, [['a', 'c', 1, 600], ['b', 'c', 1, 400]]);
    const r = evaluateOrder(cp, { order: o, channel: 'pos', member: {} });
    evaluateOrder(cp, { order: order(WED, [['z', 'c', 9, 9999]]), channel: 'web', member: { tier: 'gold' } });
    const expected = [{ lineId: o.lines[0]?.lineId, points: 6 }, { lineId: o.lines[1]?.lineId, points: 4 }];
    expect(JSON.parse(JSON.stringify(r)).lineAttribution).toEqual(expected);
    expect(structuredClone(r).lineAttribution).toEqual(expected);
    expect({ ...r }.lineAttribution).toEqual(expected);
    r.lineAttribution = [];
    expect(r.lineAttribution).toEqual([]);
    expect(Object.keys(r)).toEqual(['points', 'lines', 'lineAttribution', 'pendingUntil', 'lots']);
  });

  it('falls back to closures where generating code is forbidden (a strict CSP)', () => {
    const doc = testProgram([baseRule, { id: 'x2', name: 'Double', priority: 0, when: { field: 'weekday', op: 'in', value: ['wed'] }, award: { kind: 'multiplier', factor: 2, of: ['base'], rounding: 'floor' } }]);
    const o = basket();
    const generated = compileProgram(doc);
    const expected = evaluateOrder(generated, { order: o, channel: 'pos', member: {} });
    expect(ruleSetFor(generated, 'purchase', 'pos', 0).phases[0]).toBeTypeOf('function');
    vi.stubGlobal('Function', function forbidden() {
      throw new EvalError('Refused to evaluate a string as JavaScript');
    });
    let fallback;
    try {
      const cp = compileProgram(doc);
      fallback = evaluateOrder(cp, { order: o, channel: 'pos', member: {} });
      expect(ruleSetFor(cp, 'purchase', 'pos', 0).phases).toEqual([undefined, undefined]);
    } finally {
      vi.unstubAllGlobals();
    }
    // (compared after unstubbing: the matcher itself needs the real Function)
    expect(JSON.stringify(fallback)).toBe(JSON.stringify(expected));
    expect(expected.points).toBe(26);
  });

  it('refuses an order in another currency', () => {
    const cp = compileProgram(testProgram([baseRule]));
    expect(() => evaluateOrder(cp, { order: { ...basket(), currency: 'EUR' }, channel: 'pos', member: {} })).toThrow(/currency EUR/);
  });
});
