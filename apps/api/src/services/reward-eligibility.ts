import { TRPCError } from '@trpc/server';
import { eligibleRewards, type Channel, type ProgramDocument, type Reward, type RewardEligibility } from '@omniloyal/core';
import { getBalance, type Balance, type Db } from '@omniloyal/ledger';
import type { ResolvedMember } from './members.ts';
import { redemptionCounts } from './redemption-counts.ts';

/**
 * A member's standing for rewards at `at`: the balance and the limit counts are read once, then the
 * catalog can be asked per channel (the portal shows web and in-store eligibility side by side).
 */
export async function memberRewards(
  db: Db,
  input: { member: ResolvedMember; document: ProgramDocument; at: string },
): Promise<{ balance: Balance; forChannel: (channel: Channel) => RewardEligibility[] }> {
  const { member, document, at } = input;
  const [balance, counts] = await Promise.all([getBalance(db, member.id), redemptionCounts(db, { member, document, at })]);
  return {
    balance,
    forChannel: (channel) =>
      eligibleRewards(document, {
        channel,
        ...(member.tierId ? { tierId: member.tierId } : {}),
        availablePoints: balance.available,
        redeemedCounts: counts,
        at,
        ...(member.birthday ? { birthday: member.birthday } : {}),
      }),
  };
}

export function findReward(document: ProgramDocument, rewardId: string, field: string): Reward {
  const reward = document.rewards.find((r) => r.id === rewardId);
  if (!reward) throw new TRPCError({ code: 'NOT_FOUND', message: `${field}: reward ${rewardId} was not found` });
  return reward;
}

/** PRECONDITION_FAILED with the reason when the member may not use this reward here and now. */
export async function assertEligible(
  db: Db,
  input: { document: ProgramDocument; reward: Reward; member: ResolvedMember; channel: Channel; at: string; field: string },
): Promise<void> {
  const { forChannel } = await memberRewards(db, input);
  const verdict = forChannel(input.channel).find((entry) => entry.reward.id === input.reward.id);
  if (!verdict?.usable) {
    throw new TRPCError({ code: 'PRECONDITION_FAILED', message: `${input.field}: ${verdict?.reason ?? 'this reward is not offered here'}` });
  }
}
