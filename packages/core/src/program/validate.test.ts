import { describe, expect, it } from 'vitest';
import { baseRule, programInput } from '../testing/fixtures.ts';
import { validateProgram } from './validate.ts';

function problemsOf(input: unknown) {
  const result = validateProgram(input);
  if (result.ok) throw new Error('expected problems');
  return result.problems;
}

const clone = <T>(x: T): T => structuredClone(x);

describe('validateProgram', () => {
  it('accepts a valid document and applies defaults', () => {
    const result = validateProgram(programInput([baseRule]));
    expect(result.ok).toBe(true);
    if (result.ok) {
      const rule = result.document.earning.rules[0];
      expect(rule?.enabled).toBe(true);
      expect(rule?.on).toEqual(['purchase']);
    }
  });

  it('names the exact path of a bad leaf inside a condition tree', () => {
    const rules = [0, 1, 2].map((i) => ({ ...baseRule, id: `r${i}`, priority: i }));
    const bad = {
      ...baseRule,
      id: 'r3',
      when: { all: [{ field: 'channel', op: 'in', value: ['pos'] }, { field: 'subtotal', op: 'gte', value: '20.00' }] },
    };
    const problems = problemsOf(programInput([...rules, bad] as never));
    expect(problems).toEqual([{ path: 'earning.rules[3].when.all[1].value', message: expect.stringContaining('expected number') }]);
  });

  it('lists the allowed fields for an unknown condition field', () => {
    const bad = { ...baseRule, when: { any: [{ field: 'colour', op: 'in', value: ['red'] }] } };
    const [problem] = problemsOf(programInput([bad] as never));
    expect(problem?.path).toBe('earning.rules[0].when.any[0].field');
    expect(problem?.message).toMatch(/"channel".*"subtotal"/);
  });

  it('reports missing keys, unknown keys and bad award kinds by path', () => {
    const input = clone(programInput([baseRule])) as Record<string, any>;
    delete input.program.currency;
    input.earning.rules[0].award = { kind: 'per-amount', rate: { points: '1.x', per: 100 }, rounding: 'floor' };
    input.tiers.levels[1].colour = 'gold';
    const problems = problemsOf(input);
    expect(problems).toContainEqual({ path: 'program.currency', message: 'is required' });
    expect(problems).toContainEqual({ path: 'earning.rules[0].award.rate.points', message: expect.stringContaining('decimal string') });
    expect(problems).toContainEqual({ path: 'tiers.levels[1]', message: 'unknown key "colour"' });
  });

  it('checks what zod cannot: duplicates, references, ordering, zones', () => {
    const input = programInput(
      [
        baseRule,
        { ...baseRule, priority: 5 },
        { id: 'dsd', name: 'Double', priority: 1, award: { kind: 'multiplier', factor: 2, of: ['base', 'nope'], rounding: 'floor' } },
        { id: 'tiered', name: 'Tiered', priority: 1, when: { field: 'tier', op: 'in', value: ['platinum'] }, award: { kind: 'fixed', points: 5 } },
        { id: 'signup', name: 'Sign-up', priority: 1, on: ['signup'], award: { kind: 'per-item', points: 5, lines: { skus: ['x'] } } },
        { id: 'range', name: 'Range', priority: 1, when: { field: 'date', op: 'between', value: { from: '2026-03-20', to: '2026-03-18' } }, award: { kind: 'fixed', points: 5 } },
        { id: 'b1', name: 'B1', priority: 1, award: { kind: 'fixed', points: 5 }, limits: { budget: { id: 'spring', points: 100 } } },
        { id: 'b2', name: 'B2', priority: 1, award: { kind: 'fixed', points: 5 }, limits: { budget: { id: 'spring', points: 200 } } },
      ],
      { program: { name: 'T', pointName: { one: 'Star', other: 'Stars' }, currency: 'USD', timeZone: 'Mars/Olympus' } },
    );
    (input.tiers.levels[2] as { threshold: number }).threshold = 400;
    input.rewards = [{ id: 'r', name: 'R', cost: 10, benefit: { kind: 'amount-off', amount: 100 }, tiers: ['diamond'] }];
    const paths = problemsOf(input).map((p) => p.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'program.timeZone',
        'earning.rules[1].id',
        'earning.rules[2].award.of[1]',
        'earning.rules[3].when.value[0]',
        'earning.rules[4].award.kind',
        'earning.rules[5].when.value.to',
        'earning.rules[7].limits.budget.points',
        'tiers.levels[2].threshold',
        'rewards[0].tiers[0]',
      ]),
    );
  });

  it('refuses a multiplier of a multiplier and an exclusive group mixing phases', () => {
    const problems = problemsOf(
      programInput([
        { ...baseRule, exclusive: 'g' },
        { id: 'm1', name: 'M1', priority: 1, award: { kind: 'multiplier', factor: 2, of: ['base'], rounding: 'floor' }, exclusive: 'g' },
        { id: 'm2', name: 'M2', priority: 1, award: { kind: 'multiplier', factor: '1.5', of: ['m1'], rounding: 'floor' } },
      ]),
    );
    expect(problems.map((p) => p.path)).toEqual(['earning.rules[1].exclusive', 'earning.rules[2].award.of[0]']);
  });
});
