import type { Job } from './job.ts';
import { releaseExpiredHoldsJob } from './release-expired-holds.ts';
import { releasePendingJob } from './release-pending.ts';
import { expireLotsJob } from './expire-lots.ts';
import { expiringSoonJob } from './expiring-soon.ts';
import { recomputeTiersJob } from './recompute-tiers.ts';
import { deliverWebhooksJob } from './deliver-webhooks.ts';
import { refreshStatisticsJob } from './refresh-statistics.ts';

/**
 * In the order a run takes them: holds and pending points first (they change what can expire),
 * then expiry, notices, tiers, the webhooks, so a run's own events go out in the same run, and last
 * the embedded database's statistics, after the run's own writes.
 */
export const allJobs: readonly Job[] = [
  releaseExpiredHoldsJob,
  releasePendingJob,
  expireLotsJob,
  expiringSoonJob,
  recomputeTiersJob,
  deliverWebhooksJob,
  refreshStatisticsJob,
];

export function jobNamed(name: string): Job | undefined {
  return allJobs.find((job) => job.name === name);
}
