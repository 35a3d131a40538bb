/**
 * ISO 8601 instants. Inputs carry an offset ("2026-03-18T10:15:00-04:00"); we turn
 * them into epoch milliseconds once. The hand-written parser exists because
 * `Date.parse` dominates the earn hot path otherwise; anything unusual falls back to it.
 */

const ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})$/;

/** Two ASCII digits at i as a number, or a negative number when either is not a digit. */
function two(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1000;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (Hinnant's days_from_civil), no Date object. */
function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

const MONTH_DAYS = [0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function validDay(y: number, m: number, d: number): boolean {
  if (d < 1 || d > (MONTH_DAYS[m] ?? 0)) return false;
  return m !== 2 || d < 29 || (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0));
}

/** Epoch ms of an ISO 8601 date-time with offset (or Z); NaN when it is not one. */
export function parseInstant(s: string): number {
  // Fast path: "YYYY-MM-DDTHH:MM:SS" + optional ".sss…" + "Z" | "±HH:MM".
  const n = s.length;
  if (n >= 20 && s.charCodeAt(10) === 84 /* T */ && s.charCodeAt(4) === 45 && s.charCodeAt(7) === 45 && s.charCodeAt(13) === 58 && s.charCodeAt(16) === 58) {
    const y = two(s, 0) * 100 + two(s, 2);
    const mo = two(s, 5);
    const d = two(s, 8);
    const h = two(s, 11);
    const mi = two(s, 14);
    const sec = two(s, 17);
    let i = 19;
    let ms = 0;
    if (s.charCodeAt(i) === 46 /* . */) {
      let scale = 100;
      i++;
      for (let c = s.charCodeAt(i) - 48; c >= 0 && c <= 9; c = s.charCodeAt(++i) - 48) {
        ms += c * scale;
        scale /= 10;
      }
      ms = Math.floor(ms);
    }
    let offsetMin = 0;
    const c = s.charCodeAt(i);
    let ok = y >= 0 && mo >= 1 && mo <= 12 && validDay(y, mo, d) && h >= 0 && h <= 23 && mi >= 0 && mi <= 59 && sec >= 0 && sec <= 59;
    if (c === 90 /* Z */ && i === n - 1) {
      offsetMin = 0;
    } else if ((c === 43 || c === 45) && i === n - 6 && s.charCodeAt(i + 3) === 58) {
      const oh = two(s, i + 1);
      const om = two(s, i + 4);
      ok = ok && oh >= 0 && om >= 0 && oh <= 23 && om <= 59;
      offsetMin = (c === 45 ? -1 : 1) * (oh * 60 + om);
    } else {
      ok = false;
    }
    return ok ? ((daysFromCivil(y, mo, d) * 24 + h) * 60 + mi - offsetMin) * 60_000 + sec * 1000 + ms : Number.NaN;
  }
  // Rarer shapes (no seconds, "+0530"): check the calendar ourselves, since Date.parse rolls 29 February over.
  const m = ISO.exec(s);
  if (!m || !validDay(Number(m[1]), Number(m[2]), Number(m[3])) || Number(m[4]) > 23) return Number.NaN;
  return Date.parse(s);
}

export function toInstant(at: string | Date): number {
  return typeof at === 'string' ? parseInstant(at) : at.getTime();
}

export function formatInstant(ms: number): string {
  return new Date(ms).toISOString();
}

export const DAY_MS = 86_400_000;
