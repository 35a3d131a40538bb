/** Which limit reduced a rule's points, and by how much. */
export type LimitKind = 'order' | 'day' | 'week' | 'month' | 'budget';

export interface EarnLine {
  ruleId: string;
  name: string;
  points: number;
  /** A sentence a shopper can read: "1.2 Stars per $1.00 spent: 12 Stars". */
  explanation: string;
  cut?: { limit: LimitKind; points: number };
}

export interface EarnLot {
  points: number;
  /** When the points can be spent (the earn instant as given, or after the pending period). */
  availableAt: string;
  /** First instant at which the lot is expired; null when it never expires by date. */
  expiresAt: string | null;
}

export interface EarnResult {
  points: number;
  lines: EarnLine[];
  /** Purchase points per order line (sums to the line-attributable points), for line-by-line refunds. */
  lineAttribution: { lineId: string; points: number }[];
  /** End of the pending period; null when points are available at once. */
  pendingUntil: string | null;
  lots: EarnLot[];
}

/**
 * The member's points already earned from a rule in the current day / week / month,
 * counted by the caller in the program's time zone; missing means 0.
 */
export type RuleCounters = Record<string, { day?: number; week?: number; month?: number } | undefined>;

/** Points left in a campaign budget, by budget id (the rule id when the budget has no id); missing means untouched. */
export type BudgetsLeft = Record<string, number | undefined>;
