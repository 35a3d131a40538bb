import { toInstant } from '../time/instant.ts';

/**
 * The published version in effect at `at`: the latest `effectiveAt` not after `at`.
 * Equal effective times go to the highest `version`, so re-publishing an older
 * document (a rollback) at the same instant wins, and the answer never depends on array order.
 */
export function versionInEffect<T extends { effectiveAt: string; version?: number }>(versions: readonly T[], at: string | Date): T | undefined {
  const when = toInstant(at);
  if (Number.isNaN(when)) throw new RangeError(`not an ISO 8601 instant: ${String(at)}`);
  let best: T | undefined;
  let bestAt = Number.NEGATIVE_INFINITY;
  for (const v of versions) {
    const t = toInstant(v.effectiveAt);
    if (Number.isNaN(t) || t > when) continue;
    if (t > bestAt || (t === bestAt && (v.version ?? 0) > (best?.version ?? 0))) {
      best = v;
      bestAt = t;
    }
  }
  return best;
}
