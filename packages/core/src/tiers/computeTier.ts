import type { ProgramDocument } from '../program/document.ts';
import type { Tier } from '../program/tiers.ts';
import { formatInstant, toInstant } from '../time/instant.ts';
import { addMonthsToInstant, zonedClock, type ZonedClock } from '../time/zonedClock.ts';

/**
 * What the caller knows about a member's status. Qualifying points are points
 * *earned* (never the balance: spending must not cost status); pass either the
 * earnings themselves (reversals as negative points), so the window is applied here,
 * or `qualifyingPoints` already summed over the window (e.g. by SQL).
 */
export interface TierInput {
  earnings?: readonly { points: number; at: string }[];
  qualifyingPoints?: number;
  /** The tier the member holds now, and since when (the start of its status). */
  currentTier?: string;
  tierSince?: string;
  now: string | Date;
}

export interface TierStatus {
  tierId: string;
  name: string;
  qualifyingPoints: number;
  /** The tier the points alone qualify for (lower than tierId while status is kept). */
  qualifiedTierId: string;
  nextTier?: { id: string; name: string; threshold: number };
  pointsToNextTier?: number;
  /** When the tier lapses if nothing more is earned; absent for the first tier or when unknown. */
  validUntil?: string;
  /** Start of the qualifying window. */
  windowStart: string;
}

function windowStart(doc: ProgramDocument, clock: ZonedClock, now: number): number {
  const window = doc.tiers.qualifying.window;
  if (window.kind === 'rolling-months') return addMonthsToInstant(clock, now, -window.months);
  return clock.instantOf(clock.partsAt(now).year, 1, 1);
}

function qualifiedIndex(levels: readonly Tier[], points: number): number {
  let index = 0;
  levels.forEach((t, i) => {
    if (points >= t.threshold) index = i;
  });
  return index;
}

/**
 * When points in the window fall below `threshold` if nothing more is earned: with a
 * rolling window each earning leaves it N months after it was earned; a calendar-year
 * window empties at the next 1 January.
 */
function qualificationEnds(doc: ProgramDocument, clock: ZonedClock, now: number, from: number, earnings: readonly { points: number; ms: number }[] | undefined, threshold: number): number | undefined {
  const window = doc.tiers.qualifying.window;
  if (window.kind === 'calendar-year') return clock.instantOf(clock.partsAt(now).year + 1, 1, 1);
  if (!earnings) return undefined;
  const inWindow = earnings.filter((e) => e.ms > from && e.ms <= now).sort((a, b) => a.ms - b.ms);
  let total = inWindow.reduce((s, e) => s + e.points, 0);
  for (const e of inWindow) {
    total -= e.points;
    if (total < threshold) return addMonthsToInstant(clock, e.ms, window.months);
  }
  return undefined;
}

/**
 * The member's tier now. Status rules: a tier reached is kept `statusMonths` after
 * `tierSince` even if qualifying points fall; when it lapses the member drops to the
 * tier the points qualify for ("to-qualified") or one tier down ("one-tier"), never
 * below what the points qualify for. Without `tierSince` the status has no duration
 * to honour, so the downgrade applies at once.
 */
export function computeTier(doc: ProgramDocument, input: TierInput): TierStatus {
  const clock = zonedClock(doc.program.timeZone);
  const levels = doc.tiers.levels;
  const now = toInstant(input.now);
  if (Number.isNaN(now)) throw new RangeError(`now is not an ISO 8601 instant: ${String(input.now)}`);
  const from = windowStart(doc, clock, now);
  const earnings = input.earnings?.map((e) => ({ points: e.points, ms: toInstant(e.at) }));
  const points = Math.max(0, input.qualifyingPoints ?? (earnings ?? []).reduce((s, e) => (e.ms > from && e.ms <= now ? s + e.points : s), 0));
  const qualified = qualifiedIndex(levels, points);

  const current = levels.findIndex((t) => t.id === input.currentTier);
  const since = input.tierSince === undefined ? Number.NaN : toInstant(input.tierSince);
  const statusEnd = Number.isNaN(since) ? undefined : addMonthsToInstant(clock, since, doc.tiers.statusMonths);

  let index = qualified;
  if (current > qualified) {
    if (statusEnd !== undefined && statusEnd > now) index = current;
    else index = doc.tiers.downgrade === 'one-tier' ? Math.max(qualified, current - 1) : qualified;
  }

  const tier = levels[index] as Tier;
  const next = levels[index + 1];
  let validUntil: number | undefined;
  if (index > 0) {
    const keptByStatus = index === current ? statusEnd : undefined;
    const byPoints = index <= qualified ? qualificationEnds(doc, clock, now, from, earnings, tier.threshold) : undefined;
    validUntil = keptByStatus === undefined ? byPoints : byPoints === undefined ? keptByStatus : Math.max(keptByStatus, byPoints);
  }

  return {
    tierId: tier.id,
    name: tier.name,
    qualifyingPoints: points,
    qualifiedTierId: (levels[qualified] as Tier).id,
    ...(next ? { nextTier: { id: next.id, name: next.name, threshold: next.threshold }, pointsToNextTier: Math.max(0, next.threshold - points) } : {}),
    ...(validUntil !== undefined ? { validUntil: formatInstant(validUntil) } : {}),
    windowStart: formatInstant(from),
  };
}
