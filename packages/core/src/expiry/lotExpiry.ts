import type { ProgramDocument } from '../program/document.ts';
import type { LotExpiry } from '../program/policies.ts';
import { DAY_MS, formatInstant, toInstant } from '../time/instant.ts';
import { addMonths, addMonthsToInstant, zonedClock, type ZonedClock } from '../time/zonedClock.ts';

/**
 * Expiry instant of a lot in epoch ms, or null for never.
 * Convention: the returned instant is the first moment the points are gone (an
 * exclusive end). "End of the 6th month after the month earned" for a lot earned
 * on 15 December is therefore 1 July 00:00 in the program's time zone.
 */
export function lotExpiryMs(policy: LotExpiry, exempt: boolean, earnedMs: number, clock: ZonedClock): number | null {
  if (exempt) return null;
  switch (policy.kind) {
    case 'never':
      return null;
    case 'days-after-earn':
      return earnedMs + policy.days * DAY_MS;
    case 'end-of-month-after': {
      const p = clock.partsAt(earnedMs);
      const first = addMonths(p.year, p.month, policy.months + 1);
      return clock.instantOf(first.year, first.month, 1);
    }
  }
}

export function isExpiryExempt(doc: ProgramDocument, tierId: string | undefined): boolean {
  const tier = doc.tiers.levels.find((t) => t.id === tierId) ?? doc.tiers.levels[0];
  return tier?.benefits.expiryExempt ?? false;
}

/** When points earned at `earnedAt` by a member in `tierId` expire (ISO, UTC), or null. */
export function lotExpiry(doc: ProgramDocument, input: { earnedAt: string | Date; tierId?: string }): string | null {
  const ms = toInstant(input.earnedAt);
  if (Number.isNaN(ms)) throw new RangeError(`not an ISO 8601 instant: ${String(input.earnedAt)}`);
  const at = lotExpiryMs(doc.expiry.lots, isExpiryExempt(doc, input.tierId), ms, zonedClock(doc.program.timeZone));
  return at === null ? null : formatInstant(at);
}

/**
 * When all of a member's points expire for inactivity: N calendar months after the
 * last activity, at the same local wall time (the day clamped to the month's end),
 * or null when the program has no inactivity rule.
 */
export function inactivityExpiryAt(doc: ProgramDocument, lastActivityAt: string | Date): string | null {
  const months = doc.expiry.inactivityMonths;
  if (months === undefined) return null;
  const ms = toInstant(lastActivityAt);
  if (Number.isNaN(ms)) throw new RangeError(`not an ISO 8601 instant: ${String(lastActivityAt)}`);
  return formatInstant(addMonthsToInstant(zonedClock(doc.program.timeZone), ms, months));
}
