import type { ProgramDocument } from '../program/document.ts';

export interface TierBenefitsView {
  tierId: string;
  name: string;
  /** Decimal string, e.g. "1.2": per-amount awards are multiplied by it before rounding. */
  earnMultiplier: string;
  expiryExempt: boolean;
  perks: string[];
  /** Rewards offered to this tier but not to every tier. */
  exclusiveRewards: { id: string; name: string; cost: number }[];
}

/** The benefits of a tier; undefined for an id the document does not know. */
export function tierBenefits(doc: ProgramDocument, tierId: string): TierBenefitsView | undefined {
  const tier = doc.tiers.levels.find((t) => t.id === tierId);
  if (!tier) return undefined;
  const allTiers = doc.tiers.levels.map((t) => t.id);
  const exclusiveRewards = doc.rewards
    .filter((r) => r.tiers !== undefined && r.tiers.includes(tierId) && !allTiers.every((t) => r.tiers?.includes(t)))
    .map((r) => ({ id: r.id, name: r.name, cost: r.cost }));
  return {
    tierId: tier.id,
    name: tier.name,
    earnMultiplier: String(tier.benefits.earnMultiplier),
    expiryExempt: tier.benefits.expiryExempt,
    perks: [...tier.benefits.perks],
    exclusiveRewards,
  };
}
