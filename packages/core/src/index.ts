// Public API of @omniloyal/core: the rules engine (pure TypeScript, no I/O).

export * from './money.ts';
export { parseInstant, formatInstant } from './time/instant.ts';
export { zonedClock, type LocalParts } from './time/zonedClock.ts';

export { programDocumentSchema, programSettingsSchema, type ProgramDocument, type ProgramDocumentInput } from './program/document.ts';
export { conditionSchema, WEEKDAYS, type Condition, type ConditionLeaf, type ConditionField } from './program/condition.ts';
export { earnRuleSchema, awardSchema, limitsSchema, lineFilterSchema, rateSchema, type EarnRule, type Award, type Limits, type LineFilter } from './program/earnRule.ts';
export { tiersSchema, tierSchema, tierBenefitsSchema, type Tier, type Tiers, type TierBenefits } from './program/tiers.ts';
export { rewardSchema, type Reward, type RewardBenefit } from './program/reward.ts';
export { expiryPolicySchema, lotExpirySchema, pendingPolicySchema, refundPolicySchema, type ExpiryPolicy, type LotExpiry, type PendingPolicy, type RefundPolicy } from './program/policies.ts';
export { channelSchema, CHANNELS, type Channel } from './program/primitives.ts';
export { orderSchema, orderLineSchema, memberContextSchema, earnEventSchema, type Order, type OrderLine, type MemberContext, type EarnEvent } from './program/order.ts';
export { validateProgram, parseProgram, type ValidationResult } from './program/validate.ts';
export { formatPath, type Problem } from './program/problems.ts';
export { versionInEffect } from './program/versions.ts';

export { compileProgram, type CompiledProgram, type CompileOptions } from './earn/compileProgram.ts';
export { evaluateOrder, evaluateEvent, evaluateOrderPoints, evaluateEventPoints, type EvaluateOrderInput, type EvaluateEventInput } from './earn/evaluate.ts';
export type { EarnResult, EarnLine, EarnLot, LimitKind, RuleCounters, BudgetsLeft } from './earn/result.ts';

export { lotExpiry, inactivityExpiryAt } from './expiry/lotExpiry.ts';

export { computeTier, type TierInput, type TierStatus } from './tiers/computeTier.ts';
export { tierBenefits, type TierBenefitsView } from './tiers/tierBenefits.ts';

export { eligibleRewards, type EligibilityInput, type RewardEligibility } from './redeem/eligibleRewards.ts';
export { rewardDiscount, type RewardDiscount } from './redeem/rewardDiscount.ts';
export { refundPoints, type RefundInput, type RefundResult } from './redeem/refundPoints.ts';

export { simulate, compareSimulations, type SimulationOrder, type SimulationResult, type SimulationComparison } from './simulate/simulate.ts';

export { starbucksDemoProgram, starbucksDemoInput } from './demo/starbucks.ts';
