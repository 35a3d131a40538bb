import type { EarnResult } from '@omniloyal/core';

/** Of an earn, the points still pending at the time of the order (they wait out the returns window). */
export function pendingPoints(result: EarnResult, at: string): number {
  if (!result.pendingUntil) return 0;
  const atMs = Date.parse(at);
  return result.lots.filter((lot) => Date.parse(lot.availableAt) > atMs).reduce((sum, lot) => sum + lot.points, 0);
}
