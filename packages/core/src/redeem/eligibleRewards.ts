import { daysFromBirthday } from '../earn/compileCondition.ts';
import type { ProgramDocument } from '../program/document.ts';
import type { Channel } from '../program/order.ts';
import type { Reward } from '../program/reward.ts';
import { toInstant } from '../time/instant.ts';
import { zonedClock } from '../time/zonedClock.ts';

export interface EligibilityInput {
  channel: Channel;
  /** The member's tier; the first tier when absent. */
  tierId?: string;
  availablePoints: number;
  /** Redemptions per reward in the period its limit names (the caller counts them). */
  redeemedCounts?: Record<string, number>;
  /** Live stock per reward; the document's `stock` when absent. */
  stockLeft?: Record<string, number>;
  /** The member's birthday (YYYY-MM-DD), for birthday rewards. */
  birthday?: string;
  at: string | Date;
}

export interface RewardEligibility {
  reward: Reward;
  affordable: boolean;
  /** Offered here and now, within limits and stock, and affordable. */
  usable: boolean;
  /** Why it cannot be used, for a shopper; absent when usable. */
  reason?: string;
}

const PERIOD_WORDS = { lifetime: 'in total', year: 'per year', month: 'per month', day: 'per day' } as const;

/** Every reward in the catalog with whether this member may use it here and now, and why not. */
export function eligibleRewards(doc: ProgramDocument, input: EligibilityInput): RewardEligibility[] {
  const at = toInstant(input.at);
  if (Number.isNaN(at)) throw new RangeError(`at is not an ISO 8601 instant: ${String(input.at)}`);
  const tierId = input.tierId ?? doc.tiers.levels[0]?.id;
  const tierName = (id: string) => doc.tiers.levels.find((t) => t.id === id)?.name ?? id;
  const { one, other } = doc.program.pointName;

  return doc.rewards.map((reward) => {
    const affordable = input.availablePoints >= reward.cost;
    const blocked = unavailableBecause(reward);
    const reason = blocked ?? (affordable ? undefined : `Needs ${reward.cost - input.availablePoints} more ${reward.cost - input.availablePoints === 1 ? one : other}`);
    return { reward, affordable, usable: reason === undefined, ...(reason ? { reason } : {}) };
  });

  function unavailableBecause(reward: Reward): string | undefined {
    if (reward.availableFrom && at < toInstant(reward.availableFrom)) return 'Not available yet';
    if (reward.availableUntil && at >= toInstant(reward.availableUntil)) return 'No longer available';
    if (reward.channels && !reward.channels.includes(input.channel)) return `Not available in this channel (only ${reward.channels.join(', ')})`;
    if (reward.tiers && (tierId === undefined || !reward.tiers.includes(tierId))) return `For ${reward.tiers.map(tierName).join(' and ')} members only`;
    if (reward.birthdayWindowDays !== undefined) {
      const b = input.birthday;
      if (!b) return 'Add your birthday to your profile to get this reward';
      const p = zonedClock(doc.program.timeZone).partsAt(at);
      const d = daysFromBirthday(p.year, p.month, p.day, Number(b.slice(5, 7)) * 100 + Number(b.slice(8, 10)));
      if (Math.abs(d) > reward.birthdayWindowDays) return reward.birthdayWindowDays === 0 ? 'Only on your birthday' : `Only within ${reward.birthdayWindowDays} days of your birthday`;
    }
    if (reward.limit && (input.redeemedCounts?.[reward.id] ?? 0) >= reward.limit.count) return `Limit reached: ${reward.limit.count} ${PERIOD_WORDS[reward.limit.per]}`;
    const stock = input.stockLeft?.[reward.id] ?? reward.stock;
    if (stock !== undefined && stock <= 0) return 'Out of stock';
    return undefined;
  }
}
