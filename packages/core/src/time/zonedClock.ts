/**
 * Wall-clock facts (date, weekday, minute of day) in a program's IANA time zone.
 * Intl.DateTimeFormat is the only tz database we have and it is slow (µs per call,
 * ms to construct), so formatters are built once per zone and results are cached
 * per 15-minute block: every zone offset in use today is a multiple of 15 minutes,
 * so date, weekday and hour cannot change inside a block.
 */

export interface LocalParts {
  readonly year: number;
  readonly month: number; // 1-12
  readonly day: number; // 1-31
  /** 0 = Monday … 6 = Sunday (ISO order). */
  readonly weekday: number;
  /** Minutes since local midnight of the block start; add the minutes into the block. */
  readonly blockMinute: number;
}

const BLOCK_MS = 15 * 60_000;
const CACHE_LIMIT = 100_000;
const WEEKDAYS: Record<string, number> = { Mon: 0, Tue: 1, Wed: 2, Thu: 3, Fri: 4, Sat: 5, Sun: 6 };

export class ZonedClock {
  private readonly format: Intl.DateTimeFormat;
  private readonly blocks = new Map<number, LocalParts>();

  constructor(readonly timeZone: string) {
    this.format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      weekday: 'short',
    });
  }

  /** Local parts of the 15-minute block holding `ms`. */
  partsAt(ms: number): LocalParts {
    const block = Math.floor(ms / BLOCK_MS);
    let parts = this.blocks.get(block);
    if (parts === undefined) {
      if (this.blocks.size >= CACHE_LIMIT) this.blocks.clear();
      parts = this.compute(block * BLOCK_MS);
      this.blocks.set(block, parts);
    }
    return parts;
  }

  minuteOfDay(ms: number): number {
    const parts = this.partsAt(ms);
    return parts.blockMinute + Math.floor((ms - Math.floor(ms / BLOCK_MS) * BLOCK_MS) / 60_000);
  }

  /** Offset of local time from UTC at `ms`, in ms. */
  offsetAt(ms: number): number {
    const start = Math.floor(ms / BLOCK_MS) * BLOCK_MS;
    const p = this.partsAt(ms);
    return Date.UTC(p.year, p.month - 1, p.day) + p.blockMinute * 60_000 - start;
  }

  /**
   * The instant at which local wall time reads year-month-day hour:minute, with
   * Temporal's "compatible" disambiguation: in an overlap the earlier instant, in a
   * gap the wall time read with the offset from before the gap (so 02:30 on a
   * spring-forward night becomes 03:30). Assumes at most one offset change in ±1 day.
   */
  instantOf(year: number, month: number, day: number, hour = 0, minute = 0): number {
    const wall = Date.UTC(year, month - 1, day, hour, minute);
    const before = wall - this.offsetAt(wall - 86_400_000);
    const after = wall - this.offsetAt(wall + 86_400_000);
    const beforeValid = before + this.offsetAt(before) === wall;
    const afterValid = after + this.offsetAt(after) === wall;
    if (beforeValid && afterValid) return Math.min(before, after);
    if (beforeValid) return before;
    if (afterValid) return after;
    return before;
  }

  private compute(ms: number): LocalParts {
    let year = 0, month = 0, day = 0, hour = 0, minute = 0, weekday = 0;
    for (const part of this.format.formatToParts(ms)) {
      switch (part.type) {
        case 'year': year = Number(part.value); break;
        case 'month': month = Number(part.value); break;
        case 'day': day = Number(part.value); break;
        case 'hour': hour = Number(part.value); break;
        case 'minute': minute = Number(part.value); break;
        case 'weekday': weekday = WEEKDAYS[part.value] ?? 0; break;
      }
    }
    return { year, month, day, weekday, blockMinute: hour * 60 + minute };
  }
}

const clocks = new Map<string, ZonedClock>();

/** One shared clock per zone, so the caches are shared too. */
export function zonedClock(timeZone: string): ZonedClock {
  let c = clocks.get(timeZone);
  if (!c) {
    c = new ZonedClock(timeZone);
    clocks.set(timeZone, c);
  }
  return c;
}

export function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** Adds months to a (year, month) pair: (2025, 12) + 7 → (2026, 7). */
export function addMonths(year: number, month: number, months: number): { year: number; month: number } {
  const index = year * 12 + (month - 1) + months;
  return { year: Math.floor(index / 12), month: (index % 12) + 1 };
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * The instant `months` calendar months after `ms` at the same local wall time, the day
 * clamped to the target month's length (31 August + 1 month = 30 September).
 */
export function addMonthsToInstant(clock: ZonedClock, ms: number, months: number): number {
  const p = clock.partsAt(ms);
  const minute = clock.minuteOfDay(ms);
  const target = addMonths(p.year, p.month, months);
  const day = Math.min(p.day, daysInMonth(target.year, target.month));
  const subMinute = ms - Math.floor(ms / 60_000) * 60_000;
  return clock.instantOf(target.year, target.month, day, Math.floor(minute / 60), minute % 60) + subMinute;
}
