import type { ProgramDocument, ProgramDocumentInput } from '../program/document.ts';
import { parseProgram } from '../program/validate.ts';

/**
 * The demo program, following the published Starbucks® Rewards terms (US, 2026) as
 * summarised in SPEC.md. Choices and why:
 * - Tier earn rates (1 / 1.2 / 1.7 Stars per 1 USD) are one base rule plus a tier
 *   earn multiplier, not three per-tier rules: the multiplier is applied to the exact
 *   rate before rounding, and a Double Star Day then doubles whatever the tier earned.
 * - Green Stars expire at the end of the 6th month after the month earned
 *   (`end-of-month-after`, 6): earned 15 December → expire 1 July 00:00 New York time,
 *   the first instant after 30 June. Gold and Reserve are exempt.
 * - No pending period (Stars can be used as soon as they post); the policy is there
 *   for programs with a returns window. Refunds of spent Stars floor the balance at zero.
 * - Sign-up and referral rules and the Reserve-only reward are demo additions that
 *   show non-purchase events and tier-exclusive rewards.
 */
export const starbucksDemoInput = {
  schemaVersion: 1,
  program: {
    name: 'Starbucks® Rewards (demo)',
    pointName: { one: 'Star', other: 'Stars' },
    currency: 'USD',
    timeZone: 'America/New_York',
    pointValue: '4',
  },
  earning: {
    rules: [
      {
        id: 'base-stars',
        name: 'Stars on purchases',
        priority: 100,
        award: { kind: 'per-amount', rate: { points: 1, per: 100 }, rounding: 'floor', tierMultiplier: true },
      },
      {
        id: 'double-star-day',
        name: 'Double Star Day',
        priority: 50,
        when: { field: 'date', op: 'between', value: { from: '2026-03-18', to: '2026-03-18' } },
        award: { kind: 'multiplier', factor: 2, of: ['base-stars'], rounding: 'floor' },
      },
      {
        id: 'welcome-bonus',
        name: 'Welcome bonus',
        priority: 100,
        on: ['signup'],
        award: { kind: 'fixed', points: 25 },
        limits: { budget: { id: 'welcome-2026', points: 2_500_000 } },
      },
      {
        id: 'referral-referrer',
        name: 'You referred a friend',
        priority: 100,
        on: ['referral'],
        when: { field: 'eventProperty', property: 'role', op: 'eq', value: 'referrer' },
        award: { kind: 'fixed', points: 50 },
        limits: { perMemberPerMonth: 250 },
      },
      {
        id: 'referral-friend',
        name: 'Joined through a friend',
        priority: 100,
        on: ['referral'],
        when: { field: 'eventProperty', property: 'role', op: 'eq', value: 'friend' },
        award: { kind: 'fixed', points: 25 },
      },
    ],
  },
  tiers: {
    qualifying: { measure: 'points-earned', window: { kind: 'rolling-months', months: 12 } },
    statusMonths: 12,
    downgrade: 'to-qualified',
    levels: [
      { id: 'green', name: 'Green', threshold: 0, benefits: { earnMultiplier: '1', expiryExempt: false, perks: ['Birthday Reward', 'Free refills in store'] } },
      { id: 'gold', name: 'Gold', threshold: 500, benefits: { earnMultiplier: '1.2', expiryExempt: true, perks: ['1.2 Stars per $1', 'Stars never expire'] } },
      { id: 'reserve', name: 'Reserve', threshold: 2500, benefits: { earnMultiplier: '1.7', expiryExempt: true, perks: ['1.7 Stars per $1', 'Stars never expire', 'Reserve-only rewards'] } },
    ],
  },
  rewards: [
    {
      id: 'customize-drink',
      name: 'Customize your drink',
      description: 'An extra espresso shot, a dairy substitute or a dash of syrup',
      cost: 25,
      benefit: { kind: 'free-item', maxValue: 125, lines: { categories: ['customization'] } },
    },
    {
      id: 'brewed-coffee-bakery',
      name: 'Brewed hot coffee, hot tea or a bakery item',
      cost: 60,
      benefit: { kind: 'free-item', maxValue: 500, lines: { categories: ['brewed-coffee', 'hot-tea', 'bakery'] } },
    },
    {
      id: 'handcrafted-drink-breakfast',
      name: 'Handcrafted drink or hot breakfast',
      cost: 100,
      benefit: { kind: 'free-item', maxValue: 900, lines: { categories: ['handcrafted-drink', 'hot-breakfast'] } },
    },
    {
      id: 'lunch',
      name: 'Lunch sandwich, protein box or salad',
      cost: 200,
      benefit: { kind: 'free-item', maxValue: 1300, lines: { categories: ['lunch'] } },
    },
    {
      id: 'packaged-coffee',
      name: 'Packaged coffee',
      cost: 300,
      benefit: { kind: 'free-item', maxValue: 2000, lines: { categories: ['packaged-coffee'] } },
    },
    {
      id: 'select-merchandise',
      name: 'Select merchandise',
      cost: 400,
      benefit: { kind: 'free-item', maxValue: 2500, lines: { categories: ['merchandise'] } },
    },
    {
      id: 'birthday-treat',
      name: 'Birthday Reward',
      description: 'A free handcrafted drink or food item on your birthday',
      cost: 0,
      benefit: { kind: 'free-item', maxValue: 1300, lines: { categories: ['handcrafted-drink', 'hot-breakfast', 'bakery', 'lunch'] } },
      birthdayWindowDays: 0,
      limit: { count: 1, per: 'year' },
      channels: ['app', 'pos'],
    },
    {
      id: 'reserve-tasting',
      name: 'Reserve tasting flight',
      description: 'Demo addition: a tier-exclusive reward',
      cost: 150,
      benefit: { kind: 'free-item', maxValue: 2000, lines: { categories: ['reserve-tasting'] } },
      tiers: ['reserve'],
      channels: ['pos'],
    },
  ],
  expiry: { lots: { kind: 'end-of-month-after', months: 6 } },
  pending: { days: 0 },
  refunds: { whenSpent: 'floor-at-zero' },
} satisfies ProgramDocumentInput;

/** The demo document, validated (defaults applied); throws at import if it ever stops validating. */
export const starbucksDemoProgram: ProgramDocument = parseProgram(starbucksDemoInput);
