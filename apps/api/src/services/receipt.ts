import type { Balance } from '@omniloyal/ledger';

/** What a till or a site gets back from a checkout: every point explained. */
export interface CheckoutReceipt {
  orderId: string;
  memberId: string | null;
  occurredAt: string;
  programVersion: number;
  earned: {
    points: number;
    /** Of `points`, how many wait for the returns window. */
    pending: number;
    pendingUntil: string | null;
    rules: { ruleId: string; name: string; points: number; explanation: string }[];
  };
  redeemed: { rewardId: string; name: string; points: number; holdId?: string }[];
  discounts: { rewardId: string; amount: number; lineId?: string; description: string }[];
  discountTotal: number;
  /** The member's balance after this order; null for a guest sale. */
  balance: Balance | null;
  /** Sentences for the printed receipt and the shopper's history. */
  lines: string[];
  /** True when this orderId was seen before: this is the first answer, and nothing was written. */
  replayed: boolean;
}

export interface RefundReceipt {
  refundId: string;
  orderId: string;
  memberId: string | null;
  /** Earned points taken back. */
  reversed: number;
  /** Points that could not be taken back because they were spent (floor-at-zero). */
  shortfall: number;
  /** Points that went below zero (allow-negative). */
  debt: number;
  rewardsReturned: { rewardId: string; points: number; transactionId: string }[];
  balance: Balance | null;
  lines: string[];
  replayed: boolean;
}
