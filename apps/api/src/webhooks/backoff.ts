/** Attempts per delivery before it is marked failed (about a day and a half of retries). */
export const MAX_ATTEMPTS = 12;
const BASE_MS = 10_000;
const CAP_MS = 6 * 60 * 60 * 1000;

/**
 * Delay before the next attempt after `attempts` failed ones: exponential (10 s, 20 s, 40 s, ...,
 * capped at 6 h) with "equal jitter", so endpoints that failed together do not retry in lockstep.
 */
export function retryDelayMs(attempts: number, random: () => number = Math.random): number {
  const exponential = Math.min(CAP_MS, BASE_MS * 2 ** Math.max(0, attempts - 1));
  return Math.round(exponential / 2 + random() * (exponential / 2));
}
