/**
 * ISO 8601 instants. Inputs carry an offset ("2026-03-18T10:15:00-04:00"); we turn
 * them into epoch milliseconds once. The hand-written parser exists because
 * `Date.parse` dominates the earn hot path otherwise; anything unusual falls back to it.
 */

const ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})$/;

function digits(s: string, start: number, len: number): number {
  let v = 0;
  for (let i = start; i < start + len; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/** Epoch ms of an ISO 8601 date-time with offset (or Z); NaN when it is not one. */
export function parseInstant(s: string): number {
  // Fast path: "YYYY-MM-DDTHH:MM:SS" + optional ".sss" + "Z" | "±HH:MM".
  if (s.length >= 20 && s.charCodeAt(10) === 84 /* T */ && s.charCodeAt(4) === 45 && s.charCodeAt(7) === 45) {
    const y = digits(s, 0, 4);
    const mo = digits(s, 5, 2);
    const d = digits(s, 8, 2);
    const h = digits(s, 11, 2);
    const mi = digits(s, 14, 2);
    const sec = digits(s, 17, 2);
    let i = 19;
    let ms = 0;
    if (s.charCodeAt(i) === 46 /* . */) {
      const start = ++i;
      while (i < s.length && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++;
      const frac = s.slice(start, Math.min(i, start + 3)).padEnd(3, '0');
      ms = digits(frac, 0, 3);
    }
    let offsetMin = 0;
    const c = s.charCodeAt(i);
    let ok = y >= 0 && mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && h >= 0 && h <= 23 && mi >= 0 && mi <= 59 && sec >= 0 && sec <= 60 && ms >= 0;
    if (c === 90 /* Z */ && i === s.length - 1) {
      offsetMin = 0;
    } else if ((c === 43 || c === 45) && i === s.length - 6 && s.charCodeAt(i + 3) === 58) {
      const oh = digits(s, i + 1, 2);
      const om = digits(s, i + 4, 2);
      ok = ok && oh >= 0 && om >= 0 && oh <= 23 && om <= 59;
      offsetMin = (c === 45 ? -1 : 1) * (oh * 60 + om);
    } else {
      ok = false;
    }
    if (ok) {
      const t = Date.UTC(y, mo - 1, d, h, mi, sec, ms) - offsetMin * 60000;
      // Reject 31 February and friends: Date.UTC would silently roll them over.
      if (new Date(t + offsetMin * 60000).getUTCDate() === d) return t;
      return Number.NaN;
    }
  }
  if (!ISO.test(s)) return Number.NaN;
  return Date.parse(s);
}

export function toInstant(at: string | Date): number {
  return typeof at === 'string' ? parseInstant(at) : at.getTime();
}

export function formatInstant(ms: number): string {
  return new Date(ms).toISOString();
}

export const DAY_MS = 86_400_000;
